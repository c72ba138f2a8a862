package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.TUESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayLedgerTest {
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");

  @Test
  void theFirstDayStartsFromTheInitialCash() {
    DayLedger.Step step =
        DayLedger.before(INITIAL_CASH).next(1, at(MONDAY, "10:00"), money("99000"));

    assertThat(step.opensDay()).isTrue();
    assertThat(step.closed()).as("no day before the first").isNull();
    assertThat(step.ledger().date()).isEqualTo(MONDAY);
    assertThat(step.ledger().dayStartEquity()).isEqualByComparingTo("100000");
    assertThat(step.ledger().equity()).isEqualByComparingTo("99000");
  }

  @Test
  void aDayStartsFromTheLastEquityBeforeItAndClosesAtItsOwnLast() {
    DayLedger monday =
        DayLedger.before(INITIAL_CASH)
            .next(1, at(MONDAY, "10:00"), money("99000"))
            .ledger()
            .next(2, at(MONDAY, "15:59"), money("98500"))
            .ledger();

    DayLedger.Step tuesday = monday.next(3, at(TUESDAY, "09:31"), money("99200"));

    assertThat(tuesday.opensDay()).isTrue();
    assertThat(tuesday.closed().date()).isEqualTo(MONDAY);
    assertThat(tuesday.closed().startEquity()).isEqualByComparingTo("100000");
    assertThat(tuesday.closed().closeEquity()).isEqualByComparingTo("98500");
    assertThat(tuesday.closed().losing()).isTrue();
    assertThat(tuesday.ledger().dayStartEquity()).isEqualByComparingTo("98500");
    assertThat(tuesday.ledger().equity()).isEqualByComparingTo("99200");
  }

  @Test
  void aSnapshotWithinTheDayNeitherOpensNorClosesOne() {
    DayLedger monday =
        DayLedger.before(INITIAL_CASH).next(1, at(MONDAY, "10:00"), money("99000")).ledger();

    DayLedger.Step later = monday.next(2, at(MONDAY, "23:59"), money("98000"));

    assertThat(later.opensDay()).isFalse();
    assertThat(later.closed()).isNull();
    assertThat(later.ledger().dayStartEquity()).isEqualByComparingTo("100000");
  }

  @Test
  void theTradingDayIsTheNewYorkCalendarDate() {
    // Winter (UTC−5): 04:59 UTC on the 5th is 23:59 on Monday the 4th in New York.
    assertThat(day("2024-03-05T04:59:00Z")).isEqualTo(MONDAY);
    assertThat(day("2024-03-05T05:00:00Z")).isEqualTo(TUESDAY);
    // Summer (UTC−4).
    assertThat(day("2024-07-01T03:59:00Z")).isEqualTo(LocalDate.of(2024, 6, 30));
    assertThat(day("2024-07-01T04:00:00Z")).isEqualTo(LocalDate.of(2024, 7, 1));
  }

  @Test
  void aFlatDayIsNotALosingDay() {
    assertThat(new DayLedger.ClosedDay(0, money("98000"), money("98000")).losing()).isFalse();
    assertThat(new DayLedger.ClosedDay(0, money("98000"), money("97999.99")).losing()).isTrue();
    assertThat(new DayLedger.ClosedDay(0, money("98000"), money("98000.01")).losing()).isFalse();
  }

  @Test
  void aSnapshotStampedBeforeOneAlreadyTakenCountsAtTheNewestTime() {
    DayLedger tuesday =
        DayLedger.before(INITIAL_CASH)
            .next(1, at(MONDAY, "15:00"), money("99000"))
            .ledger()
            .next(2, at(TUESDAY, "10:00"), money("99500"))
            .ledger();

    // A Monday fill reported after Tuesday's first mark: the book already holds Tuesday's marks.
    DayLedger.Step late = tuesday.next(3, at(MONDAY, "15:30"), money("99400"));

    assertThat(late.opensDay()).isFalse();
    assertThat(late.closed()).isNull();
    assertThat(late.ledger().date()).isEqualTo(TUESDAY);
    assertThat(late.ledger().timestamp()).isEqualTo(at(TUESDAY, "10:00"));
    assertThat(late.ledger().equity()).isEqualByComparingTo("99400");
  }

  @Test
  void aSnapshotNotAfterTheLastOneTakenIsStale() {
    DayLedger ledger =
        DayLedger.before(INITIAL_CASH).next(5, at(MONDAY, "10:00"), money("99000")).ledger();

    assertThat(ledger.isStale(5)).isTrue();
    assertThat(ledger.isStale(4)).isTrue();
    assertThat(ledger.isStale(6)).isFalse();
    assertThatThrownBy(() -> ledger.next(4, at(MONDAY, "10:01"), money("1")))
        .hasMessageContaining("snapshot 4 is not after snapshot 5");
  }

  private static LocalDate day(String instant) {
    return LocalDate.ofEpochDay(DayLedger.tradingDayOf(Instant.parse(instant).toEpochMilli()));
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }
}
