package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestFixtures.MAIN;
import static io.tradingcore.backtest.BacktestFixtures.ROUND_THE_CLOCK;
import static io.tradingcore.backtest.BacktestFixtures.TEN_BPS;
import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The backtest's per-portfolio operator on a harness: event-time order, next-bar fills, state. */
class BacktestPortfolioFunctionTest {
  /** The decision bar (3): AAPL opens at 149, closes at 150; the next bar (4) opens at 151. */
  private static final BacktestInput DECISION_BAR =
      BacktestInput.of(
          new PortfolioBar(
              "main", bar("AAPL").atMinute(3).ohlc("149", "150.5", "148", "150").build()));

  private static final BacktestInput NEXT_BAR =
      BacktestInput.of(
          new PortfolioBar(
              "main", bar("AAPL").atMinute(4).ohlc("151", "152", "150", "151.5").build()));

  private static final BacktestInput CONTEXT =
      BacktestInput.of(
          observation(
                  features("AAPL").atMinute(3).close("150"),
                  features("MSFT").atMinute(3).close("100"))
              .build());

  private static final BacktestInput BUY_40_AAPL =
      BacktestInput.of(
          new TargetPosition(
              "main",
              "AAPL",
              minute(3),
              new BigDecimal("40"),
              new BigDecimal("150"),
              "momentum@1",
              "test"));

  @Test
  void fillsAtTheNextBarsOpenNeverOnTheDecisionBar() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, minute(3), BUY_40_AAPL, CONTEXT, DECISION_BAR);
      harness.processWatermark(minute(3));

      assertThat(reports(harness))
          .as("accepted at the decision, nothing filled on the decision bar")
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(ExecutionStatus.ACCEPTED));

      send(harness, minute(4), NEXT_BAR);
      harness.processWatermark(minute(4));

      ExecutionReport fill = reports(harness).get(1);
      assertThat(fill.status()).isEqualTo(ExecutionStatus.FILLED);
      assertThat(fill.lastQuantity()).isEqualByComparingTo("40");
      assertThat(fill.lastPrice()).as("bar 4's open").isEqualByComparingTo("151");
      // 40 × 151 = 6,040 notional; 10 bp of it = 6.04.
      assertThat(fill.fee()).isEqualByComparingTo("6.04");
      assertThat(fill.tsEvent()).as("bar 4's start").isEqualTo(minute(3));
    }
  }

  @Test
  void inputsOfOneEventTimeGiveTheSameRecordsWhateverOrderTheyArriveIn() throws Exception {
    List<String> contextFirst = run(CONTEXT, DECISION_BAR, BUY_40_AAPL);
    List<String> targetFirst = run(BUY_40_AAPL, DECISION_BAR, CONTEXT);
    List<String> barLast = run(BUY_40_AAPL, CONTEXT, DECISION_BAR);

    assertThat(contextFirst).hasSizeGreaterThan(4).isEqualTo(targetFirst).isEqualTo(barLast);
  }

  @Test
  void leavesNoPendingInputsOrTimersAndKeepsTheBookAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      send(harness, minute(3), BUY_40_AAPL, CONTEXT, DECISION_BAR);
      harness.processWatermark(minute(3));
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.numKeyedStateEntries()).as("the portfolio state only").isEqualTo(1);
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      send(restored, minute(4), NEXT_BAR);
      restored.processWatermark(minute(4));

      assertThat(reports(restored))
          .as("the order working before the restore fills after it")
          .singleElement()
          .satisfies(r -> assertThat(r.lastPrice()).isEqualByComparingTo("151"));
    }
  }

  @Test
  void refusesAnInputBehindTheWatermarkInsteadOfHandlingItOutOfOrder() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processWatermark(minute(3));

      assertThatThrownBy(() -> send(harness, minute(3), BUY_40_AAPL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("behind the watermark");
    }
  }

  /** Every record, printed, after the inputs at minute 3 and the next bar. */
  private static List<String> run(BacktestInput... atMinute3) throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, minute(3), atMinute3);
      send(harness, minute(4), NEXT_BAR);
      harness.processWatermark(Long.MAX_VALUE);
      return harness.extractOutputValues().stream()
          .map(BacktestPortfolioFunctionTest::print)
          .toList();
    }
  }

  private static String print(BacktestRecord record) {
    return record.kind
        + " "
        + switch (record.kind) {
          case ORDER -> record.order;
          case REPORT -> record.report;
          case SNAPSHOT -> record.snapshot;
          case RISK_EVENT, BREAKER_RAISED -> record.event;
          case QUARANTINED -> record.quarantined;
          case BAR -> record.bar;
        };
  }

  private static List<ExecutionReport> reports(
      KeyedOneInputStreamOperatorTestHarness<String, BacktestInput, BacktestRecord> harness) {
    return harness.extractOutputValues().stream()
        .filter(r -> r.kind == BacktestRecord.Kind.REPORT)
        .map(r -> r.report)
        .toList();
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, BacktestInput, BacktestRecord> harness,
      long time,
      BacktestInput... inputs)
      throws Exception {
    for (BacktestInput input : inputs) {
      harness.processElement(new StreamRecord<>(input, time));
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, BacktestInput, BacktestRecord>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new BacktestPortfolioFunction(List.of(MAIN), ROUND_THE_CLOCK, TEN_BPS)),
        BacktestInput::portfolio,
        Types.STRING);
  }
}
