package io.tradingcore.replay;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.OptionalInt;

/**
 * The one-minute bar intervals of the US regular session, 09:30–16:00 America/New_York, 390 a day,
 * on weekdays from a start date. Exchange holidays are not modelled: every weekday trades.
 */
final class UsEquitySession {

  static final ZoneId ZONE = ZoneId.of("America/New_York");
  static final LocalTime OPEN = LocalTime.of(9, 30);
  static final int MINUTES_PER_DAY = 390;

  private static final long MINUTE_MILLIS = 60_000;

  /** One bar interval; {@code minuteOfSession} is 0 for 09:30–09:31 and 389 for 15:59–16:00. */
  record Minute(long startMillis, long endMillis, int minuteOfSession) {
    boolean firstOfDay() {
      return minuteOfSession == 0;
    }
  }

  private final OptionalInt tradingDays;
  private LocalDate day;
  private long dayOpenMillis;
  private int dayIndex;
  private int minuteOfSession;

  /**
   * @param startDate first day; a weekend start moves to the following Monday
   * @param tradingDays number of sessions, or empty for no end
   */
  UsEquitySession(LocalDate startDate, OptionalInt tradingDays) {
    this.tradingDays = tradingDays;
    startDay(weekdayOnOrAfter(startDate));
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
    Minute minute = new Minute(start, start + MINUTE_MILLIS, minuteOfSession);
    if (++minuteOfSession == MINUTES_PER_DAY) {
      dayIndex++;
      startDay(weekdayOnOrAfter(day.plusDays(1)));
    }
    return minute;
  }

  private void startDay(LocalDate date) {
    day = date;
    dayOpenMillis = date.atTime(OPEN).atZone(ZONE).toInstant().toEpochMilli();
    minuteOfSession = 0;
  }

  private static LocalDate weekdayOnOrAfter(LocalDate date) {
    LocalDate d = date;
    while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
      d = d.plusDays(1);
    }
    return d;
  }
}
