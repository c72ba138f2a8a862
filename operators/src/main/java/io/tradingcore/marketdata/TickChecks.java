package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Plausibility checks every tick must pass before it is aggregated into a bar. Each failure has a
 * stable reason code; time (late ticks) and duplicates are {@link TickBarBuilder}'s checks, since
 * they depend on what was seen before.
 */
public final class TickChecks {
  private TickChecks() {}

  /** Why a tick was refused. */
  public record Problem(QuarantineReason reason, String detail) {}

  /** The first problem with {@code tick}, or empty when it is plausible. */
  public static Optional<Problem> check(Tick tick) {
    if (tick.symbol().isBlank()) {
      return problem(QuarantineReason.SCHEMA_VIOLATION, "blank symbol");
    }
    return tick.isTrade() ? checkTrade(tick) : checkQuote(tick);
  }

  private static Optional<Problem> checkTrade(Tick tick) {
    if (tick.price() == null || tick.size() == null) {
      return problem(
          QuarantineReason.SCHEMA_VIOLATION,
          "trade without " + (tick.price() == null ? "price" : "size"));
    }
    if (tick.price().signum() <= 0) {
      return problem(
          QuarantineReason.NON_POSITIVE_PRICE, "trade price " + tick.price() + " is not positive");
    }
    if (tick.size().signum() <= 0) {
      return problem(
          QuarantineReason.NON_POSITIVE_SIZE, "trade size " + tick.size() + " is not positive");
    }
    return Optional.empty();
  }

  /**
   * A quote may be one-sided (the contract allows unknown fields), but it must say something, and
   * what it says must be positive and not crossed. A locked quote (bid = ask) is allowed.
   */
  private static Optional<Problem> checkQuote(Tick tick) {
    if (tick.bid() == null && tick.ask() == null) {
      return problem(QuarantineReason.SCHEMA_VIOLATION, "quote without bid and ask");
    }
    for (BigDecimal price : new BigDecimal[] {tick.bid(), tick.ask()}) {
      if (price != null && price.signum() <= 0) {
        return problem(
            QuarantineReason.NON_POSITIVE_PRICE, "quote price " + price + " is not positive");
      }
    }
    for (BigDecimal size : new BigDecimal[] {tick.bidSize(), tick.askSize()}) {
      if (size != null && size.signum() <= 0) {
        return problem(
            QuarantineReason.NON_POSITIVE_SIZE, "quote size " + size + " is not positive");
      }
    }
    if (tick.bid() != null && tick.ask() != null && tick.bid().compareTo(tick.ask()) > 0) {
      return problem(
          QuarantineReason.CROSSED_QUOTE,
          "bid " + tick.bid() + " is above ask " + tick.ask() + " (crossed quote)");
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(QuarantineReason reason, String detail) {
    return Optional.of(new Problem(reason, detail));
  }
}
