package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Plausibility checks every bar must pass before it reaches features: the first part of the
 * data-quality gate. Each failure has a stable reason code.
 */
public final class BarChecks {
  private BarChecks() {}

  /** The first problem with {@code bar}, or empty when it is plausible. */
  public static Optional<Problem> check(Bar bar) {
    if (bar.symbol().isBlank()) {
      return problem(QuarantineReason.SCHEMA_VIOLATION, "blank symbol");
    }
    if (bar.endMillis() <= bar.startMillis()) {
      return problem(
          QuarantineReason.MISALIGNED_TIMESTAMP,
          "bar ends at " + bar.endMillis() + ", not after its start " + bar.startMillis());
    }
    for (BigDecimal price : new BigDecimal[] {bar.open(), bar.high(), bar.low(), bar.close()}) {
      if (price.signum() <= 0) {
        return problem(QuarantineReason.NON_POSITIVE_PRICE, "price " + price + " is not positive");
      }
    }
    if (bar.high().compareTo(bar.low()) < 0) {
      return problem(
          QuarantineReason.HIGH_BELOW_LOW, "high " + bar.high() + " is below low " + bar.low());
    }
    if (bar.open().compareTo(bar.high()) > 0
        || bar.close().compareTo(bar.high()) > 0
        || bar.open().compareTo(bar.low()) < 0
        || bar.close().compareTo(bar.low()) < 0) {
      return problem(
          QuarantineReason.PRICE_OUTSIDE_RANGE,
          "open " + bar.open() + " or close " + bar.close() + " outside [low, high]");
    }
    if (bar.volume().signum() < 0) {
      return problem(QuarantineReason.NEGATIVE_VOLUME, "volume " + bar.volume() + " is negative");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code bar} moves its symbol's time forward past the last accepted bar, which ended at
   * {@code lastEndMillis}: a second bar for the same interval is a duplicate, an earlier one is out
   * of order, and either would corrupt rolling windows and marks.
   */
  public static Optional<Problem> checkSequence(Bar bar, long lastEndMillis) {
    if (bar.endMillis() > lastEndMillis) {
      return Optional.empty();
    }
    boolean duplicate = bar.endMillis() == lastEndMillis;
    return problem(
        duplicate ? QuarantineReason.DUPLICATE : QuarantineReason.OUT_OF_ORDER,
        (duplicate ? "second bar" : "bar going back in time")
            + " ending at "
            + bar.endMillis()
            + "; the last bar of "
            + bar.symbol()
            + " ended at "
            + lastEndMillis);
  }

  private static Optional<Problem> problem(QuarantineReason reason, String detail) {
    return Optional.of(new Problem(reason, detail));
  }

  /** Why a bar was refused. */
  public record Problem(QuarantineReason reason, String detail) {}
}
