package io.tradingcore.testing;

import io.tradingcore.marketdata.TradingCalendar;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Trading calendars for tests. {@link #WEEKDAYS_1430_TO_2100_UTC} is New York's regular session in
 * winter (09:30–16:00 EST), Monday to Friday, without holidays: enough to script a night and a
 * weekend around {@link TestBars#T0} (Monday 8 January 2024, 14:31 UTC).
 */
public final class TestSessions {
  public static final TradingCalendar WEEKDAYS_1430_TO_2100_UTC = new Weekdays();

  /** Monday's close: 16:00 New York. */
  public static final long MONDAY_CLOSE = Instant.parse("2024-01-08T21:00:00Z").toEpochMilli();

  /** Tuesday's open: 09:30 New York. */
  public static final long TUESDAY_OPEN = Instant.parse("2024-01-09T14:30:00Z").toEpochMilli();

  private TestSessions() {}

  private static final class Weekdays implements TradingCalendar {
    private static final long serialVersionUID = 1L;
    private static final long DAY = 86_400_000L;
    private static final long OPEN = (14 * 60 + 30) * 60_000L;
    private static final long CLOSE = 21 * 3_600_000L;

    @Override
    public String name() {
      return "weekdays 14:30-21:00 UTC";
    }

    @Override
    public boolean isOpen(long epochMillis) {
      long dayStart = Math.floorDiv(epochMillis, DAY) * DAY;
      long inDay = epochMillis - dayStart;
      return tradingDay(dayStart) && inDay >= OPEN && inDay < CLOSE;
    }

    @Override
    public boolean isOpenDuring(long fromMillis, long toMillis) {
      for (long day = Math.floorDiv(fromMillis, DAY) * DAY; day < toMillis; day += DAY) {
        if (tradingDay(day) && Math.max(fromMillis, day + OPEN) < Math.min(toMillis, day + CLOSE)) {
          return true;
        }
      }
      return false;
    }

    private static boolean tradingDay(long dayStart) {
      DayOfWeek day = LocalDate.ofEpochDay(dayStart / DAY).getDayOfWeek();
      return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }
  }
}
