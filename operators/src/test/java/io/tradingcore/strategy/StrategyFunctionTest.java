package io.tradingcore.strategy;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.testing.TestFeatures;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StrategyFunctionTest {
  private static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("AAPL", "MSFT"),
          new BigDecimal("100000"),
          RiskLimits.DEFAULT,
          LotSizes.WHOLE_UNITS);

  @Test
  void decidesOnceEverySymbolOfTheBarIsIn() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, features("AAPL").atMinute(5).close("100").momentum(0.01));
      assertThat(harness.extractOutputValues()).isEmpty();

      send(harness, features("MSFT").atMinute(5).close("50").momentum(0.01));

      assertThat(harness.extractOutputValues())
          .extracting(TargetPosition::symbol, t -> t.quantity().intValue())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("AAPL", 100),
              org.assertj.core.groups.Tuple.tuple("MSFT", 200));
      assertThat(harness.numKeyedStateEntries())
          .as("pending bars drained: only the last decision time and the target map remain")
          .isEqualTo(2);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void decidesWithWhatItHasWhenTheWatermarkPassesAMissingBar() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, features("AAPL").atMinute(5).momentum(0.01));
      assertThat(harness.numEventTimeTimers()).isEqualTo(1);

      harness.processWatermark(minute(5));

      assertThat(harness.extractOutputValues())
          .extracting(TargetPosition::symbol)
          .containsExactly("AAPL");
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aLaterCompleteBarFirstDecidesTheEarlierIncompleteOne() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, features("AAPL").atMinute(5).momentum(0.01));
      send(harness, features("AAPL").atMinute(6).momentum(0.01));
      send(harness, features("MSFT").atMinute(6).momentum(0.01));

      assertThat(harness.extractOutputValues())
          .extracting(TargetPosition::decisionTime)
          .containsExactly(minute(5), minute(6), minute(6));
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void ignoresFeaturesOfABarAlreadyDecided() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, features("AAPL").atMinute(5).momentum(0.01));
      harness.processWatermark(minute(5));
      send(harness, features("MSFT").atMinute(5).momentum(0.01));

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void keepsItsTargetsAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      send(before, features("AAPL").atMinute(5).close("100").momentum(0.01));
      send(before, features("MSFT").atMinute(5).close("50").momentum(0.01));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      // Price doubled but the signal holds: the target quantity must stay as entered.
      send(after, features("AAPL").atMinute(6).close("200").momentum(0.01));
      send(after, features("MSFT").atMinute(6).close("100").momentum(0.01));

      assertThat(after.extractOutputValues())
          .extracting(t -> t.quantity().intValue())
          .containsExactly(100, 200);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, TargetPosition>
      harness() throws Exception {
    StrategyFunction function =
        new StrategyFunction(
            new MomentumStrategy(
                new MomentumParameters(0.001, 0.001, new BigDecimal("10000"), false, 5),
                LotSizes.WHOLE_UNITS),
            List.of(MAIN));
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(function), PortfolioFeatures::portfolio, Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, TargetPosition> harness,
      TestFeatures features)
      throws Exception {
    var built = features.build();
    harness.processElement(new PortfolioFeatures("main", built), built.barEnd());
  }
}
