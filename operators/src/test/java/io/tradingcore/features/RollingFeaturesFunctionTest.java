package io.tradingcore.features;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.marketdata.Bar;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RollingFeaturesFunctionTest {
  private static final FeatureWindows WINDOWS = new FeatureWindows(2, 2, 2);

  @Test
  void emitsFeaturesPerSymbolIndependently() throws Exception {
    try (var harness = harness()) {
      harness.open();
      process(harness, bar("AAPL").atMinute(0).flatAt("100").build());
      process(harness, bar("MSFT").atMinute(0).flatAt("50").build());
      process(harness, bar("AAPL").atMinute(1).flatAt("110").build());

      List<BarFeatures> out = harness.extractOutputValues();
      assertThat(out).extracting(BarFeatures::symbol).containsExactly("AAPL", "MSFT", "AAPL");
      assertThat(out.get(2).logReturn()).isEqualTo(Math.log(1.1));
      assertThat(out.get(1).logReturn()).isEqualTo(0.0);
    }
  }

  @Test
  void failsLoudlyWhenABarGoingBackInTimeBypassedTheGate() throws Exception {
    try (var harness = harness()) {
      harness.open();
      process(harness, bar("AAPL").atMinute(2).flatAt("100").build());

      assertThatThrownBy(
              () -> harness.processElement(bar("AAPL").atMinute(1).flatAt("99").build(), 0L))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("quality gate");
    }
  }

  @Test
  void resumesFromASnapshotExactlyWhereItWas() throws Exception {
    List<Bar> bars =
        List.of(
            bar("AAPL").atMinute(0).flatAt("100").build(),
            bar("AAPL").atMinute(1).flatAt("102").build(),
            bar("AAPL").atMinute(2).flatAt("101").build(),
            bar("AAPL").atMinute(3).flatAt("105").build());

    List<BarFeatures> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      bars.forEach(b -> process(harness, b));
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      process(before, bars.get(0));
      process(before, bars.get(1));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      process(after, bars.get(2));
      process(after, bars.get(3));
      assertThat(after.extractOutputValues())
          .containsExactlyElementsOf(uninterrupted.subList(2, 4));
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Bar, BarFeatures> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RollingFeaturesFunction(WINDOWS)),
        Bar::symbol,
        Types.STRING);
  }

  private static void process(
      KeyedOneInputStreamOperatorTestHarness<String, Bar, BarFeatures> harness, Bar bar) {
    try {
      harness.processElement(bar, bar.endMillis());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
