package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestTicks.MINUTE;
import static io.tradingcore.testing.TestTicks.SECOND;
import static io.tradingcore.testing.TestTicks.T0;
import static io.tradingcore.testing.TestTicks.quote;
import static io.tradingcore.testing.TestTicks.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.testing.TestTicks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TickAggregationFunctionTest {
  private static final long T1 = T0 + MINUTE;
  private static final long T2 = T0 + 2 * MINUTE;
  private static final long T3 = T0 + 3 * MINUTE;
  private static final Duration TICK_RULE_MEMORY = Duration.ofMinutes(10);

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();

  @Test
  void emitsEachBarWhenTheWatermarkPassesItsEnd() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, trade("AAPL").at(T0 + 10 * SECOND).price("100").size("2"));
      send(harness, trade("MSFT").at(T0 + 20 * SECOND).price("50").size("1"));
      send(harness, trade("AAPL").at(T1 + 5 * SECOND).price("101").size("3"));

      harness.processWatermark(T1 - 1);
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processWatermark(T1);
      List<StreamRecord<Bar>> emitted = records(harness);
      assertThat(emitted)
          .extracting(r -> r.getValue().symbol(), StreamRecord::getTimestamp)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("AAPL", T1),
              org.assertj.core.groups.Tuple.tuple("MSFT", T1));
      assertThat(harness.numEventTimeTimers())
          .as("AAPL's next bar, MSFT's tick-rule expiry")
          .isEqualTo(2);
    }
  }

  @Test
  void sendsLateTicksToTheQuarantineAndCountsThem() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, trade("AAPL").at(T0 + 10 * SECOND).price("100").size("2"));
      harness.processWatermark(T1);

      send(harness, trade("AAPL").at(T0 + 59 * SECOND).price("99").size("1"));

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(refused(harness))
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.reason()).isEqualTo(QuarantineReason.LATE);
                assertThat(q.key()).isEqualTo("AAPL");
                assertThat(q.source()).isEqualTo("md.ticks.v1");
                assertThat(q.detectedBy()).isEqualTo(TickAggregationFunction.DETECTED_BY);
              });
      assertThat(((Counter) metrics.get("ticks_late_total")).getCount()).isEqualTo(1);
    }
  }

  @Test
  void quarantinesImplausibleAndDuplicateTicksWithTheirReason() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, trade("AAPL").at(T0).price("100").size("1").tradeId("7"));
      send(harness, trade("AAPL").at(T0 + SECOND).price("100").size("1").tradeId("7"));
      send(harness, trade("AAPL").at(T0 + SECOND).price("-1").size("1"));
      send(harness, quote("AAPL").at(T0 + SECOND).bid("101", "1").ask("100", "1"));

      assertThat(refused(harness))
          .extracting(Quarantined::reason)
          .containsExactly(
              QuarantineReason.DUPLICATE,
              QuarantineReason.NON_POSITIVE_PRICE,
              QuarantineReason.CROSSED_QUOTE);
      assertThat(((Counter) metrics.get("ticks_late_total")).getCount()).isZero();
    }
  }

  @Test
  void restoresOpenBarsAndGivesTheSameBars() throws Exception {
    List<TestTicks> before =
        List.of(
            trade("AAPL").at(T0 + 5 * SECOND).price("100").size("1").tradeId("1"),
            trade("AAPL").at(T0 + 15 * SECOND).price("100.5").size("2").tradeId("2"),
            quote("AAPL").at(T0 + 16 * SECOND).bid("100.4", "30").ask("100.6", "10"),
            trade("AAPL").at(T1 + 5 * SECOND).price("100.25").size("4").tradeId("3"));
    List<TestTicks> after =
        List.of(
            trade("AAPL").at(T0 + 50 * SECOND).price("100.5").size("8").tradeId("4"),
            trade("AAPL").at(T0 + 55 * SECOND).price("100.5").size("1").tradeId("2"),
            trade("AAPL").at(T1 + 30 * SECOND).price("101").size("16").tradeId("5"));

    List<Bar> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      before.forEach(t -> send(harness, t));
      after.forEach(t -> send(harness, t));
      harness.processWatermark(T2);
      uninterrupted = harness.extractOutputValues();
    }

    OperatorSubtaskState snapshot;
    try (var first = harness()) {
      first.open();
      before.forEach(t -> send(first, t));
      snapshot = first.snapshot(1L, 1L);
    }
    List<Bar> restored;
    List<Quarantined> refusedAfterRestore;
    try (var second = harness()) {
      second.initializeState(snapshot);
      second.open();
      after.forEach(t -> send(second, t));
      second.processWatermark(T2);
      restored = second.extractOutputValues();
      refusedAfterRestore = refused(second);
    }

    assertThat(uninterrupted).hasSize(2);
    assertThat(restored).isEqualTo(uninterrupted);
    assertThat(refusedAfterRestore)
        .as("trade id 2 was remembered across the restore")
        .extracting(Quarantined::reason)
        .containsExactly(QuarantineReason.DUPLICATE);
    Bar first = uninterrupted.get(0);
    assertThat(first.volume()).isEqualByComparingTo("11");
    assertThat(first.buyVolume()).as("2 on the uptick, 8 inheriting it").isEqualByComparingTo("10");
    assertThat(first.quoteImbalance()).isEqualTo(0.5);
  }

  @Test
  void leavesNoStateOrTimersOnceBarsAreEmittedAndTheSymbolIsQuiet() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, trade("AAPL").at(T0 + 10 * SECOND).price("100").size("1").tradeId("1"));
      send(harness, trade("AAPL").at(T1 + 10 * SECOND).price("101").size("1").tradeId("2"));
      send(harness, quote("AAPL").at(T2 + 10 * SECOND).bid("100", "1").ask("101", "1"));

      harness.processWatermark(T3);
      assertThat(harness.extractOutputValues()).hasSize(2);
      assertThat(harness.numKeyedStateEntries())
          .as("only the tick-rule reference is left")
          .isEqualTo(1);
      assertThat(harness.numEventTimeTimers()).as("its expiry").isEqualTo(1);

      harness.processWatermark(T1 + 10 * SECOND + TICK_RULE_MEMORY.toMillis());
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness() throws Exception {
    InterceptingTaskMetricGroup task =
        new InterceptingTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(
              OperatorID operatorId, String name, Map<String, String> additionalVariables) {
            return metrics;
          }
        };
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new TickAggregationFunction(
                new TickBarBuilder(Duration.ofMinutes(1), TICK_RULE_MEMORY, "ticks"),
                "md.ticks.v1")),
        Tick::symbol,
        Types.STRING,
        new MockEnvironmentBuilder().setMetricGroup(task).build());
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness, TestTicks tick) {
    Tick built = tick.build();
    try {
      harness.processElement(built, built.eventTimeMillis());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<StreamRecord<Bar>> records(
      KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness) {
    return harness.getOutput().stream()
        .filter(o -> o instanceof StreamRecord<?>)
        .map(o -> (StreamRecord<Bar>) o)
        .toList();
  }

  private static List<Quarantined> refused(
      KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness) {
    var side = harness.getSideOutput(TickAggregationFunction.QUARANTINE);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
