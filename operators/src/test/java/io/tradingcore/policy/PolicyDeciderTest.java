package io.tradingcore.policy;

import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDeciderTest {

  @Test
  void aDecisionMovesTheStateAndTargetsOnlyTheSymbolsWhoseLevelChanges() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      PolicyDecider decider = new PolicyDecider(model, new BigDecimal("10000"));
      PortfolioObservation bar =
          observation(features("AAPL").close("187.30"), features("MSFT").close("401.00")).build();
      PolicyMemory start = PolicyMemory.initial("test-a", 16);

      PolicyDecider.Decision decision =
          (PolicyDecider.Decision)
              decider.decide("main", bar, Map.of(), start, LotSizes.WHOLE_UNITS);

      PolicyModel.Step expected =
          model.step(
              model.layout().normalize(model.layout().raw(bar, new int[2])), start.h(), start.c());
      assertThat(decision.logits()).containsExactly(expected.logits());
      assertThat(decision.action()).isEqualTo(ActionMap.argMax(expected.logits()));
      assertThat(decision.memory().h()).containsExactly(expected.h());
      assertThat(decision.memory().steps()).isEqualTo(1);
      assertThat(decision.memory().lastBarEnd()).isEqualTo(bar.barEnd());
      int[] actions = ActionMap.decode(decision.action(), 2);
      long buys = java.util.Arrays.stream(actions).filter(a -> a == ActionMap.BUY).count();
      // From flat, only BUY changes a level in long-only mode.
      assertThat(decision.targets()).hasSize((int) buys);
      // This model buys both from flat on a quiet bar: the sizes below are checked, not skipped.
      assertThat(buys).isEqualTo(2);
      for (TargetPosition target : decision.targets()) {
        assertThat(target.strategyId()).isEqualTo("test-a");
        assertThat(target.decisionTime()).isEqualTo(bar.barEnd());
        // floor(10,000 / 187.30) = 53; floor(10,000 / 401.00) = 24.
        assertThat(target.quantity())
            .isEqualByComparingTo(target.symbol().equals("AAPL") ? "53" : "24");
        assertThat(target.reason())
            .contains("test-a chose " + model.contract().actions().get(decision.action()));
      }
    }
  }

  @Test
  void sellFromLongGoesFlatAndSizesRoundDownToTheLot() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      PolicyDecider decider = new PolicyDecider(model, new BigDecimal("10000"));
      PortfolioObservation bar =
          observation(features("AAPL").close("187.30"), features("MSFT").close("401.00")).build();
      Map<String, TargetPosition> current = new HashMap<>();
      current.put("AAPL", target("AAPL", "53"));
      current.put("MSFT", target("MSFT", "24"));
      LotSizes tens = new LotSizes(BigDecimal.TEN, Map.of());

      PolicyDecider.Decision decision =
          (PolicyDecider.Decision)
              decider.decide("main", bar, current, PolicyMemory.initial("test-a", 16), tens);

      int[] actions = ActionMap.decode(decision.action(), 2);
      long sells = java.util.Arrays.stream(actions).filter(a -> a == ActionMap.SELL).count();
      assertThat(decision.targets()).as("only SELL moves a long level").hasSize((int) sells);
      for (TargetPosition t : decision.targets()) {
        int action = actions[t.symbol().equals("AAPL") ? 0 : 1];
        assertThat(action).as("from long only SELL changes the level").isEqualTo(ActionMap.SELL);
        assertThat(t.quantity()).isEqualByComparingTo("0");
      }
      // The lot: floor(10,000 / (187.30 × 10)) × 10 = 50.
      assertThat(
              ((PolicyDecider.Decision)
                      decider.decide(
                          "main", bar, Map.of(), PolicyMemory.initial("test-a", 16), tens))
                  .targets())
          .hasSize(2)
          .allSatisfy(
              t ->
                  assertThat(t.quantity())
                      .isEqualByComparingTo(t.symbol().equals("AAPL") ? "50" : "20"));
    }
  }

  @Test
  void aNonFiniteLogitIsNoDecision() throws Exception {
    try (PolicyModel model = TestModels.load("nan-output")) {
      PolicyDecider decider = new PolicyDecider(model, new BigDecimal("10000"));

      PolicyDecider.Outcome outcome =
          decider.decide(
              "main",
              observation(features("AAPL"), features("MSFT")).build(),
              Map.of(),
              PolicyMemory.initial("nan-output", 16),
              LotSizes.WHOLE_UNITS);

      assertThat(outcome).isInstanceOf(PolicyDecider.InvalidOutput.class);
    }
  }

  @Test
  void aBarThatIsNotAStepLeavesEverythingAlone() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      PolicyDecider decider = new PolicyDecider(model, new BigDecimal("10000"));

      assertThat(
              decider.decide(
                  "main",
                  observation(features("AAPL"), features("MSFT").warmingUp()).build(),
                  Map.of(),
                  PolicyMemory.initial("test-a", 16),
                  LotSizes.WHOLE_UNITS))
          .isInstanceOf(PolicyDecider.NotAStep.class);
    }
  }

  private static TargetPosition target(String symbol, String quantity) {
    return new TargetPosition(
        "main", symbol, 0, new BigDecimal(quantity), BigDecimal.TEN, "test-a", "held");
  }
}
