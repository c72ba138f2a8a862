package io.tradingcore.strategy;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.testing.TestObservations;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StrategyFunctionTest {
  private static final MomentumStrategy MOMENTUM =
      new MomentumStrategy(
          new MomentumParameters(0.001, 0.001, new BigDecimal("10000"), false, 5),
          LotSizes.WHOLE_UNITS);

  @Test
  void decidesEachAlignedObservation() throws Exception {
    try (var harness = harness(MOMENTUM)) {
      harness.open();
      send(
          harness,
          observation(
              features("AAPL").atMinute(5).close("100").momentum(0.01),
              features("MSFT").atMinute(5).close("50").momentum(0.01)));

      assertThat(harness.extractOutputValues())
          .extracting(TargetPosition::symbol, t -> t.quantity().intValue(), t -> t.decisionTime())
          .containsExactly(tuple("AAPL", 100, minute(5)), tuple("MSFT", 200, minute(5)));
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void refusesTargetsForSymbolsPastTheStalenessLimitOrOnlyWatched() throws Exception {
    try (var harness = harness(new TargetsEverything())) {
      harness.open();
      send(
          harness,
          observation(features("AAPL").atMinute(5))
              .withStale(features("MSFT").atMinute(2), 3, true)
              .withStale(features("AMZN").atMinute(1), 4, false)
              .withWatched(features("SPY").atMinute(5)));

      assertThat(harness.extractOutputValues())
          .extracting(TargetPosition::symbol)
          .containsExactly("AAPL", "MSFT");
    }
  }

  @Test
  void keepsItsTargetsAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness(MOMENTUM)) {
      before.open();
      send(
          before,
          observation(
              features("AAPL").atMinute(5).close("100").momentum(0.01),
              features("MSFT").atMinute(5).close("50").momentum(0.01)));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness(MOMENTUM)) {
      after.initializeState(snapshot);
      after.open();
      // Price doubled but the signal holds: the target quantity must stay as entered.
      send(
          after,
          observation(
              features("AAPL").atMinute(6).close("200").momentum(0.01),
              features("MSFT").atMinute(6).close("100").momentum(0.01)));

      assertThat(after.extractOutputValues())
          .extracting(t -> t.quantity().intValue())
          .containsExactly(100, 200);
    }
  }

  /** Wants one unit of every symbol it sees, whatever its state: the function must filter. */
  private static final class TargetsEverything implements Strategy {
    @Override
    public String id() {
      return "everything@1";
    }

    @Override
    public List<TargetPosition> decide(
        String portfolio, PortfolioObservation observation, Map<String, TargetPosition> current) {
      return observation.symbols().stream()
          .map(ObservedSymbol::features)
          .map(
              f ->
                  new TargetPosition(
                      portfolio,
                      f.symbol(),
                      observation.barEnd(),
                      BigDecimal.ONE,
                      f.close(),
                      id(),
                      "test"))
          .toList();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          String, PortfolioObservation, TargetPosition>
      harness(Strategy strategy) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new StrategyFunction(strategy)),
        PortfolioObservation::portfolio,
        Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioObservation, TargetPosition> harness,
      TestObservations observation)
      throws Exception {
    PortfolioObservation built = observation.build();
    harness.processElement(built, built.barEnd());
  }
}
