package io.tradingcore.policy;

import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.strategy.TargetPosition;
import io.tradingcore.testing.TestBars;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PolicyScorerFunctionTest {
  private static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("MSFT", "AAPL"),
          new BigDecimal("100000"),
          RiskLimits.DEFAULT,
          LotSizes.WHOLE_UNITS);

  @Test
  void decidesWithTheConfiguredModelAndCarriesItsVersion() throws Exception {
    try (var harness = harness("test-a")) {
      harness.processElement(bar(1));

      List<TargetPosition> targets = harness.extractOutputValues();
      assertThat(targets).isNotEmpty();
      assertThat(targets).allSatisfy(t -> assertThat(t.strategyId()).isEqualTo("test-a"));
    }
  }

  @Test
  void aNewReleaseDecidesFromTheNextBarAndARefusedOneChangesNothing() throws Exception {
    try (var harness = harness("test-a")) {
      harness.processElement(bar(1));
      harness.processBroadcastElement(new StreamRecord<>(TestModels.release("wrong-order")));
      harness.processBroadcastElement(new StreamRecord<>(TestModels.release("missing-feature")));
      // Flat again, so the next decision targets again.
      harness.processBroadcastElement(new StreamRecord<>(TestModels.release("test-b")));
      harness.processElement(bar(2));

      List<RiskAlert> events = events(harness);
      assertThat(events)
          .extracting(RiskAlert::reason)
          .containsExactly(
              RiskReason.MODEL_REFUSED, RiskReason.MODEL_REFUSED, RiskReason.MODEL_ACTIVATED);
      assertThat(events.get(0).cause())
          .contains("refused ppo-lstm@wrong-order", "wrong feature order", "test-a keeps deciding");
      assertThat(events.get(1).cause()).contains("AAPL.order_flow");
      assertThat(events.get(2).cause()).isEqualTo("ppo-lstm@test-b now decides (was test-a)");
      assertThat(harness.getBroadcastState(PolicyScorerFunction.MODELS).get("active").version())
          .isEqualTo("test-b");
    }
  }

  @Test
  void aSwapRestartsTheRecurrentStateFromZerosUnderTheNewModel() throws Exception {
    try (var swapped = harness("test-a")) {
      swapped.processElement(bar(1)); // test-a buys both: levels 1, 1; one step taken
      assertThat(memory(swapped).steps()).isEqualTo(1);
      swapped.processBroadcastElement(new StreamRecord<>(TestModels.release("test-b")));
      swapped.processElement(bar(2));

      PolicyMemory after = memory(swapped);
      assertThat(after.modelVersion()).isEqualTo("test-b");
      assertThat(after.steps()).as("a fresh start, not test-a's second step").isEqualTo(1);
      try (PolicyModel b = TestModels.load("test-b")) {
        double[] raw = b.layout().raw(bar(2).getValue(), new int[] {1, 1});
        PolicyModel.Step fromZeros =
            b.step(b.layout().normalize(raw), new float[16], new float[16]);
        assertThat(after.h()).containsExactly(fromZeros.h());
        assertThat(after.c()).containsExactly(fromZeros.c());
      }
    }
  }

  static PolicyMemory memory(
      KeyedBroadcastOperatorTestHarness<String, PortfolioObservation, ModelRelease, TargetPosition>
          harness)
      throws Exception {
    var backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey("main");
    return backend
        .getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ValueStateDescriptor<>(
                PolicyScorerFunction.MEMORY_STATE, TypeInformation.of(PolicyMemory.class)))
        .value();
  }

  @Test
  void aNonFiniteOutputIsNoTradeAndARiskEvent() throws Exception {
    try (var harness = harness("test-a")) {
      harness.processBroadcastElement(new StreamRecord<>(TestModels.release("nan-output")));
      harness.processElement(bar(1));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(events(harness))
          .extracting(RiskAlert::reason)
          .containsExactly(RiskReason.MODEL_ACTIVATED, RiskReason.MODEL_OUTPUT_INVALID);
    }
  }

  @Test
  void refusesAtStartAModelThatDoesNotTradeThePortfoliosSymbols() {
    PortfolioSpec other =
        new PortfolioSpec(
            "main",
            List.of("AAPL", "TSLA"),
            new BigDecimal("100000"),
            RiskLimits.DEFAULT,
            LotSizes.WHOLE_UNITS);

    assertThatThrownBy(
            () ->
                PolicyScorerFunction.check(
                    TestModels.release("test-a"), List.of(other), PolicyModel.Settings.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining(
            "model test-a trades [AAPL, MSFT] but portfolio main trades [AAPL, TSLA]");
  }

  static StreamRecord<PortfolioObservation> bar(int minute) {
    PortfolioObservation observation =
        observation(
                features("AAPL").atMinute(minute).close("187.30"),
                features("MSFT").atMinute(minute).close("401.00"))
            .build();
    return new StreamRecord<>(observation, TestBars.minute(minute));
  }

  private static StreamRecord<PortfolioObservation> warmingUp(int minute) {
    PortfolioObservation observation =
        observation(
                features("AAPL").atMinute(minute).warmingUp(),
                features("MSFT").atMinute(minute).warmingUp())
            .build();
    return new StreamRecord<>(observation, TestBars.minute(minute));
  }

  private static List<RiskAlert> events(
      KeyedBroadcastOperatorTestHarness<String, PortfolioObservation, ModelRelease, TargetPosition>
          harness) {
    ConcurrentLinkedQueue<StreamRecord<RiskAlert>> side =
        harness.getSideOutput(PolicyScorerFunction.EVENTS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  static KeyedBroadcastOperatorTestHarness<
          String, PortfolioObservation, ModelRelease, TargetPosition>
      harness(String model) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new PolicyScorerFunction(
                    TestModels.release(model),
                    List.of(MAIN),
                    new BigDecimal("10000"),
                    PolicyModel.Settings.DEFAULT),
                List.of(PolicyScorerFunction.MODELS)),
            PortfolioObservation::portfolio,
            Types.STRING,
            1,
            1,
            0);
    harness.open();
    return harness;
  }
}
