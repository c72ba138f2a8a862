package io.tradingcore.risk.breakers;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What the book-watching breakers see: one step of a portfolio's trading days, with the thresholds
 * in force when it was taken. The CEP conditions compare the values here with the thresholds here,
 * so a SET_LIMIT reaches a running pattern through the next signal, without touching its state.
 *
 * @param kind what happened
 * @param sequence the book snapshot that caused it
 * @param timestamp event time (epoch millis): the newest snapshot time seen for the portfolio
 * @param tradingDay the day concerned, as an epoch day (for {@link Kind#DAY_CLOSE}, the day closed)
 * @param dayStartEquity the equity that day started from
 * @param equity the equity now (for {@link Kind#DAY_OPEN} the day's start, for {@link
 *     Kind#DAY_CLOSE} the day's close)
 * @param thresholds the portfolio's breaker thresholds when the snapshot was taken
 */
public record BookSignal(
    Kind kind,
    String portfolio,
    long sequence,
    long timestamp,
    long tradingDay,
    BigDecimal dayStartEquity,
    BigDecimal equity,
    BreakerThresholds thresholds) {

  /** In the order they are emitted for one snapshot. */
  public enum Kind {
    /** A trading day is known to be over: the first snapshot of a later day arrived. */
    DAY_CLOSE,
    /** A trading day began: its starting equity, before the snapshot that opened it. */
    DAY_OPEN,
    /** The equity after a snapshot. */
    EQUITY
  }

  /** Whether the loss since the day's start is beyond the daily-loss threshold. */
  public boolean lossBreached() {
    return thresholds.lossBreached(dayStartEquity, equity);
  }

  /** Whether the gain since the day's start reaches the profit-lock threshold. */
  public boolean profitLocked() {
    return thresholds.profitLocked(dayStartEquity, equity);
  }

  /** Whether this closes a day that ended below its start. */
  public boolean losingDay() {
    return kind == Kind.DAY_CLOSE && equity.compareTo(dayStartEquity) < 0;
  }

  public LocalDate date() {
    return LocalDate.ofEpochDay(tradingDay);
  }
}
