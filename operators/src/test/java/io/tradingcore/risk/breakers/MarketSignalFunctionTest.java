package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Commands.kill;
import static io.tradingcore.risk.breakers.Commands.setLimit;
import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class MarketSignalFunctionTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final MarketThresholds DEFAULTS = MarketThresholds.of(RiskLimits.DEFAULT);

  @Test
  void stampsEveryGatedBarWithTheSeededThresholds() throws Exception {
    RiskLimits seed = RiskLimits.DEFAULT.with(RiskParameter.PRICE_JUMP, new BigDecimal("0.02"));
    try (var harness = harness(seed)) {
      harness.open();
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(1).build()));
      send(harness, MarketBreakerInput.gated(bar("MSFT").atMinute(1).build()));
      assertThat(harness.extractOutputValues()).as("held until the watermark passes").isEmpty();
      harness.watermark(minute(1));

      assertThat(harness.extractOutputValues())
          .extracting(MarketBarSignal::symbol, s -> s.thresholds().priceJump())
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("AAPL", 0.02),
              org.assertj.core.groups.Tuple.tuple("MSFT", 0.02));
      assertThat(harness.extractOutputStreamRecords())
          .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
          .as("each signal keeps its bar's time")
          .containsOnly(minute(1));
    }
  }

  @Test
  void aSetLimitChangesTheThresholdsOfLaterSignalsAndKeepsEachSymbolsMemory() throws Exception {
    try (var harness = harness(RiskLimits.DEFAULT)) {
      harness.open();
      sendQuietBars(harness, "AAPL", 1, 20);
      harness.processBroadcastElement(setLimit("price_jump", "0.05"), minute(20));
      harness.processBroadcastElement(setLimit("pause_for", "30m"), minute(20));
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(21).volume("5000").build()));
      harness.watermark(minute(21));

      List<MarketBarSignal> signals = harness.extractOutputValues();
      assertThat(signals.get(19).thresholds()).isEqualTo(DEFAULTS);
      MarketBarSignal after = signals.get(20);
      assertThat(after.thresholds().priceJump()).isEqualTo(0.05);
      assertThat(after.thresholds().pauseForMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
      assertThat(after.thresholds().unusualVolume()).isEqualTo(5.0);
      assertThat(after.meanVolume()).as("the 20 bars before the command").isEqualTo(1000.0);
    }
  }

  @Test
  void ignoresCommandsThatChangeNoMarketBreakerThresholdItCanChange() throws Exception {
    try (var harness = harness(RiskLimits.DEFAULT)) {
      harness.open();
      harness.processBroadcastElement(kill(), minute(0));
      harness.processBroadcastElement(setLimit("max_drawdown", "0.05"), minute(0));
      harness.processBroadcastElement(setLimit("breaker_daily_loss", "0.05"), minute(0));
      // The stale pattern's window: fixed for the job's life.
      harness.processBroadcastElement(setLimit("stale_feed_after", "1m"), minute(0));
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(1).build()));
      harness.watermark(minute(1));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .extracting(MarketBarSignal::thresholds)
          .isEqualTo(DEFAULTS);
      assertThat(harness.getBroadcastState(MarketSignalFunction.LIMITS).entries()).isEmpty();
    }
  }

  @Test
  void sendsReturnsAndTheFeedsBeforeTheGateToTheirOwnOutputs() throws Exception {
    try (var harness = harness(RiskLimits.DEFAULT)) {
      harness.open();
      BarFeatures previous = features("AAPL").atMinute(1).volatility(0.25).build();
      send(harness, MarketBreakerInput.features(previous));
      send(harness, MarketBreakerInput.features(features("AAPL").atMinute(2).build()));
      Bar fromFeed = bar("AAPL").atMinute(2).flatAt("100.5").build();
      send(harness, MarketBreakerInput.feedBar(fromFeed));
      send(harness, MarketBreakerInput.tickBar(bar("AAPL").atMinute(2).flatAt("100").build()));
      harness.watermark(minute(2));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(values(harness, MarketSignalFunction.RETURNS))
          .extracting(MarketReturnSignal::barEnd)
          .containsExactly(minute(1), minute(2));
      assertThat(values(harness, MarketSignalFunction.FEEDS))
          .extracting(MarketFeedSignal::feed, MarketFeedSignal::close)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(MarketFeed.BARS, new BigDecimal("100.5")),
              org.assertj.core.groups.Tuple.tuple(MarketFeed.TICKS, new BigDecimal("100")));
    }
  }

  @Test
  void recordsAtOrBehindTheWatermarkGoToTheLateOutput() throws Exception {
    try (var harness = harness(RiskLimits.DEFAULT)) {
      harness.open();
      harness.watermark(minute(5));
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(4).build()));
      send(harness, MarketBreakerInput.features(features("AAPL").atMinute(5).build()));
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(6).build()));
      harness.watermark(minute(6));

      assertThat(values(harness, MarketSignalFunction.LATE))
          .extracting(MarketBreakerInput::kind)
          .containsExactly(MarketBreakerInput.Kind.GATED_BAR, MarketBreakerInput.Kind.FEATURES);
      assertThat(harness.extractOutputValues())
          .extracting(MarketBarSignal::endMillis)
          .containsExactly(minute(6));
      assertThat(values(harness, MarketSignalFunction.RETURNS)).isEmpty();
    }
  }

  @Test
  void aRestoreKeepsTheChangedThresholdsAndEachSymbolsMemoryOverANewSeed() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(RiskLimits.DEFAULT)) {
      before.open();
      sendQuietBars(before, "AAPL", 1, 20);
      before.processBroadcastElement(setLimit("price_jump", "0.05"), minute(20));
      before.watermark(minute(20));
      snapshot = before.snapshot(1L, 1L);
    }
    RiskLimits newSeed =
        RiskLimits.DEFAULT
            .with(RiskParameter.PRICE_JUMP, new BigDecimal("0.04"))
            .with(RiskParameter.UNUSUAL_VOLUME, new BigDecimal("7"));
    try (var after = harness(newSeed)) {
      after.initializeState(snapshot);
      after.open();
      send(after, MarketBreakerInput.gated(bar("AAPL").atMinute(21).build()));
      after.watermark(minute(21));

      MarketBarSignal signal = after.extractOutputValues().get(0);
      assertThat(signal.thresholds().priceJump()).as("the operator's change").isEqualTo(0.05);
      assertThat(signal.thresholds().unusualVolume()).as("the new seed").isEqualTo(7.0);
      assertThat(signal.meanVolume()).isEqualTo(1000.0);
    }
  }

  @Test
  void forgetsAQuietSymbolAfterTheStateTtlAndKeepsNoTimers() throws Exception {
    try (var harness = harness(RiskLimits.DEFAULT)) {
      harness.open();
      harness.setStateTtlProcessingTime(0);
      sendQuietBars(harness, "AAPL", 1, 20);
      harness.setStateTtlProcessingTime(Duration.ofMinutes(9).toMillis());
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(21).build()));
      harness.setStateTtlProcessingTime(Duration.ofMinutes(30).toMillis());
      send(harness, MarketBreakerInput.gated(bar("AAPL").atMinute(22).build()));
      harness.watermark(minute(22));

      List<MarketBarSignal> signals = harness.extractOutputValues();
      assertThat(signals.get(20).meanVolume()).as("within the TTL").isEqualTo(1000.0);
      assertThat(signals.get(21).meanVolume()).as("after it: warming up again").isNaN();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(harness.numProcessingTimeTimers()).isZero();
    }
  }

  @Test
  void holdsEachSignalUntilTheWatermarkPassesItsTimeInArrivalOrderAndKeepsThemOverARestore()
      throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(RiskLimits.DEFAULT)) {
      before.open();
      send(before, MarketBreakerInput.gated(bar("AAPL").atMinute(1).build()));
      send(before, MarketBreakerInput.features(features("AAPL").atMinute(1).build()));
      send(before, MarketBreakerInput.gated(bar("AAPL").atMinute(2).build()));
      send(before, MarketBreakerInput.gated(bar("AAPL").atMinute(3).build()));
      before.watermark(minute(1));
      assertThat(before.extractOutputValues())
          .extracting(MarketBarSignal::endMillis)
          .containsExactly(minute(1));
      assertThat(values(before, MarketSignalFunction.RETURNS))
          .extracting(MarketReturnSignal::barEnd)
          .containsExactly(minute(1));
      assertThat(before.numEventTimeTimers()).as("minutes 2 and 3 still held").isEqualTo(2);
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness(RiskLimits.DEFAULT)) {
      after.initializeState(snapshot);
      after.open();
      after.watermark(minute(2));
      assertThat(after.extractOutputStreamRecords())
          .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
          .as("released by the restored timer, at its own time")
          .containsExactly(minute(2));
      after.watermark(minute(3));
      assertThat(after.extractOutputValues())
          .extracting(MarketBarSignal::endMillis)
          .containsExactly(minute(2), minute(3));
      assertThat(after.numEventTimeTimers()).isZero();
    }
  }

  private static void sendQuietBars(
      KeyedBroadcastOperatorTestHarness<
              String, MarketBreakerInput, OperatorCommand, MarketBarSignal>
          harness,
      String symbol,
      int from,
      int to)
      throws Exception {
    for (int n = from; n <= to; n++) {
      send(harness, MarketBreakerInput.gated(bar(symbol).atMinute(n).build()));
    }
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<
              String, MarketBreakerInput, OperatorCommand, MarketBarSignal>
          harness,
      MarketBreakerInput input)
      throws Exception {
    long time = input.bar() != null ? input.bar().endMillis() : input.features().barEnd();
    harness.processElement(input, time);
  }

  private static <T> List<T> values(
      KeyedBroadcastOperatorTestHarness<
              String, MarketBreakerInput, OperatorCommand, MarketBarSignal>
          harness,
      OutputTag<T> tag) {
    var side = harness.getSideOutput(tag);
    // The harness has no queue for a side output nothing was written to.
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, MarketBreakerInput, OperatorCommand, MarketBarSignal>
      harness(RiskLimits seed) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new MarketSignalFunction(seed, TTL), List.of(MarketSignalFunction.LIMITS)),
        MarketBreakerInput::symbol,
        Types.STRING,
        1,
        1,
        0);
  }
}
