package io.tradingcore.portfolio;

import static io.tradingcore.portfolio.ReconciliationTest.pos;
import static io.tradingcore.portfolio.ReconciliationTest.statement;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ReconciliationFunctionTest {
  private static final PortfolioSpec MAIN = PositionBookFunctionTest.MAIN;

  @Test
  void raisesOneHaltWhenTheBrokerHoldsWhatTheBookDoesNot() throws Exception {
    try (var harness = harness()) {
      harness.open();
      bookAfterFill(harness, 1, "100");
      harness.processElement2(new StreamRecord<>(statement(1, pos("AAPL", "150", 1))));
      harness.processElement2(new StreamRecord<>(statement(2, pos("AAPL", "150", 1))));
      harness.processElement2(new StreamRecord<>(statement(3, pos("AAPL", "150", 1))));

      List<RiskAlert> alerts = harness.extractOutputValues();
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).reason()).isEqualTo(RiskReason.RECONCILIATION);
      assertThat(alerts.get(0).symbol()).isEqualTo("AAPL");
      assertThat(alerts.get(0).cause()).contains("AAPL broker 150, book 100");
    }
  }

  @Test
  void marksDoNotChangeTheQuantitiesAndOtherPortfoliosAreIgnored() throws Exception {
    try (var harness = harness()) {
      harness.open();
      bookAfterFill(harness, 1, "100");
      harness.processElement1(
          new StreamRecord<>(
              new BookSnapshot(2, SnapshotTrigger.MARK, 0L, Book.open("main", BigDecimal.ONE))));
      harness.processElement2(new StreamRecord<>(statement(1, pos("AAPL", "100", 1))));
      harness.processElement2(new StreamRecord<>(statement(2, pos("AAPL", "100", 1))));
      BrokerStatement foreign =
          new BrokerStatement("other", "paper", "bridge", 0L, 1, 0L, List.of(pos("X", "1", 1)));
      harness.processElement2(new StreamRecord<>(foreign));
      harness.processElement2(new StreamRecord<>(foreign));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.numKeyedStateEntries()).as("nothing kept for 'other'").isEqualTo(1);
    }
  }

  @Test
  void aPendingDifferenceSurvivesARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      bookAfterFill(before, 1, "100");
      before.processElement2(new StreamRecord<>(statement(1, pos("AAPL", "150", 1))));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      after.processElement2(new StreamRecord<>(statement(2, pos("AAPL", "150", 1))));

      assertThat(after.extractOutputValues()).hasSize(1);
    }
  }

  private static void bookAfterFill(
      KeyedTwoInputStreamOperatorTestHarness<String, BookSnapshot, BrokerStatement, RiskAlert>
          harness,
      long sequence,
      String quantity)
      throws Exception {
    Book book =
        Book.open("main", new BigDecimal("100000"))
            .applyFill("AAPL", Side.BUY, new BigDecimal(quantity), BigDecimal.TEN, BigDecimal.ZERO);
    ExecutionReport fill =
        new ExecutionReport(
            "AAPL#1",
            "order-1",
            "main",
            "AAPL",
            Side.BUY,
            ExecutionStatus.FILLED,
            new BigDecimal(quantity),
            BigDecimal.TEN,
            new BigDecimal(quantity),
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            0L);
    harness.processElement1(
        new StreamRecord<>(new BookSnapshot(sequence, SnapshotTrigger.FILL, 0L, book, fill)));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, BookSnapshot, BrokerStatement, RiskAlert>
      harness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new ReconciliationFunction(List.of(MAIN))),
        s -> s.book().portfolio(),
        BrokerStatement::portfolio,
        Types.STRING);
  }
}
