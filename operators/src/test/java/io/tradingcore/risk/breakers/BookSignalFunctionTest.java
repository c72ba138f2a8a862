package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.BETA;
import static io.tradingcore.risk.breakers.BreakerTestData.DEFAULTS;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.TUESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.UNWATCHED;
import static io.tradingcore.risk.breakers.BreakerTestData.WEDNESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.at;
import static io.tradingcore.risk.breakers.BreakerTestData.book;
import static io.tradingcore.risk.breakers.BreakerTestData.portfolio;
import static io.tradingcore.risk.breakers.BreakerTestData.setLimit;
import static io.tradingcore.risk.breakers.BreakerTestData.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BookSignalFunctionTest {
  private static final BreakerPortfolios WATCHED =
      new BreakerPortfolios(List.of(portfolio(ALPHA), portfolio(BETA)));

  @Test
  void turnsSnapshotsIntoDayOpensEquitiesAndDayCloses() throws Exception {
    try (var harness = harness()) {
      process(harness, book(ALPHA).on(MONDAY, "99000", "98500").on(TUESDAY, "99200").snapshots());

      assertThat(harness.extractOutputValues())
          .extracting(
              BookSignal::kind,
              BookSignal::date,
              BookSignal::sequence,
              s -> s.dayStartEquity().toPlainString(),
              s -> s.equity().toPlainString())
          .containsExactly(
              tuple(BookSignal.Kind.DAY_OPEN, MONDAY, 1L, "100000", "100000"),
              tuple(BookSignal.Kind.EQUITY, MONDAY, 1L, "100000", "99000"),
              tuple(BookSignal.Kind.EQUITY, MONDAY, 2L, "100000", "98500"),
              tuple(BookSignal.Kind.DAY_CLOSE, MONDAY, 3L, "100000", "98500"),
              tuple(BookSignal.Kind.DAY_OPEN, TUESDAY, 3L, "98500", "98500"),
              tuple(BookSignal.Kind.EQUITY, TUESDAY, 3L, "98500", "99200"));
      assertThat(harness.extractOutputValues())
          .allSatisfy(s -> assertThat(s.thresholds()).isEqualTo(DEFAULTS));
      assertThat(harness.extractOutputValues().get(3).timestamp())
          .as("a day closes when the next one's first snapshot arrives")
          .isEqualTo(at(TUESDAY, "10:00"));
    }
  }

  @Test
  void aSetLimitStampsTheNewThresholdOnLaterSignalsOfThatPortfolioOnly() throws Exception {
    try (var harness = harness()) {
      harness.processElement(snapshot(ALPHA, 1, at(MONDAY, "10:00"), "99000"), 0);
      command(harness, setLimit(ALPHA, RiskParameter.BREAKER_DAILY_LOSS, "0.01"));
      harness.processElement(snapshot(ALPHA, 2, at(MONDAY, "10:01"), "98900"), 0);
      harness.processElement(snapshot(BETA, 1, at(MONDAY, "10:01"), "98900"), 0);

      assertThat(harness.extractOutputValues())
          .extracting(BookSignal::portfolio, BookSignal::sequence, s -> s.thresholds().dailyLoss())
          .containsExactly(
              tuple(ALPHA, 1L, new BigDecimal("0.02")),
              tuple(ALPHA, 1L, new BigDecimal("0.02")),
              tuple(ALPHA, 2L, new BigDecimal("0.01")),
              tuple(BETA, 1L, new BigDecimal("0.02")),
              tuple(BETA, 1L, new BigDecimal("0.02")));
      assertThat(harness.getBroadcastState(ThresholdState.OVERRIDES).immutableEntries()).hasSize(1);
    }
  }

  @Test
  void ignoresPortfoliosItDoesNotWatchReplayedSnapshotsAndWindowChanges() throws Exception {
    try (var harness = harness()) {
      harness.processElement(snapshot(UNWATCHED, 1, at(MONDAY, "10:00"), "1"), 0);
      harness.processElement(snapshot(ALPHA, 2, at(MONDAY, "10:00"), "99000"), 0);
      harness.processElement(snapshot(ALPHA, 2, at(MONDAY, "10:00"), "99000"), 0);
      harness.processElement(snapshot(ALPHA, 1, at(MONDAY, "09:59"), "98000"), 0);
      command(harness, setLimit(ALPHA, RiskParameter.REJECT_WINDOW, "2m"));

      assertThat(harness.extractOutputValues())
          .extracting(BookSignal::portfolio, BookSignal::kind)
          .containsExactly(
              tuple(ALPHA, BookSignal.Kind.DAY_OPEN), tuple(ALPHA, BookSignal.Kind.EQUITY));
      assertThat(harness.getBroadcastState(ThresholdState.OVERRIDES).immutableEntries()).isEmpty();
      assertThat(ledgers(harness))
          .as("no state for another job's portfolio")
          .containsExactly(ALPHA);
    }
  }

  @Test
  void aRestoreResumesTheTradingDayAndKeepsTheRunTimeThresholds() throws Exception {
    List<BookSnapshot> snapshots =
        book(ALPHA).on(MONDAY, "99500", "99000").on(TUESDAY, "98000").snapshots();
    OperatorCommand raise = setLimit(ALPHA, RiskParameter.LOSING_DAYS, "4");

    List<BookSignal> uninterrupted;
    try (var harness = harness()) {
      process(harness, snapshots.subList(0, 2));
      command(harness, raise);
      process(harness, snapshots.subList(2, 3));
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    List<BookSignal> before;
    try (var harness = harness()) {
      process(harness, snapshots.subList(0, 2));
      command(harness, raise);
      before = harness.extractOutputValues();
      snapshot = harness.snapshot(1L, 1L);
    }
    try (var restored = harness(snapshot)) {
      process(restored, snapshots.subList(2, 3));
      List<BookSignal> after = restored.extractOutputValues();

      assertThat(after.get(0).kind()).isEqualTo(BookSignal.Kind.DAY_CLOSE);
      assertThat(after.get(0).dayStartEquity()).isEqualByComparingTo("100000");
      assertThat(after.get(0).equity()).isEqualByComparingTo("99000");
      assertThat(after.get(0).thresholds().losingDays()).isEqualTo(4);
      assertThat(concat(before, after)).isEqualTo(uninterrupted);
    }
  }

  @Test
  void keepsOneLedgerPerWatchedPortfolioHoweverManyDaysPass() throws Exception {
    try (var harness = harness()) {
      process(
          harness,
          book(ALPHA)
              .on(MONDAY, "99000", "98000")
              .on(TUESDAY, "98500")
              .on(WEDNESDAY, "99000", "99100")
              .snapshots());
      process(harness, book(BETA).on(MONDAY, "101000").on(TUESDAY, "100000").snapshots());

      assertThat(ledgers(harness)).containsExactlyInAnyOrder(ALPHA, BETA);
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.numProcessingTimeTimers()).isZero();
    }
  }

  /** The portfolios with a ledger in keyed state. */
  private static List<Object> ledgers(
      KeyedBroadcastOperatorTestHarness<String, BookSnapshot, OperatorCommand, BookSignal>
          harness) {
    return harness
        .getOperator()
        .getKeyedStateBackend()
        .getKeys(BookSignalFunction.LEDGER_STATE, VoidNamespace.INSTANCE)
        .toList();
  }

  private static List<BookSignal> concat(List<BookSignal> a, List<BookSignal> b) {
    List<BookSignal> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<String, BookSnapshot, OperatorCommand, BookSignal> harness,
      List<BookSnapshot> snapshots)
      throws Exception {
    for (BookSnapshot snapshot : snapshots) {
      harness.processElement(snapshot, snapshot.tsEvent());
    }
  }

  private static void command(
      KeyedBroadcastOperatorTestHarness<String, BookSnapshot, OperatorCommand, BookSignal> harness,
      OperatorCommand command)
      throws Exception {
    harness.processBroadcastElement(command, 0);
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, BookSnapshot, OperatorCommand, BookSignal>
      harness() throws Exception {
    return harness(null);
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, BookSnapshot, OperatorCommand, BookSignal>
      harness(OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new BookSignalFunction(WATCHED), List.of(ThresholdState.OVERRIDES)),
            (BookSnapshot s) -> s.book().portfolio(),
            Types.STRING,
            1,
            1,
            0);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }
}
