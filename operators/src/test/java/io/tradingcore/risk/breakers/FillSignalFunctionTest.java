package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY_10AM;
import static io.tradingcore.risk.breakers.BreakerTestData.SECOND;
import static io.tradingcore.risk.breakers.BreakerTestData.UNWATCHED;
import static io.tradingcore.risk.breakers.BreakerTestData.accepted;
import static io.tradingcore.risk.breakers.BreakerTestData.portfolio;
import static io.tradingcore.risk.breakers.BreakerTestData.report;
import static io.tradingcore.risk.breakers.BreakerTestData.setLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FillSignalFunctionTest {
  private static final BreakerPortfolios WATCHED = new BreakerPortfolios(List.of(portfolio(ALPHA)));

  /** Order ids are remembered for the runaway window (1 min) plus this: 65 s in all. */
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  @Test
  void aRejectIsARejectAndAnOrderThatReachedTheBroker() throws Exception {
    try (var harness = harness(null)) {
      process(harness, report(ALPHA, "o1", ExecutionStatus.REJECTED, MONDAY_10AM));

      assertThat(harness.extractOutputValues())
          .extracting(FillSignal::kind, FillSignal::clientOrderId, FillSignal::timestamp)
          .containsExactly(
              tuple(FillSignal.Kind.REJECT, "o1", MONDAY_10AM),
              tuple(FillSignal.Kind.ORDER, "o1", MONDAY_10AM));
    }
  }

  @Test
  void onlyTheFirstAcceptedOrRejectedReportOfAnOrderCountsAsAnOrder() throws Exception {
    try (var harness = harness(null)) {
      process(
          harness,
          report(ALPHA, "o1", ExecutionStatus.ACCEPTED, MONDAY_10AM),
          report(ALPHA, "o1", ExecutionStatus.PARTIALLY_FILLED, MONDAY_10AM + 10),
          report(ALPHA, "o1", ExecutionStatus.FILLED, MONDAY_10AM + 20),
          report(ALPHA, "o1", ExecutionStatus.ACCEPTED, MONDAY_10AM),
          report(ALPHA, "o2", ExecutionStatus.CANCELED, MONDAY_10AM + 30),
          report(ALPHA, "o3", ExecutionStatus.REJECTED, MONDAY_10AM + 40),
          report(UNWATCHED, "o4", ExecutionStatus.REJECTED, MONDAY_10AM + 50));

      assertThat(harness.extractOutputValues())
          .extracting(FillSignal::kind, FillSignal::clientOrderId)
          .containsExactly(
              tuple(FillSignal.Kind.ORDER, "o1"),
              tuple(FillSignal.Kind.REJECT, "o3"),
              tuple(FillSignal.Kind.ORDER, "o3"));
    }
  }

  @Test
  void aSetLimitStampsTheNewThresholdOnLaterSignals() throws Exception {
    try (var harness = harness(null)) {
      process(harness, report(ALPHA, "o1", ExecutionStatus.REJECTED, MONDAY_10AM));
      harness.processBroadcastElement(setLimit(ALPHA, RiskParameter.REJECT_BURST, "8"), 0);
      process(harness, report(ALPHA, "o2", ExecutionStatus.REJECTED, MONDAY_10AM + 1));

      assertThat(harness.extractOutputValues())
          .extracting(FillSignal::clientOrderId, s -> s.thresholds().rejectBurst())
          .containsExactly(tuple("o1", 10), tuple("o1", 10), tuple("o2", 8), tuple("o2", 8));
    }
  }

  @Test
  void forgetsAnOrderOnceItCanNoLongerShareARunawayWindowWithANewOne() throws Exception {
    try (var harness = harness(null)) {
      // An order every 10 s for 10 minutes: 61 orders.
      process(
          harness,
          accepted(ALPHA, 61, MONDAY_10AM, SECOND.multipliedBy(10))
              .toArray(ExecutionReport[]::new));

      // Swept when the newest report is more than 65 s past the last sweep: at 70 s, 140 s, …,
      // 560 s, each time keeping the ids of the last 65 s. After 560 s: 500 s … 600 s, 11 ids.
      Map<String, Long> remembered = remembered(harness);
      assertThat(remembered).hasSize(11);
      assertThat(remembered.values()).allMatch(ts -> ts >= MONDAY_10AM + 500_000);
      assertThat(harness.extractOutputValues()).hasSize(61);
    }
  }

  @Test
  void aRestoreRemembersTheOrdersAlreadyCounted() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(null)) {
      process(harness, report(ALPHA, "o1", ExecutionStatus.ACCEPTED, MONDAY_10AM));
      snapshot = harness.snapshot(1L, 1L);
    }
    try (var restored = harness(snapshot)) {
      process(
          restored,
          report(ALPHA, "o1", ExecutionStatus.ACCEPTED, MONDAY_10AM),
          report(ALPHA, "o2", ExecutionStatus.ACCEPTED, MONDAY_10AM + 1));

      assertThat(restored.extractOutputValues())
          .extracting(FillSignal::kind, FillSignal::clientOrderId)
          .containsExactly(tuple(FillSignal.Kind.ORDER, "o2"));
    }
  }

  private static Map<String, Long> remembered(
      KeyedBroadcastOperatorTestHarness<String, ExecutionReport, OperatorCommand, FillSignal>
          harness)
      throws Exception {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(ALPHA);
    MapState<String, Long> orders =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>(FillSignalFunction.ORDERS_STATE, Types.STRING, Types.LONG));
    Map<String, Long> copy = new HashMap<>();
    for (Map.Entry<String, Long> entry : orders.entries()) {
      copy.put(entry.getKey(), entry.getValue());
    }
    return copy;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<String, ExecutionReport, OperatorCommand, FillSignal>
          harness,
      ExecutionReport... reports)
      throws Exception {
    for (ExecutionReport report : reports) {
      harness.processElement(report, report.tsEvent());
    }
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, ExecutionReport, OperatorCommand, FillSignal>
      harness(OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new FillSignalFunction(WATCHED, OUT_OF_ORDERNESS),
                List.of(ThresholdState.OVERRIDES)),
            ExecutionReport::portfolio,
            Types.STRING,
            1,
            1,
            0);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }
}
