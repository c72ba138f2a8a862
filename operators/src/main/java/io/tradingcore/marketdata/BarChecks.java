package io.tradingcore.marketdata;

import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a bar must pass on its own before it reaches features: the contract of {@code
 * md.bars.1m.v1} beyond what Avro enforces, plausibility of prices and volume, and the interval
 * grid. The stateless part of the data-quality gate ({@link BarGate} adds the per-symbol rules).
 * Each failure has a stable reason code.
 */
public final class BarChecks {
  private BarChecks() {}

  /** The first problem with {@code bar}, or empty when it is plausible. */
  public static Optional<Problem> check(Bar bar) {
    Optional<Problem> contract = checkContract(bar);
    if (contract.isPresent()) {
      return contract;
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
    if (bar.volume().signum() == 0 && bar.high().compareTo(bar.low()) > 0) {
      // Bars on this topic are trade bars: a range needs at least two trades, so volume.
      return problem(
          QuarantineReason.IMPLAUSIBLE_VOLUME,
          "zero volume but a price range " + bar.low() + " to " + bar.high());
    }
    return Optional.empty();
  }

  /**
   * The topic's contract beyond what Avro enforces: a symbol, counts and volumes that make sense
   * together, decimals the wire can carry, and a quote imbalance that is a number in [−1, 1].
   */
  static Optional<Problem> checkContract(Bar bar) {
    if (bar.symbol().isBlank()) {
      return problem(QuarantineReason.SCHEMA_VIOLATION, "blank symbol");
    }
    Double imbalance = bar.quoteImbalance();
    if (imbalance != null && !Double.isFinite(imbalance)) {
      return problem(QuarantineReason.NOT_A_NUMBER, "quote imbalance is " + imbalance);
    }
    if (imbalance != null && (imbalance < -1.0 || imbalance > 1.0)) {
      return problem(
          QuarantineReason.SCHEMA_VIOLATION, "quote imbalance " + imbalance + " outside [-1, 1]");
    }
    if (bar.tradeCount() != null && bar.tradeCount() < 0) {
      return problem(
          QuarantineReason.SCHEMA_VIOLATION, "trade count " + bar.tradeCount() + " is negative");
    }
    if (bar.buyVolume() != null
        && (bar.buyVolume().signum() < 0 || bar.buyVolume().compareTo(bar.volume()) > 0)) {
      return problem(
          QuarantineReason.SCHEMA_VIOLATION,
          "buy volume " + bar.buyVolume() + " outside [0, volume " + bar.volume() + "]");
    }
    // VWAP is a computed average the wire rounds on purpose (AvroMapping), so it is not checked.
    List<String> unrepresentable = new ArrayList<>();
    String[] names = {"open", "high", "low", "close", "volume", "buyVolume"};
    BigDecimal[] values = {
      bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.buyVolume()
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !Decimals.fitsWire(values[i])) {
        unrepresentable.add(names[i] + "=" + values[i].toPlainString());
      }
    }
    if (!unrepresentable.isEmpty()) {
      return problem(
          QuarantineReason.SCHEMA_VIOLATION,
          "more than "
              + Decimals.WIRE_SCALE
              + " decimals or "
              + (Decimals.WIRE_PRECISION - Decimals.WIRE_SCALE)
              + " integer digits: "
              + unrepresentable);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code bar} sits on the interval grid all assets share: it starts on a multiple of
   * {@code intervalMillis} since the epoch and lasts exactly one interval. Bars of different assets
   * can then be aligned by their end time.
   */
  public static Optional<Problem> checkAlignment(Bar bar, long intervalMillis) {
    long length = bar.endMillis() - bar.startMillis();
    if (Math.floorMod(bar.startMillis(), intervalMillis) != 0 || length != intervalMillis) {
      return problem(
          QuarantineReason.MISALIGNED_TIMESTAMP,
          "bar ["
              + bar.startMillis()
              + ", "
              + bar.endMillis()
              + ") is not one interval of "
              + intervalMillis
              + " ms starting on the interval grid");
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

  static Optional<Problem> problem(QuarantineReason reason, String detail) {
    return Optional.of(new Problem(reason, detail));
  }

  /** Why a bar was refused. */
  public record Problem(QuarantineReason reason, String detail) {}
}
