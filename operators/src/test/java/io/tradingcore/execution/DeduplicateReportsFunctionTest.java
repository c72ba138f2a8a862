package io.tradingcore.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicateReportsFunctionTest {

  @Test
  void letsEachReportThroughOnce() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement(report("e1"), 0L);
      harness.processElement(report("e2"), 0L);
      harness.processElement(report("e1"), 0L);

      assertThat(harness.extractOutputValues())
          .extracting(ExecutionReport::executionId)
          .containsExactly("e1", "e2");
      assertThat(duplicates(harness))
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.reason()).isEqualTo(QuarantineReason.DUPLICATE);
                assertThat(q.detail()).contains("e1");
              });
    }
  }

  @Test
  void remembersWhatItAppliedAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      before.processElement(report("e1"), 0L);
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      after.processElement(report("e1"), 0L);

      assertThat(after.extractOutputValues()).isEmpty();
      assertThat(duplicates(after)).hasSize(1);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ExecutionReport, ExecutionReport>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new DeduplicateReportsFunction()),
        ExecutionReport::portfolio,
        Types.STRING);
  }

  private static List<Quarantined> duplicates(
      KeyedOneInputStreamOperatorTestHarness<String, ExecutionReport, ExecutionReport> harness) {
    var side = harness.getSideOutput(DeduplicateReportsFunction.DUPLICATES);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private static ExecutionReport report(String executionId) {
    return new ExecutionReport(
        executionId,
        "o1",
        "main",
        "AAPL",
        Side.BUY,
        ExecutionStatus.FILLED,
        BigDecimal.TEN,
        new BigDecimal("100"),
        BigDecimal.TEN,
        BigDecimal.ZERO,
        BigDecimal.ONE,
        0L);
  }
}
