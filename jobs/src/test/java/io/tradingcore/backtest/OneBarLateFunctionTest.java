package io.tradingcore.backtest;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.features.BarFeatures;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The look-ahead check's delay on a harness: bar t's features come out with bar t+1. */
class OneBarLateFunctionTest {
  private static final BarFeatures AAPL_1 =
      features("AAPL").atMinute(1).close("150").momentum(0.01).build();
  private static final BarFeatures AAPL_2 =
      features("AAPL").atMinute(2).close("151").momentum(0.02).build();
  private static final BarFeatures AAPL_3 =
      features("AAPL").atMinute(3).close("152").momentum(0.03).build();
  private static final BarFeatures MSFT_1 =
      features("MSFT").atMinute(1).close("100").momentum(-0.01).build();

  /** MSFT's next bar after minute 1 is minute 4 (two bars refused or missing). */
  private static final BarFeatures MSFT_4 =
      features("MSFT").atMinute(4).close("101").momentum(-0.04).build();

  @Test
  void barTsFeaturesComeOutWithBarTPlusOnePerSymbolInOrder() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, AAPL_1, MSFT_1, AAPL_2, AAPL_3, MSFT_4);

      assertThat(harness.extractOutputValues())
          .containsExactly(
              // AAPL's minute-1 features, with minute 2's times; then minute 2's with minute 3's.
              OneBarLateFunction.lateBy(AAPL_1, AAPL_2),
              OneBarLateFunction.lateBy(AAPL_2, AAPL_3),
              // MSFT's minute 1 waits for MSFT's next bar, whenever it comes.
              OneBarLateFunction.lateBy(MSFT_1, MSFT_4));
      BarFeatures late = harness.extractOutputValues().get(0);
      assertThat(late.barStart()).isEqualTo(AAPL_2.barStart());
      assertThat(late.barEnd()).isEqualTo(AAPL_2.barEnd());
      assertThat(late.close()).as("bar 1's close: sized on stale data").isEqualByComparingTo("150");
      assertThat(late.momentum()).isEqualTo(0.01);
      assertThat(late.vector()).isEqualTo(AAPL_1.vector());
      // Each comes out with the event time of the bar that carried it.
      assertThat(
              harness.getOutput().stream()
                  .filter(StreamRecord.class::isInstance)
                  .map(r -> ((StreamRecord<?>) r).getTimestamp())
                  .toList())
          .containsExactly(minute(2), minute(3), minute(4));
    }
  }

  @Test
  void theLastBarsFeaturesAreDroppedAtTheEndLeavingNoStateOrTimer() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, AAPL_1, MSFT_1, AAPL_2);
      harness.processWatermark(minute(2));
      assertThat(harness.numKeyedStateEntries()).as("one held bar per symbol").isEqualTo(2);
      assertThat(harness.numEventTimeTimers()).as("one end-of-input timer per symbol").isEqualTo(2);

      harness.processWatermark(Long.MAX_VALUE);

      assertThat(harness.extractOutputValues())
          .as("nothing comes out for the last bars: no later bar carries them")
          .containsExactly(OneBarLateFunction.lateBy(AAPL_1, AAPL_2));
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void theHeldBarSurvivesASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      send(harness, AAPL_1);
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      send(restored, AAPL_2);

      assertThat(restored.extractOutputValues())
          .containsExactly(OneBarLateFunction.lateBy(AAPL_1, AAPL_2));
    }
  }

  @Test
  void refusesFeaturesOutOfBarOrder() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, AAPL_2);

      assertThatThrownBy(() -> send(harness, AAPL_1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("features of AAPL out of bar order");
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, BarFeatures, BarFeatures> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new OneBarLateFunction()), BarFeatures::symbol, Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, BarFeatures, BarFeatures> harness,
      BarFeatures... features)
      throws Exception {
    for (BarFeatures f : List.of(features)) {
      harness.processElement(f, f.barEnd());
    }
  }
}
