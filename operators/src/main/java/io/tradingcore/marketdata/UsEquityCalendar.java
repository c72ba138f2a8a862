package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The regular session of US equities as the New York Stock Exchange keeps it: 09:30–16:00
 * America/New_York on weekdays, closed on NYSE holidays and special closures, 13:00 on the
 * exchange's early-close days. Pure rules and a short hand list, no data files; accurate for
 * 1990–2100 as described below.
 *
 * <h2>Full holidays (NYSE Rule 7.2, "Holidays")</h2>
 *
 * <ul>
 *   <li>New Year's Day, 1 January;
 *   <li>Martin Luther King, Jr. Day, the third Monday of January, from 1998 (the exchange first
 *       closed for it that year);
 *   <li>Washington's Birthday, the third Monday of February;
 *   <li>Good Friday, two days before Easter Sunday (Gregorian computus, the anonymous algorithm of
 *       Meeus/Jones/Butcher);
 *   <li>Memorial Day, the last Monday of May;
 *   <li>Juneteenth National Independence Day, 19 June, from 2022 (the exchange's first closure for
 *       it was Monday 20 June 2022);
 *   <li>Independence Day, 4 July;
 *   <li>Labor Day, the first Monday of September;
 *   <li>Thanksgiving Day, the fourth Thursday of November;
 *   <li>Christmas Day, 25 December.
 * </ul>
 *
 * Rule 7.2: a holiday on a Saturday closes the Friday before, one on a Sunday the Monday after,
 * "unless unusual business conditions exist, such as the ending of a monthly or yearly accounting
 * period". That exception is why New Year's Day on a Saturday closes nothing: the Friday before is
 * the last day of the year (31 December 2021 and 2010 traded). Every observed day falls in the
 * holiday's own year.
 *
 * <h2>Early closes at 13:00 (NYSE "Holidays &amp; Trading Hours", footnote on early closings)</h2>
 *
 * <ul>
 *   <li>the day before Independence Day: 3 July when it is a Monday to Thursday (4 July a Tuesday
 *       to Friday). When 3 July is a Friday it is the observed holiday; when 4 July is a Saturday,
 *       Sunday or Monday no day closes early. History: from 1995 on Mondays, Tuesdays and
 *       Thursdays; a Wednesday 3 July closes early from 2013, and from 1996 to 2012 the exchange
 *       closed early on Friday 5 July instead;
 *   <li>the day after Thanksgiving, from 1993 (at 14:00 in 1992, a full day before);
 *   <li>Christmas Eve when it is a Monday to Thursday (Christmas a Tuesday to Friday). On a Friday
 *       it is the observed Christmas holiday; when Christmas is a Monday the Friday before is a
 *       full day. From 1993 (at 14:00 from 1990 to 1992).
 * </ul>
 *
 * Plus the ad hoc early closes of the holiday season since 1990 (the 14:00 closes above and Fridays
 * 26 December 1997 and 2003 at 13:00), from the NYSE's history of market closings.
 *
 * <h2>Special closures (hand list)</h2>
 *
 * Days the exchange closed for an event since 1990: national days of mourning for former presidents
 * (1994-04-27 Nixon, 2004-06-11 Reagan, 2007-01-02 Ford, 2018-12-05 G. H. W. Bush, 2025-01-09
 * Carter), the attacks of 11 September 2001 (11–14 September) and Hurricane Sandy (2012-10-29 and
 * 30). A future closure must be added to this list by hand.
 *
 * <h2>Approximations</h2>
 *
 * <ul>
 *   <li>Unscheduled disruptions inside a session are not modelled: late opens of a few minutes
 *       (moments of silence, 2001–2006), weather or systems closes (1994-02-11 at 14:30, 1996-01-08
 *       opened at 11:00 and closed at 14:00, 2005-06-01 at 15:56), the 1997-10-27 circuit-breaker
 *       close at 15:30, and market-wide trading halts.
 *   <li>Before 1990 the same rules are applied, which is not the exchange's history (Saturday
 *       sessions, other holidays and hours); after 2100 they are extrapolated.
 *   <li>Only the regular session: pre-market, after-hours and the closing auction are outside it.
 * </ul>
 *
 * <p>Fast enough to ask per order: a New York session lies within one UTC day (13:30–21:00 UTC at
 * the widest), so {@link #isOpen} finds the UTC day of the instant and compares it with that day's
 * precomputed open and close. Each year's sessions are computed once, on first use, into a shared
 * cache (the calendar has no configuration, so every copy may share it); the class is immutable and
 * a deserialized copy resolves to {@link #INSTANCE}.
 */
public final class UsEquityCalendar implements TradingCalendar {
  private static final long serialVersionUID = 1L;

  /** The one calendar. */
  public static final UsEquityCalendar INSTANCE = new UsEquityCalendar();

  public static final ZoneId ZONE = ZoneId.of("America/New_York");
  public static final LocalTime OPEN = LocalTime.of(9, 30);
  public static final LocalTime CLOSE = LocalTime.of(16, 0);
  public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

  private static final long DAY_MILLIS = 86_400_000L;
  private static final LocalTime TWO_PM = LocalTime.of(14, 0);

  /** Weekday closures for an event, each with the event. */
  private static final Map<LocalDate, String> SPECIAL_CLOSURES =
      Map.ofEntries(
          Map.entry(
              LocalDate.of(1994, 4, 27), "National Day of Mourning for President Richard Nixon"),
          Map.entry(LocalDate.of(2001, 9, 11), "September 11 attacks"),
          Map.entry(LocalDate.of(2001, 9, 12), "September 11 attacks"),
          Map.entry(LocalDate.of(2001, 9, 13), "September 11 attacks"),
          Map.entry(LocalDate.of(2001, 9, 14), "September 11 attacks"),
          Map.entry(
              LocalDate.of(2004, 6, 11), "National Day of Mourning for President Ronald Reagan"),
          Map.entry(
              LocalDate.of(2007, 1, 2), "National Day of Mourning for President Gerald R. Ford"),
          Map.entry(LocalDate.of(2012, 10, 29), "Hurricane Sandy"),
          Map.entry(LocalDate.of(2012, 10, 30), "Hurricane Sandy"),
          Map.entry(
              LocalDate.of(2018, 12, 5),
              "National Day of Mourning for President George H. W. Bush"),
          Map.entry(
              LocalDate.of(2025, 1, 9), "National Day of Mourning for President Jimmy Carter"));

  /**
   * Holiday-season early closes that the rules do not give: the 14:00 closes before the 13:00 rule
   * (1990–1992) and two Fridays after Christmas.
   */
  private static final Map<LocalDate, LocalTime> AD_HOC_EARLY_CLOSES =
      Map.of(
          LocalDate.of(1990, 12, 24), TWO_PM,
          LocalDate.of(1991, 12, 24), TWO_PM,
          LocalDate.of(1992, 11, 27), TWO_PM,
          LocalDate.of(1992, 12, 24), TWO_PM,
          LocalDate.of(1997, 12, 26), EARLY_CLOSE,
          LocalDate.of(2003, 12, 26), EARLY_CLOSE);

  // Years whose sessions are kept once computed; others are computed on every call (correct, slow).
  private static final int FIRST_CACHED_YEAR = 1900;
  private static final int CACHED_YEARS = 300;
  private static final AtomicReferenceArray<YearSessions> CACHE =
      new AtomicReferenceArray<>(CACHED_YEARS);

  private UsEquityCalendar() {}

  @Override
  public String name() {
    return "us-equities";
  }

  @Override
  public boolean isOpen(long epochMillis) {
    LocalDate utcDay = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS));
    YearSessions year = sessions(utcDay.getYear());
    int day = utcDay.getDayOfYear() - 1;
    return year.opens[day] <= epochMillis && epochMillis < year.closes[day];
  }

  @Override
  public boolean isOpenDuring(long fromMillis, long toMillis) {
    if (toMillis <= fromMillis) {
      return false;
    }
    // Stops at the first session it meets: a week of days at most, since no stretch without a
    // session has been longer than six days (11–16 September 2001).
    long lastDay = Math.floorDiv(toMillis - 1, DAY_MILLIS);
    for (long epochDay = Math.floorDiv(fromMillis, DAY_MILLIS); epochDay <= lastDay; epochDay++) {
      LocalDate utcDay = LocalDate.ofEpochDay(epochDay);
      YearSessions year = sessions(utcDay.getYear());
      int day = utcDay.getDayOfYear() - 1;
      long open = year.opens[day];
      long close = year.closes[day];
      if (open < close && open < toMillis && fromMillis < close) {
        return true;
      }
    }
    return false;
  }

  /** Whether the exchange holds a regular session on {@code date} (New York's date). */
  public boolean isTradingDay(LocalDate date) {
    requireNonNull(date, "date");
    YearSessions year = sessions(date.getYear());
    int day = date.getDayOfYear() - 1;
    return year.opens[day] < year.closes[day];
  }

  /** Whether {@code date} is a trading day that closes before 16:00. */
  public boolean isEarlyClose(LocalDate date) {
    requireNonNull(date, "date");
    return sessions(date.getYear()).earlyCloses.containsKey(date);
  }

  /**
   * The opening bell of {@code date}'s session, 09:30 New York time.
   *
   * @throws IllegalArgumentException when {@code date} is not a trading day
   */
  public Instant sessionOpen(LocalDate date) {
    return Instant.ofEpochMilli(sessions(date.getYear()).opens[tradingDayIndex(date)]);
  }

  /**
   * The closing bell of {@code date}'s session: 16:00 New York time, or earlier on an early-close
   * day. The session is {@code [sessionOpen, sessionClose)}.
   *
   * @throws IllegalArgumentException when {@code date} is not a trading day
   */
  public Instant sessionClose(LocalDate date) {
    return Instant.ofEpochMilli(sessions(date.getYear()).closes[tradingDayIndex(date)]);
  }

  /** The opening bell of the first session that opens strictly after {@code epochMillis}. */
  @Override
  public long nextSessionOpen(long epochMillis) {
    LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(ZONE).toLocalDate();
    if (isTradingDay(date) && sessionOpen(date).toEpochMilli() > epochMillis) {
      return sessionOpen(date).toEpochMilli();
    }
    return sessionOpen(nextTradingDay(date)).toEpochMilli();
  }

  /** The first trading day after {@code date}. */
  public LocalDate nextTradingDay(LocalDate date) {
    requireNonNull(date, "date");
    LocalDate next = date.plusDays(1);
    while (!isTradingDay(next)) {
      next = next.plusDays(1);
    }
    return next;
  }

  /**
   * Why the exchange is closed on {@code date}: {@code weekend}, a holiday's name ("Good Friday",
   * "Christmas Day (observed)") or a special closure's event; empty on a trading day.
   */
  public Optional<String> closureReason(LocalDate date) {
    requireNonNull(date, "date");
    String holiday = sessions(date.getYear()).closures.get(date);
    if (holiday != null) {
      return Optional.of(holiday);
    }
    return isWeekend(date) ? Optional.of("weekend") : Optional.empty();
  }

  /** The weekdays of {@code year} without a session, each with its holiday or event, in order. */
  public SortedMap<LocalDate, String> closures(int year) {
    return sessions(year).closures;
  }

  /** The trading days of {@code year} that close before 16:00, each with its closing time. */
  public SortedMap<LocalDate, LocalTime> earlyCloses(int year) {
    return sessions(year).earlyCloses;
  }

  @Override
  public String toString() {
    return name();
  }

  private Object readResolve() {
    return INSTANCE;
  }

  private int tradingDayIndex(LocalDate date) {
    requireNonNull(date, "date");
    if (!isTradingDay(date)) {
      throw new IllegalArgumentException(
          "no session on "
              + date
              + ": "
              + closureReason(date).orElse("beyond the range of epoch milliseconds"));
    }
    return date.getDayOfYear() - 1;
  }

  private static YearSessions sessions(int year) {
    int slot = year - FIRST_CACHED_YEAR;
    if (slot < 0 || slot >= CACHED_YEARS) {
      return YearSessions.of(year);
    }
    YearSessions cached = CACHE.get(slot);
    if (cached == null) {
      // Two threads may both compute a year; they compute the same thing, and one wins.
      cached = YearSessions.of(year);
      if (!CACHE.compareAndSet(slot, null, cached)) {
        cached = CACHE.get(slot);
      }
    }
    return cached;
  }

  private static boolean isWeekend(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  /**
   * One year's sessions by day of the year (index 0 is 1 January) as epoch millis; a day without a
   * session has open = close = 0, an empty interval.
   */
  private static final class YearSessions {
    final long[] opens;
    final long[] closes;
    final SortedMap<LocalDate, String> closures;
    final SortedMap<LocalDate, LocalTime> earlyCloses;

    private YearSessions(
        long[] opens,
        long[] closes,
        SortedMap<LocalDate, String> closures,
        SortedMap<LocalDate, LocalTime> earlyCloses) {
      this.opens = opens;
      this.closes = closes;
      this.closures = Collections.unmodifiableSortedMap(closures);
      this.earlyCloses = Collections.unmodifiableSortedMap(earlyCloses);
    }

    static YearSessions of(int year) {
      SortedMap<LocalDate, String> closures = holidays(year);
      SPECIAL_CLOSURES.forEach(
          (date, event) -> {
            if (date.getYear() == year) {
              closures.put(date, event);
            }
          });
      SortedMap<LocalDate, LocalTime> earlyCloses = new TreeMap<>();
      for (LocalDate date : ruleEarlyCloses(year)) {
        earlyCloses.put(date, EARLY_CLOSE);
      }
      AD_HOC_EARLY_CLOSES.forEach(
          (date, close) -> {
            if (date.getYear() == year) {
              earlyCloses.put(date, close);
            }
          });
      earlyCloses.keySet().removeIf(date -> isWeekend(date) || closures.containsKey(date));

      int length = LocalDate.of(year, 1, 1).lengthOfYear();
      long[] opens = new long[length];
      long[] closes = new long[length];
      for (int day = 0; day < length; day++) {
        LocalDate date = LocalDate.ofYearDay(year, day + 1);
        if (isWeekend(date) || closures.containsKey(date)) {
          continue;
        }
        long open = epochSecond(date, OPEN);
        long close = epochSecond(date, earlyCloses.getOrDefault(date, CLOSE));
        if (open <= Long.MIN_VALUE / 1000 || close >= Long.MAX_VALUE / 1000) {
          // Only at the ends of the epoch-millisecond range: no instant can fall in this session.
          continue;
        }
        opens[day] = open * 1000;
        closes[day] = close * 1000;
        // isOpen looks a session up by the UTC day of an instant: it must not straddle midnight.
        if (Math.floorDiv(opens[day], DAY_MILLIS) != date.toEpochDay()
            || Math.floorDiv(closes[day] - 1, DAY_MILLIS) != date.toEpochDay()) {
          throw new IllegalStateException("the session of " + date + " leaves its UTC day");
        }
      }
      return new YearSessions(opens, closes, closures, earlyCloses);
    }

    private static long epochSecond(LocalDate date, LocalTime time) {
      return date.atTime(time).atZone(ZONE).toEpochSecond();
    }
  }

  /** The observed full holidays of {@code year}, all weekdays. */
  private static SortedMap<LocalDate, String> holidays(int year) {
    SortedMap<LocalDate, String> holidays = new TreeMap<>();
    LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
    // Rule 7.2's exception: a Saturday New Year's Day is not observed on 31 December.
    if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
      observe(holidays, newYear, "New Year's Day");
    }
    if (year >= 1998) {
      holidays.put(
          nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY), "Martin Luther King Jr. Day");
    }
    holidays.put(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY), "Washington's Birthday");
    holidays.put(easterSunday(year).minusDays(2), "Good Friday");
    holidays.put(
        LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
        "Memorial Day");
    if (year >= 2022) {
      observe(holidays, LocalDate.of(year, Month.JUNE, 19), "Juneteenth National Independence Day");
    }
    observe(holidays, LocalDate.of(year, Month.JULY, 4), "Independence Day");
    holidays.put(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY), "Labor Day");
    holidays.put(thanksgiving(year), "Thanksgiving Day");
    observe(holidays, LocalDate.of(year, Month.DECEMBER, 25), "Christmas Day");
    return holidays;
  }

  /** The 13:00 early closes that follow from the rules, closed days not yet taken out. */
  private static List<LocalDate> ruleEarlyCloses(int year) {
    List<LocalDate> dates = new ArrayList<>(3);
    LocalDate julyThird = LocalDate.of(year, Month.JULY, 3);
    switch (julyThird.getDayOfWeek()) {
      case MONDAY, TUESDAY, THURSDAY -> {
        if (year >= 1995) {
          dates.add(julyThird);
        }
      }
      case WEDNESDAY -> {
        if (year >= 2013) {
          dates.add(julyThird);
        } else if (year >= 1996) {
          dates.add(julyThird.plusDays(2)); // Friday 5 July, the day after
        }
      }
      default -> {} // 3 July is the observed holiday (a Friday) or a weekend day
    }
    if (year >= 1993) {
      dates.add(thanksgiving(year).plusDays(1));
      LocalDate christmasEve = LocalDate.of(year, Month.DECEMBER, 24);
      if (christmasEve.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) <= 0) {
        dates.add(christmasEve);
      }
    }
    return dates;
  }

  /** A holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. */
  private static void observe(SortedMap<LocalDate, String> holidays, LocalDate date, String name) {
    switch (date.getDayOfWeek()) {
      case SATURDAY -> holidays.put(date.minusDays(1), name + " (observed)");
      case SUNDAY -> holidays.put(date.plusDays(1), name + " (observed)");
      default -> holidays.put(date, name);
    }
  }

  private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek weekday) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
  }

  private static LocalDate thanksgiving(int year) {
    return nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
  }

  /**
   * Easter Sunday in the Gregorian calendar: the anonymous algorithm (Meeus, Astronomical
   * Algorithms, ch. 8, after Jones 1876 and Butcher 1876). Floor division keeps every remainder
   * non-negative, so any year gives a date in March or April.
   */
  static LocalDate easterSunday(int year) {
    int a = Math.floorMod(year, 19);
    int b = Math.floorDiv(year, 100);
    int c = Math.floorMod(year, 100);
    int d = Math.floorDiv(b, 4);
    int e = Math.floorMod(b, 4);
    int f = Math.floorDiv(b + 8, 25);
    int g = Math.floorDiv(b - f + 1, 3);
    int h = Math.floorMod(19 * a + b - d - g + 15, 30);
    int i = Math.floorDiv(c, 4);
    int k = Math.floorMod(c, 4);
    int l = Math.floorMod(32 + 2 * e + 2 * i - h - k, 7);
    int m = Math.floorDiv(a + 11 * h + 22 * l, 451);
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
