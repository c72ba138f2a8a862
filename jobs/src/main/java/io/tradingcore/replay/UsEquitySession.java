package io.tradingcore.replay;

import io.tradingcore.marketdata.UsEquityCalendar;
import java.time.LocalDate;
import java.util.OptionalInt;

/**
 * The one-minute bar intervals of the NYSE regular session from a start date, day after trading day
 * as {@link UsEquityCalendar} has them: 09:30–16:00 America/New_York, 390 a day, 210 on an
 * early-close day (13:00), none on weekends, exchange holidays and special closures.
 */
final class UsEquitySession {

  /** Minutes of a full session, 09:30–16:00. */
  static final int FULL_SESSION_MINUTES = 390;

  private static final UsEquityCalendar CALENDAR = UsEquityCalendar.INSTANCE;
  private static final long MINUTE_MILLIS = 60_000;

  /**
   * One bar interval.
   *
   * @param minuteOfSession 0 for 09:30–09:31, {@code sessionMinutes - 1} for the last minute
   * @param sessionMinutes the length of this minute's session: 390, or 210 on an early close
   */
  record Minute(long startMillis, long endMillis, int minuteOfSession, int sessionMinutes) {
    boolean firstOfDay() {
      return minuteOfSession == 0;
    }
  }

  private final OptionalInt tradingDays;
  private LocalDate day;
  private long dayOpenMillis;
  private int sessionMinutes;
  private int dayIndex;
  private int minuteOfSession;

  /**
   * @param startDate first day; a day without a session (weekend, holiday) moves to the next
   *     trading day
   * @param tradingDays number of sessions, or empty for no end
   */
  UsEquitySession(LocalDate startDate, OptionalInt tradingDays) {
    this.tradingDays = tradingDays;
    startDay(CALENDAR.isTradingDay(startDate) ? startDate : CALENDAR.nextTradingDay(startDate));
  }

  boolean hasNext() {
    return tradingDays.isEmpty() || dayIndex < tradingDays.getAsInt();
  }

  Minute next() {
    if (!hasNext()) {
      throw new IllegalStateException("session calendar exhausted after " + dayIndex + " days");
    }
    // Daylight-saving switches happen at 02:00, never inside the session, so minutes add linearly.
    long start = dayOpenMillis + minuteOfSession * MINUTE_MILLIS;
    Minute minute = new Minute(start, start + MINUTE_MILLIS, minuteOfSession, sessionMinutes);
    if (++minuteOfSession == sessionMinutes) {
      dayIndex++;
      startDay(CALENDAR.nextTradingDay(day));
    }
    return minute;
  }

  private void startDay(LocalDate date) {
    day = date;
    dayOpenMillis = CALENDAR.sessionOpen(date).toEpochMilli();
    sessionMinutes =
        Math.toIntExact(
            (CALENDAR.sessionClose(date).toEpochMilli() - dayOpenMillis) / MINUTE_MILLIS);
    minuteOfSession = 0;
  }
}
