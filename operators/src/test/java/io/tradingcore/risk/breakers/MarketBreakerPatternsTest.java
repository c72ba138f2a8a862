package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.bar;
import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The patterns on Flink's own CEP operator in a harness: their partial matches survive a snapshot
 * and restore (a savepoint upgrade keeps watching), and a decided silence leaves no timer behind.
 */
class MarketBreakerPatternsTest {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void aRestoredPriceJumpComparesWithTheBarSeenBeforeTheSnapshot() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = priceJump()) {
      before.open();
      send(before, bar("AAPL", 1, "100"));
      before.processWatermark(minute(1));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = priceJump()) {
      after.initializeState(snapshot);
      after.open();
      send(after, bar("AAPL", 2, "104"));
      after.processWatermark(minute(2));

      assertThat(after.extractOutputValues())
          .extracting(RiskAlert::reason, RiskAlert::tsEvent)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(RiskReason.PRICE_JUMP, minute(2)));
    }
  }

  @Test
  void aRestoredStaleWatchStillTimesOutTheSilenceItWasWatching() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = staleFeed()) {
      before.open();
      send(before, bar("AAPL", 1, "100"));
      before.processWatermark(minute(3));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = staleFeed()) {
      after.initializeState(snapshot);
      after.open();
      after.processWatermark(minute(6));

      assertThat(staleAlerts(after))
          .extracting(RiskAlert::tsEvent)
          .containsExactly(minute(1) + FIVE_MINUTES.toMillis());
      assertThat(after.numEventTimeTimers()).as("nothing left to watch").isZero();
    }
  }

  @Test
  void aFeedThatMovesOnInTimeKeepsOnlyTheLastWindowsTimers() throws Exception {
    try (var harness = staleFeed()) {
      harness.open();
      for (int n = 1; n <= 30; n++) {
        send(harness, bar("AAPL", n, "100"));
        harness.processWatermark(minute(n));
      }

      assertThat(staleAlerts(harness)).isEmpty();
      assertThat(harness.numEventTimeTimers())
          .as("one window end per bar of the last five minutes, whatever the history")
          .isEqualTo(5);
      harness.processWatermark(minute(30) + 4 * ONE_MINUTE);
      assertThat(staleAlerts(harness)).isEmpty();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MarketBarSignal, RiskAlert>
      priceJump() throws Exception {
    return cep(MarketBreakerPatterns.priceJump(), BreakerMatch.priceJump());
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MarketBarSignal, RiskAlert>
      staleFeed() throws Exception {
    return cep(
        MarketBreakerPatterns.staleFeed(FIVE_MINUTES),
        new StaleFeedFunction(MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK)));
  }

  /** The operator {@code CEP.pattern(keyed, pattern).inEventTime().process(function)} builds. */
  private static KeyedOneInputStreamOperatorTestHarness<String, MarketBarSignal, RiskAlert> cep(
      Pattern<MarketBarSignal, ?> pattern,
      PatternProcessFunction<MarketBarSignal, RiskAlert> function)
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new CepOperator<>(
            TypeInformation.of(MarketBarSignal.class).createSerializer(new SerializerConfigImpl()),
            false,
            NFACompiler.compileFactory(pattern, function instanceof TimedOutPartialMatchHandler),
            null,
            pattern.getAfterMatchSkipStrategy(),
            function,
            null),
        MarketBarSignal::symbol,
        Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, MarketBarSignal, RiskAlert> harness,
      MarketBarSignal signal)
      throws Exception {
    harness.processElement(signal, signal.endMillis());
  }

  private static List<RiskAlert> staleAlerts(
      KeyedOneInputStreamOperatorTestHarness<String, MarketBarSignal, RiskAlert> harness) {
    var side = harness.getSideOutput(StaleFeedFunction.ALERTS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
