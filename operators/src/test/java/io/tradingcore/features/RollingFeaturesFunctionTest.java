package io.tradingcore.features;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.marketdata.Bar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RollingFeaturesFunctionTest {
  private static final FeatureWindows WINDOWS = FeatureCalculatorTest.SMALL;
  private static final Duration TTL = Duration.ofHours(1);

  @Test
  void emitsFeaturesPerSymbolIndependently() throws Exception {
    try (var harness = harness()) {
      harness.open();
      process(harness, bar("AAPL").atMinute(0).flatAt("100").build());
      process(harness, bar("MSFT").atMinute(0).flatAt("50").build());
      process(harness, bar("AAPL").atMinute(1).flatAt("110").build());

      List<BarFeatures> out = harness.extractOutputValues();
      assertThat(out).extracting(BarFeatures::symbol).containsExactly("AAPL", "MSFT", "AAPL");
      assertThat(out.get(2).logReturn()).isCloseTo(Math.log(1.1), within(1e-15));
      assertThat(out.get(1).logReturn()).isEqualTo(0.0);
    }
  }

  @Test
  void emitsWhatTheCalculatorComputes() throws Exception {
    List<Bar> bars = walk(12);
    FeatureCalculator calculator = new FeatureCalculator(WINDOWS);
    FeatureState state = calculator.initialState();
    List<BarFeatures> expected = new ArrayList<>();
    bars.forEach(b -> expected.add(calculator.update(state, b)));

    try (var harness = harness()) {
      harness.open();
      bars.forEach(b -> process(harness, b));

      assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
      assertThat(expected.get(expected.size() - 1).warm()).isTrue();
    }
  }

  @Test
  void forgetsASymbolThatWentQuietForLongerThanTheTtl() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.setStateTtlProcessingTime(0);
      process(harness, bar("AAPL").atMinute(0).flatAt("100").build());
      process(harness, bar("AAPL").atMinute(1).flatAt("110").build());
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

      // A bar just inside the TTL still sees the windows, and refreshes them.
      harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
      process(harness, bar("AAPL").atMinute(2).flatAt("121").build());
      // Now quiet for longer than the TTL.
      harness.setStateTtlProcessingTime(2 * TTL.toMillis());
      process(harness, bar("AAPL").atMinute(3).flatAt("133.1").build());

      List<BarFeatures> out = harness.extractOutputValues();
      assertThat(out.get(2).logReturn()).isCloseTo(Math.log(1.1), within(1e-15));
      // Expired: the returning symbol starts afresh instead of reading a week-old close.
      assertThat(out.get(3).logReturn()).isEqualTo(0.0);
      assertThat(out.get(3).warm()).isFalse();
    }
  }

  @Test
  void expiredStateDoesNotSurviveASnapshot() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      harness.setStateTtlProcessingTime(0);
      process(harness, bar("AAPL").atMinute(0).flatAt("100").build());
      process(harness, bar("MSFT").atMinute(0).flatAt("50").build());
      harness.setStateTtlProcessingTime(2 * TTL.toMillis());
      snapshot = harness.snapshot(1L, 2 * TTL.toMillis());
    }
    try (var restored = harness()) {
      restored.setStateTtlProcessingTime(2 * TTL.toMillis());
      restored.initializeState(snapshot);
      restored.open();

      assertThat(restored.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void refusesANonPositiveTtl() {
    assertThatThrownBy(() -> new RollingFeaturesFunction(WINDOWS, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTL must be positive");
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
    // Snapshot after 7 bars of windows 2 and 3 long: mid-window for every rolling statistic.
    List<Bar> bars = walk(14);
    int cut = 7;

    List<BarFeatures> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      bars.forEach(b -> process(harness, b));
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      bars.subList(0, cut).forEach(b -> process(before, b));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      bars.subList(cut, bars.size()).forEach(b -> process(after, b));
      assertThat(after.extractOutputValues())
          .containsExactlyElementsOf(uninterrupted.subList(cut, bars.size()));
    }
  }

  /** Bars that move every feature: ranges, volumes, buy volume on every third, some quotes. */
  private static List<Bar> walk(int n) {
    String[] closes = {"100", "101.5", "100.75", "102", "99.5", "103", "102.25"};
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String close = closes[i % closes.length];
      var builder =
          bar("AAPL")
              .atMinute(i)
              .ohlc(
                  close,
                  new java.math.BigDecimal(close).add(java.math.BigDecimal.ONE).toPlainString(),
                  "98",
                  close)
              .volume(String.valueOf(1000 + 137 * (i % 5)));
      if (i % 3 == 0) {
        builder.buyVolume("600");
      }
      if (i % 4 == 0) {
        builder.quoteImbalance(0.1 * (i % 3));
      }
      bars.add(builder.build());
    }
    return bars;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Bar, BarFeatures> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RollingFeaturesFunction(WINDOWS, TTL)),
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
