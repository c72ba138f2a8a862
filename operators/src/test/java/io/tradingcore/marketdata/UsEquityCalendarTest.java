package io.tradingcore.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-checked against the NYSE's published holiday and early-close calendars (2019–2027) and its
 * history of market closings.
 */
class UsEquityCalendarTest {

  private static final UsEquityCalendar NYSE = UsEquityCalendar.INSTANCE;

  private static final LocalDate TUESDAY_2024_03_12 = LocalDate.of(2024, 3, 12);
  private static final LocalDate GOOD_FRIDAY_2024 = LocalDate.of(2024, 3, 29);
  private static final LocalDate CARTER_MOURNING_2025_01_09 = LocalDate.of(2025, 1, 9);

  @Test
  void opensAtHalfPastNineAndClosesAtFourNewYorkTime() {
    assertThat(NYSE.isOpen(newYork("2024-03-12T09:29:59.999"))).isFalse();
    assertThat(NYSE.isOpen(newYork("2024-03-12T09:30"))).isTrue();
    assertThat(NYSE.isOpen(newYork("2024-03-12T12:00"))).isTrue();
    assertThat(NYSE.isOpen(newYork("2024-03-12T15:59:59.999"))).isTrue();
    assertThat(NYSE.isOpen(newYork("2024-03-12T16:00"))).isFalse();
    assertThat(NYSE.sessionOpen(TUESDAY_2024_03_12)).isEqualTo(utc("2024-03-12T13:30:00Z"));
    assertThat(NYSE.sessionClose(TUESDAY_2024_03_12)).isEqualTo(utc("2024-03-12T20:00:00Z"));
  }

  @Test
  void followsNewYorkDaylightSavingTime() {
    // Clocks went forward on Sunday 10 March 2024 and back on Sunday 3 November 2024.
    assertThat(NYSE.sessionOpen(LocalDate.of(2024, 3, 8))).isEqualTo(utc("2024-03-08T14:30:00Z"));
    assertThat(NYSE.sessionOpen(LocalDate.of(2024, 3, 11))).isEqualTo(utc("2024-03-11T13:30:00Z"));
    assertThat(NYSE.isOpen(millis("2024-03-11T13:30:00Z"))).isTrue();
    assertThat(NYSE.isOpen(millis("2024-03-11T13:29:59Z"))).isFalse();
    assertThat(NYSE.sessionOpen(LocalDate.of(2024, 11, 1))).isEqualTo(utc("2024-11-01T13:30:00Z"));
    assertThat(NYSE.sessionOpen(LocalDate.of(2024, 11, 4))).isEqualTo(utc("2024-11-04T14:30:00Z"));
    assertThat(NYSE.isOpen(millis("2024-11-04T20:59:59Z"))).isTrue();
    assertThat(NYSE.isOpen(millis("2024-11-04T21:00:00Z"))).isFalse();
  }

  @Test
  void nextSessionOpenIsTheFirstOpeningBellStrictlyAfter() {
    // Tuesday 12 March 2024: before the bell, at the bell, during and after the session.
    assertThat(NYSE.nextSessionOpen(newYork("2024-03-12T08:00")))
        .isEqualTo(millis("2024-03-12T13:30:00Z"));
    assertThat(NYSE.nextSessionOpen(newYork("2024-03-12T09:30")))
        .isEqualTo(millis("2024-03-13T13:30:00Z"));
    assertThat(NYSE.nextSessionOpen(newYork("2024-03-12T11:15")))
        .isEqualTo(millis("2024-03-13T13:30:00Z"));
    // Thursday 28 March 2024 after the close: Good Friday and the weekend are skipped.
    assertThat(NYSE.nextSessionOpen(newYork("2024-03-28T16:30")))
        .isEqualTo(millis("2024-04-01T13:30:00Z"));
  }

  @Test
  void roundTheClockMarketsOpenATradingDayAtNewYorkMidnight() {
    assertThat(TradingCalendar.ROUND_THE_CLOCK.nextSessionOpen(newYork("2024-03-12T11:15")))
        .isEqualTo(millis("2024-03-13T04:00:00Z"));
    assertThat(TradingCalendar.ROUND_THE_CLOCK.nextSessionOpen(newYork("2024-03-13T00:00")))
        .isEqualTo(millis("2024-03-14T04:00:00Z"));
  }

  @Test
  void isClosedAtTheWeekend() {
    assertThat(NYSE.isOpen(newYork("2024-03-09T12:00"))).isFalse();
    assertThat(NYSE.isOpen(newYork("2024-03-10T12:00"))).isFalse();
    assertThat(NYSE.isTradingDay(LocalDate.of(2024, 3, 9))).isFalse();
    assertThat(NYSE.closureReason(LocalDate.of(2024, 3, 10))).contains("weekend");
    assertThat(NYSE.closureReason(TUESDAY_2024_03_12)).isEmpty();
  }

  @Test
  void isClosedOnGoodFriday() {
    assertThat(NYSE.isOpen(newYork("2024-03-29T12:00"))).isFalse();
    assertThat(NYSE.isTradingDay(GOOD_FRIDAY_2024)).isFalse();
    assertThat(NYSE.closureReason(GOOD_FRIDAY_2024)).contains("Good Friday");
    assertThat(NYSE.isTradingDay(GOOD_FRIDAY_2024.minusDays(1))).isTrue();
  }

  @Test
  void findsGoodFridayFromTheDateOfEaster() {
    // Easter Sundays: 23 April 2000, 23 March 2008 (early), 24 April 2011 (late), 25 April 2038
    // (the latest possible), 28 March 2100.
    assertThat(NYSE.closureReason(LocalDate.of(2000, 4, 21))).contains("Good Friday");
    assertThat(NYSE.closureReason(LocalDate.of(2008, 3, 21))).contains("Good Friday");
    assertThat(NYSE.closureReason(LocalDate.of(2011, 4, 22))).contains("Good Friday");
    assertThat(NYSE.closureReason(LocalDate.of(2038, 4, 23))).contains("Good Friday");
    assertThat(NYSE.closureReason(LocalDate.of(2100, 3, 26))).contains("Good Friday");
  }

  @Test
  void closesAtOneTheDayBeforeIndependenceDay() {
    LocalDate july3 = LocalDate.of(2024, 7, 3);

    assertThat(NYSE.isOpen(newYork("2024-07-03T12:59"))).isTrue();
    assertThat(NYSE.isOpen(newYork("2024-07-03T12:59:59.999"))).isTrue();
    assertThat(NYSE.isOpen(newYork("2024-07-03T13:00"))).isFalse();
    assertThat(NYSE.isOpen(newYork("2024-07-03T15:00"))).isFalse();
    assertThat(NYSE.isEarlyClose(july3)).isTrue();
    assertThat(NYSE.sessionClose(july3)).isEqualTo(utc("2024-07-03T17:00:00Z"));
    assertThat(NYSE.isTradingDay(july3.plusDays(1))).isFalse();
  }

  @Test
  void closesEarlyBeforeIndependenceDayOnlyWhenTheThirdIsAnOrdinaryWeekday() {
    // 4 July a Tuesday (2023), Wednesday (2018), Friday (2025): the 3rd closes at 13:00.
    assertThat(NYSE.isEarlyClose(LocalDate.of(2023, 7, 3))).isTrue();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2018, 7, 3))).isTrue();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2025, 7, 3))).isTrue();
    // 4 July a Saturday (2020): Friday the 3rd is the holiday, Thursday the 2nd a full day.
    assertThat(NYSE.closureReason(LocalDate.of(2020, 7, 3)))
        .contains("Independence Day (observed)");
    assertThat(NYSE.isEarlyClose(LocalDate.of(2020, 7, 2))).isFalse();
    assertThat(NYSE.sessionClose(LocalDate.of(2020, 7, 2))).isEqualTo(utc("2020-07-02T20:00:00Z"));
    // 4 July a Sunday (2021) or a Monday (2022): Friday the 2nd / 1st is a full day.
    assertThat(NYSE.isEarlyClose(LocalDate.of(2021, 7, 2))).isFalse();
    assertThat(NYSE.closureReason(LocalDate.of(2021, 7, 5)))
        .contains("Independence Day (observed)");
    assertThat(NYSE.isEarlyClose(LocalDate.of(2022, 7, 1))).isFalse();
    // 4 July a Thursday: before 2013 the Friday after closed early, the Wednesday was full.
    assertThat(NYSE.isEarlyClose(LocalDate.of(2002, 7, 3))).isFalse();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2002, 7, 5))).isTrue();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2019, 7, 3))).isTrue();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2019, 7, 5))).isFalse();
  }

  @Test
  void closesAtOneOnTheDayAfterThanksgivingAndOnAWeekdayChristmasEve() {
    assertThat(NYSE.sessionClose(LocalDate.of(2024, 11, 29)))
        .isEqualTo(newYorkInstant("2024-11-29T13:00"));
    assertThat(NYSE.isTradingDay(LocalDate.of(2024, 11, 28))).isFalse();
    assertThat(NYSE.sessionClose(LocalDate.of(2024, 12, 24)))
        .isEqualTo(newYorkInstant("2024-12-24T13:00"));
    assertThat(NYSE.isEarlyClose(LocalDate.of(2018, 12, 24))).isTrue(); // a Monday
    // Christmas on a Monday (2023): Christmas Eve is a Sunday, Friday the 22nd a full day.
    assertThat(NYSE.isEarlyClose(LocalDate.of(2023, 12, 22))).isFalse();
    assertThat(NYSE.sessionClose(LocalDate.of(2023, 12, 22)))
        .isEqualTo(newYorkInstant("2023-12-22T16:00"));
  }

  @Test
  void observesASaturdayChristmasOnTheFridayBefore() {
    LocalDate christmasEve2021 = LocalDate.of(2021, 12, 24);

    assertThat(NYSE.isOpen(newYork("2021-12-24T12:00"))).isFalse();
    assertThat(NYSE.closureReason(christmasEve2021)).contains("Christmas Day (observed)");
    assertThat(NYSE.isEarlyClose(christmasEve2021.minusDays(1))).isFalse();
    assertThat(NYSE.isTradingDay(LocalDate.of(2021, 12, 27))).isTrue();
  }

  @Test
  void doesNotObserveASaturdayNewYearsDayOnTheFridayBefore() {
    // NYSE Rule 7.2's exception for the end of a yearly accounting period.
    assertThat(NYSE.isTradingDay(LocalDate.of(2021, 12, 31))).isTrue();
    assertThat(NYSE.isOpen(newYork("2021-12-31T15:59"))).isTrue();
    assertThat(NYSE.isEarlyClose(LocalDate.of(2021, 12, 31))).isFalse();
    assertThat(NYSE.isOpen(newYork("2022-01-01T12:00"))).isFalse();
    assertThat(NYSE.isTradingDay(LocalDate.of(2022, 1, 3))).isTrue();
    // A Sunday New Year's Day is observed on the Monday (2023).
    assertThat(NYSE.closureReason(LocalDate.of(2023, 1, 2))).contains("New Year's Day (observed)");
  }

  @Test
  void observesJuneteenthFrom2022() {
    assertThat(NYSE.closureReason(LocalDate.of(2022, 6, 20)))
        .contains("Juneteenth National Independence Day (observed)");
    assertThat(NYSE.isOpen(newYork("2022-06-20T12:00"))).isFalse();
    // Friday 18 June 2021, before the exchange closed for it: open.
    assertThat(NYSE.isOpen(newYork("2021-06-18T12:00"))).isTrue();
    assertThat(NYSE.isTradingDay(LocalDate.of(2023, 6, 19))).isFalse();
    // A Saturday Juneteenth (2027) closes the Friday before.
    assertThat(NYSE.isTradingDay(LocalDate.of(2027, 6, 18))).isFalse();
  }

  @Test
  void observesMartinLutherKingDayFrom1998() {
    assertThat(NYSE.isTradingDay(LocalDate.of(1997, 1, 20))).isTrue();
    assertThat(NYSE.closureReason(LocalDate.of(1998, 1, 19)))
        .contains("Martin Luther King Jr. Day");
  }

  @Test
  void isClosedOnSpecialClosures() {
    assertThat(NYSE.isOpen(newYork("2025-01-09T12:00"))).isFalse();
    assertThat(NYSE.closureReason(CARTER_MOURNING_2025_01_09))
        .hasValueSatisfying(reason -> assertThat(reason).contains("Jimmy Carter"));
    assertThat(NYSE.isTradingDay(CARTER_MOURNING_2025_01_09.minusDays(1))).isTrue();
    for (int day = 11; day <= 14; day++) {
      assertThat(NYSE.closureReason(LocalDate.of(2001, 9, day))).contains("September 11 attacks");
    }
    assertThat(NYSE.nextTradingDay(LocalDate.of(2001, 9, 10))).isEqualTo(LocalDate.of(2001, 9, 17));
    assertThat(NYSE.closureReason(LocalDate.of(2012, 10, 29))).contains("Hurricane Sandy");
    assertThat(NYSE.closureReason(LocalDate.of(2012, 10, 30))).contains("Hurricane Sandy");
    assertThat(NYSE.isTradingDay(LocalDate.of(2004, 6, 11))).isFalse();
    assertThat(NYSE.isTradingDay(LocalDate.of(2007, 1, 2))).isFalse();
    assertThat(NYSE.isTradingDay(LocalDate.of(2018, 12, 5))).isFalse();
  }

  /** The NYSE's own holiday and early-close tables for each year, as published. */
  static Stream<Arguments> publishedYears() {
    return Stream.of(
        year(
            2019,
            dates("01-01 01-21 02-18 04-19 05-27 07-04 09-02 11-28 12-25"),
            dates("07-03 11-29 12-24")),
        year(
            2020,
            dates("01-01 01-20 02-17 04-10 05-25 07-03 09-07 11-26 12-25"),
            dates("11-27 12-24")),
        year(2021, dates("01-01 01-18 02-15 04-02 05-31 07-05 09-06 11-25 12-24"), dates("11-26")),
        year(2022, dates("01-17 02-21 04-15 05-30 06-20 07-04 09-05 11-24 12-26"), dates("11-25")),
        year(
            2023,
            dates("01-02 01-16 02-20 04-07 05-29 06-19 07-04 09-04 11-23 12-25"),
            dates("07-03 11-24")),
        year(
            2024,
            dates("01-01 01-15 02-19 03-29 05-27 06-19 07-04 09-02 11-28 12-25"),
            dates("07-03 11-29 12-24")),
        year(
            2025,
            dates("01-01 01-09 01-20 02-17 04-18 05-26 06-19 07-04 09-01 11-27 12-25"),
            dates("07-03 11-28 12-24")),
        year(
            2026,
            dates("01-01 01-19 02-16 04-03 05-25 06-19 07-03 09-07 11-26 12-25"),
            dates("11-27 12-24")),
        year(
            2027,
            dates("01-01 01-18 02-15 03-26 05-31 06-18 07-05 09-06 11-25 12-24"),
            dates("11-26")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedYears")
  void matchesTheHolidaysAndEarlyClosesTheExchangePublished(
      int year, List<String> holidays, List<String> earlyCloses) {
    assertThat(NYSE.closures(year).keySet())
        .extracting(date -> date.toString().substring(5))
        .containsExactlyElementsOf(holidays);
    assertThat(NYSE.earlyCloses(year).keySet())
        .extracting(date -> date.toString().substring(5))
        .containsExactlyElementsOf(earlyCloses);
    assertThat(NYSE.earlyCloses(year).values()).containsOnly(LocalTime.of(13, 0));
  }

  @Test
  void agreesWithItsSessionBoundsOnEveryDayFrom1990To2100() {
    for (LocalDate date = LocalDate.of(1990, 1, 1);
        date.getYear() <= 2100;
        date = date.plusDays(1)) {
      if (NYSE.isTradingDay(date)) {
        long open = NYSE.sessionOpen(date).toEpochMilli();
        long close = NYSE.sessionClose(date).toEpochMilli();
        assertThat(open).isEqualTo(newYork(date.atTime(9, 30).toString()));
        assertThat(close - open).isIn(210 * 60_000L, 270 * 60_000L, 390 * 60_000L);
        assertThat(NYSE.isOpen(open - 1)).isFalse();
        assertThat(NYSE.isOpen(open)).isTrue();
        assertThat(NYSE.isOpen(close - 1)).isTrue();
        assertThat(NYSE.isOpen(close)).isFalse();
      } else {
        assertThat(NYSE.isOpen(newYork(date.atTime(12, 0).toString()))).isFalse();
        assertThat(NYSE.closureReason(date)).isPresent();
      }
    }
  }

  @Test
  void holdsAboutTwoHundredAndFiftySessionsEveryYear() {
    for (int year = 1990; year <= 2100; year++) {
      LocalDate first = LocalDate.of(year, 1, 1);
      long sessions = first.datesUntil(first.plusYears(1)).filter(NYSE::isTradingDay).count();
      // 2001 had 248 (four days after 11 September); 2012 had 250 (Hurricane Sandy).
      assertThat(sessions).as("sessions in %d", year).isBetween(248L, 254L);
    }
  }

  @Test
  void seesNoSessionInAnOvernightOrWeekendGap() {
    assertThat(NYSE.isOpenDuring(newYork("2024-03-12T16:00"), newYork("2024-03-13T09:30")))
        .isFalse();
    // Friday's close to Monday's open, and Thursday's close over Good Friday to Monday's open.
    assertThat(NYSE.isOpenDuring(newYork("2024-03-08T16:00"), newYork("2024-03-11T09:30")))
        .isFalse();
    assertThat(NYSE.isOpenDuring(newYork("2024-03-28T16:00"), newYork("2024-04-01T09:30")))
        .isFalse();
    // The Carter closure: Wednesday's close to Friday's open.
    assertThat(NYSE.isOpenDuring(newYork("2025-01-08T16:00"), newYork("2025-01-10T09:30")))
        .isFalse();
    // After an early close, the rest of the afternoon.
    assertThat(NYSE.isOpenDuring(newYork("2024-07-03T13:00"), newYork("2024-07-03T16:00")))
        .isFalse();
  }

  @Test
  void seesTheSessionInAnyPartOfIt() {
    assertThat(NYSE.isOpenDuring(newYork("2024-03-12T11:00"), newYork("2024-03-12T11:05")))
        .isTrue();
    assertThat(NYSE.isOpenDuring(newYork("2024-03-12T08:00"), newYork("2024-03-12T09:30:00.001")))
        .isTrue();
    assertThat(NYSE.isOpenDuring(newYork("2024-03-12T15:59:59.999"), newYork("2024-03-13T08:00")))
        .isTrue();
    assertThat(NYSE.isOpenDuring(newYork("2024-03-08T16:00"), newYork("2024-03-11T09:31")))
        .isTrue();
    assertThat(NYSE.isOpenDuring(Long.MIN_VALUE, Long.MAX_VALUE)).isTrue();
  }

  @Test
  void seesNothingInAnEmptyOrBackwardRange() {
    long noon = newYork("2024-03-12T12:00");

    assertThat(NYSE.isOpenDuring(noon, noon)).isFalse();
    assertThat(NYSE.isOpenDuring(noon, noon - 1)).isFalse();
    assertThat(NYSE.isOpenDuring(noon, noon + 1)).isTrue();
  }

  @Test
  void findsTheNextTradingDayOverHolidaysAndWeekends() {
    assertThat(NYSE.nextTradingDay(LocalDate.of(2024, 3, 28))).isEqualTo(LocalDate.of(2024, 4, 1));
    assertThat(NYSE.nextTradingDay(TUESDAY_2024_03_12)).isEqualTo(LocalDate.of(2024, 3, 13));
    assertThat(NYSE.nextTradingDay(LocalDate.of(2024, 12, 24)))
        .isEqualTo(LocalDate.of(2024, 12, 26));
    assertThat(NYSE.nextTradingDay(LocalDate.of(2022, 12, 23)))
        .isEqualTo(LocalDate.of(2022, 12, 27));
  }

  @Test
  void refusesSessionTimesForADayWithoutASession() {
    assertThatThrownBy(() -> NYSE.sessionOpen(LocalDate.of(2024, 12, 25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no session on 2024-12-25: Christmas Day");
    assertThatThrownBy(() -> NYSE.sessionClose(LocalDate.of(2024, 3, 9)))
        .hasMessage("no session on 2024-03-09: weekend");
  }

  @Test
  void isTheCalendarTheInterfaceNamesAndSurvivesSerialization() throws Exception {
    assertThat(TradingCalendar.usEquities()).isSameAs(NYSE);
    assertThat(NYSE.name()).isEqualTo("us-equities");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(NYSE);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Object copy = in.readObject();
      assertThat(copy).isSameAs(NYSE);
      assertThat(((TradingCalendar) copy).isOpen(newYork("2024-03-12T10:00"))).isTrue();
    }
  }

  private static Arguments year(int year, List<String> holidays, List<String> earlyCloses) {
    return Arguments.of(year, holidays, earlyCloses);
  }

  private static List<String> dates(String monthDays) {
    return List.of(monthDays.split(" "));
  }

  private static long newYork(String localDateTime) {
    return newYorkInstant(localDateTime).toEpochMilli();
  }

  private static Instant newYorkInstant(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("America/New_York")).toInstant();
  }

  private static Instant utc(String instant) {
    return Instant.parse(instant);
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
