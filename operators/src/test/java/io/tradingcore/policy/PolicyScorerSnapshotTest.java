package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The scorer's recurrent state survives a snapshot and restore bit for bit: a run cut in two by a
 * restore emits the same targets and ends with the same (h, c) as an uninterrupted run, and both
 * equal a plain {@link PolicyDecider} loop without Flink.
 */
class PolicyScorerSnapshotTest {
  private static final int BARS = 600;
  private static final int CUT = 300;
  private static final int SWAP = 200;

  @Test
  void aRestoredScorerDecidesAndRemembersExactlyAsAnUninterruptedOne() throws Exception {
    List<PortfolioObservation> bars = PolicyReplay.bars(0, BARS);

    List<TargetPosition> uninterrupted;
    PolicyMemory uninterruptedMemory;
    try (var harness = harness()) {
      harness.open();
      process(harness, bars, 0, BARS);
      uninterrupted = harness.extractOutputValues();
      uninterruptedMemory = memory(harness);
    }

    List<TargetPosition> restored = new ArrayList<>();
    OperatorSubtaskState snapshot;
    PolicyMemory atSnapshot;
    try (var before = harness()) {
      before.open();
      process(before, bars, 0, CUT);
      restored.addAll(before.extractOutputValues());
      atSnapshot = memory(before);
      snapshot = before.snapshot(1L, 1L);
    }
    PolicyMemory afterRestore;
    PolicyMemory restoredMemory;
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      afterRestore = memory(after);
      process(after, bars, CUT, BARS);
      restored.addAll(after.extractOutputValues());
      restoredMemory = memory(after);
    }

    PolicyReplay.Reference reference = PolicyReplay.decide("test-a", bars, -1);
    assertThat(reference.steps()).as("steps taken").isEqualTo(BARS - (BARS - 1) / 97);
    assertThat(reference.targets()).as("the model trades often").hasSizeGreaterThan(100);
    assertThat(uninterrupted).as("uninterrupted = plain loop").isEqualTo(reference.targets());

    assertBitIdentical(afterRestore, atSnapshot);
    assertBitIdentical(atSnapshot, reference.memoryAfter().get(CUT - 1));
    assertThat(restored).as("restored run = uninterrupted run").isEqualTo(uninterrupted);
    assertBitIdentical(restoredMemory, uninterruptedMemory);
    assertBitIdentical(restoredMemory, reference.memoryAfter().get(BARS - 1));
    assertThat(restoredMemory.steps()).isEqualTo(reference.steps());
  }

  @Test
  void aModelSwappedInBeforeTheSnapshotKeepsDecidingAfterTheRestore() throws Exception {
    List<PortfolioObservation> bars = PolicyReplay.bars(0, BARS);

    List<TargetPosition> uninterrupted;
    PolicyMemory uninterruptedMemory;
    try (var harness = harness()) {
      harness.open();
      process(harness, bars, 0, SWAP);
      harness.processBroadcastElement(TestModels.release("test-b"), PolicyReplay.barEnd(SWAP));
      process(harness, bars, SWAP, BARS);
      uninterrupted = harness.extractOutputValues();
      uninterruptedMemory = memory(harness);
    }

    List<TargetPosition> restored = new ArrayList<>();
    List<TargetPosition> afterTheRestore;
    OperatorSubtaskState snapshot;
    PolicyMemory atSnapshot;
    try (var before = harness()) {
      before.open();
      process(before, bars, 0, SWAP);
      before.processBroadcastElement(TestModels.release("test-b"), PolicyReplay.barEnd(SWAP));
      process(before, bars, SWAP, CUT);
      restored.addAll(before.extractOutputValues());
      atSnapshot = memory(before);
      snapshot = before.snapshot(1L, 1L);
    }
    PolicyMemory restoredMemory;
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      assertBitIdentical(memory(after), atSnapshot);
      process(after, bars, CUT, BARS);
      afterTheRestore = after.extractOutputValues();
      restored.addAll(afterTheRestore);
      restoredMemory = memory(after);
    }

    assertThat(atSnapshot.modelVersion()).isEqualTo("test-b");
    assertThat(afterTheRestore)
        .as("the restored scorer decides with the swapped-in model")
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.strategyId()).isEqualTo("test-b"));
    assertThat(uninterrupted.stream().map(TargetPosition::strategyId).distinct())
        .containsExactly("test-a", "test-b");
    PolicyReplay.Reference reference = PolicyReplay.decide("test-a", SWAP, "test-b", bars, -1);
    assertThat(uninterrupted).as("uninterrupted = plain loop").isEqualTo(reference.targets());
    assertThat(restored).as("restored run = uninterrupted run").isEqualTo(uninterrupted);
    assertBitIdentical(restoredMemory, uninterruptedMemory);
    assertBitIdentical(restoredMemory, reference.memoryAfter().get(BARS - 1));
    assertThat(restoredMemory.steps())
        .as("test-b's steps only: its state started from zeros on the swap")
        .isLessThan(BARS - SWAP + 1);
  }

  /** Flink ships the function to the task managers: it (its settings included) must serialise. */
  @Test
  void theScorerFunctionSerialisesForTheJobGraph() throws Exception {
    PolicyScorerFunction function =
        new PolicyScorerFunction(
            TestModels.release("test-a"),
            List.of(PolicyReplay.MAIN),
            PolicyReplay.NOTIONAL,
            PolicyModel.Settings.DEFAULT);

    byte[] bytes = InstantiationUtil.serializeObject(function);

    assertThat(
            InstantiationUtil.<PolicyScorerFunction>deserializeObject(
                bytes, getClass().getClassLoader()))
        .isNotNull();
  }

  /**
   * The proof has teeth: a restore that lost (h, c) decides differently from the very next bar.
   * (Not for ever: this random-weight LSTM forgets, and a zeroed state rejoins the exact one bit
   * for bit about 50 steps later. So the proofs compare (h, c) at the restore point and every
   * decision after it, not only the state at the end.)
   */
  @Test
  void decisionsDependOnTheRecurrentState() throws Exception {
    List<PortfolioObservation> bars = PolicyReplay.bars(0, BARS);
    PolicyReplay.Reference exact = PolicyReplay.decide("test-a", bars, -1);
    PolicyReplay.Reference zeroed = PolicyReplay.decide("test-a", bars, CUT);

    List<TargetPosition> before = decidedBefore(exact.targets(), CUT);
    assertThat(decidedBefore(zeroed.targets(), CUT)).isEqualTo(before);
    assertThat(zeroed.targets().subList(before.size(), zeroed.targets().size()))
        .isNotEqualTo(exact.targets().subList(before.size(), exact.targets().size()));
    assertThat(zeroed.memoryAfter().get(CUT).h()).isNotEqualTo(exact.memoryAfter().get(CUT).h());
  }

  private static List<TargetPosition> decidedBefore(List<TargetPosition> targets, int bar) {
    return targets.stream().filter(t -> t.decisionTime() < PolicyReplay.barEnd(bar)).toList();
  }

  private static void assertBitIdentical(PolicyMemory actual, PolicyMemory expected) {
    assertThat(actual).as("memory").isNotNull();
    assertThat(actual.modelVersion()).isEqualTo(expected.modelVersion());
    assertThat(actual.steps()).isEqualTo(expected.steps());
    assertThat(actual.lastBarEnd()).isEqualTo(expected.lastBarEnd());
    assertThat(bits(actual.h())).as("h, bit for bit").containsExactly(bits(expected.h()));
    assertThat(bits(actual.c())).as("c, bit for bit").containsExactly(bits(expected.c()));
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<String, PortfolioObservation, ModelRelease, TargetPosition>
          harness,
      List<PortfolioObservation> bars,
      int from,
      int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      harness.processElement(bars.get(i), bars.get(i).barEnd());
    }
  }

  /** The keyed {@code policy-memory} value of portfolio main, read from the state backend. */
  private static PolicyMemory memory(
      KeyedBroadcastOperatorTestHarness<String, PortfolioObservation, ModelRelease, TargetPosition>
          harness)
      throws Exception {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(PolicyReplay.PORTFOLIO);
    ValueState<PolicyMemory> state =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ValueStateDescriptor<>(
                PolicyScorerFunction.MEMORY_STATE, TypeInformation.of(PolicyMemory.class)));
    return state.value();
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, PortfolioObservation, ModelRelease, TargetPosition>
      harness() throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new PolicyScorerFunction(
                TestModels.release("test-a"),
                List.of(PolicyReplay.MAIN),
                PolicyReplay.NOTIONAL,
                PolicyModel.Settings.DEFAULT),
            List.of(PolicyScorerFunction.MODELS)),
        PortfolioObservation::portfolio,
        Types.STRING,
        1,
        1,
        0);
  }
}
