package io.tradingcore.risk.breakers;

import io.tradingcore.marketdata.UsEquityCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One portfolio's trading days, kept in the book's own order (snapshot sequence): the current day,
 * the equity it started from and the last equity seen. What the daily-loss, profit-lock and
 * losing-streak breakers compare against.
 *
 * <p>A trading day is the America/New_York calendar date of a snapshot's time; a day without a
 * snapshot is not a trading day. A day starts from the last equity before it (the initial cash for
 * the first one) and closes at its last equity, which is only known to be its last when the first
 * snapshot of a later day arrives.
 *
 * <p>Time never goes back: the book after snapshot n includes everything up to n, so its time is
 * the newest time seen so far. A snapshot stamped earlier than one already taken (a fill reported
 * after a later mark) counts at that newest time, in the current day.
 *
 * @param tradingDay the current day as {@link LocalDate#toEpochDay()}, {@link #NO_DAY} before the
 *     first snapshot
 * @param dayStartEquity the equity the current day started from
 * @param equity the last equity seen
 * @param sequence the last snapshot taken, 0 before the first
 * @param timestamp the newest snapshot time seen (epoch millis)
 */
public record DayLedger(
    long tradingDay, BigDecimal dayStartEquity, BigDecimal equity, long sequence, long timestamp) {

  /**
   * The time zone whose calendar dates are the trading days, for crypto too: one day boundary for a
   * portfolio, shared by these breakers and the risk gate's daily loss limit.
   */
  public static final ZoneId NEW_YORK = UsEquityCalendar.ZONE;

  /** The day before the first snapshot. */
  public static final long NO_DAY = Long.MIN_VALUE;

  /** The ledger of a portfolio that has seen no snapshot yet. */
  public static DayLedger before(BigDecimal initialCash) {
    return new DayLedger(NO_DAY, initialCash, initialCash, 0, Long.MIN_VALUE);
  }

  /** The trading day of {@code epochMillis}, as an epoch day. */
  public static long tradingDayOf(long epochMillis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), NEW_YORK).toEpochDay();
  }

  /**
   * Whether snapshot {@code sequence} was already taken or comes after a later one (a replay):
   * applying it would move equity back in time.
   */
  public boolean isStale(long sequence) {
    return sequence <= this.sequence;
  }

  /** What snapshot {@code sequence}, stamped {@code tsEvent}, with {@code equity}, does. */
  public Step next(long sequence, long tsEvent, BigDecimal equity) {
    if (isStale(sequence)) {
      throw new IllegalArgumentException(
          "snapshot " + sequence + " is not after snapshot " + this.sequence);
    }
    long time = Math.max(tsEvent, timestamp);
    long day = tradingDayOf(time);
    if (day <= tradingDay) {
      return new Step(
          new DayLedger(tradingDay, dayStartEquity, equity, sequence, time), null, false);
    }
    ClosedDay closed =
        tradingDay == NO_DAY ? null : new ClosedDay(tradingDay, dayStartEquity, this.equity);
    return new Step(new DayLedger(day, this.equity, equity, sequence, time), closed, true);
  }

  /** The current day as a date. */
  public LocalDate date() {
    return LocalDate.ofEpochDay(tradingDay);
  }

  /**
   * What one snapshot did.
   *
   * @param ledger the ledger after it
   * @param closed the day it showed to be over, or {@code null}
   * @param opensDay whether it is the first snapshot of a trading day
   */
  public record Step(DayLedger ledger, ClosedDay closed, boolean opensDay) {}

  /** A trading day known to be over. */
  public record ClosedDay(long tradingDay, BigDecimal startEquity, BigDecimal closeEquity) {

    /**
     * Whether it ended below the equity it started from. A flat day (no change at all) is not a
     * losing day: nothing was lost, so it ends a losing streak.
     */
    public boolean losing() {
      return closeEquity.compareTo(startEquity) < 0;
    }

    public LocalDate date() {
      return LocalDate.ofEpochDay(tradingDay);
    }
  }
}
