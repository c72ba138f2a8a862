package io.tradingcore.portfolio;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.avro.ExecutionStatus;
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

class PositionBookFunctionTest {
  static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("AAPL"),
          new BigDecimal("100000"),
          RiskLimits.DEFAULT,
          LotSizes.WHOLE_UNITS);

  @Test
  void appliesFillsAndMarksWithNumberedSnapshots() throws Exception {
    try (var harness = harness()) {
      harness.open();
      mark(harness, "150");
      fill(harness, "buy-1", Side.BUY, "100", "150.50", "1.61");
      mark(harness, "152");

      List<BookSnapshot> snapshots = harness.extractOutputValues();
      assertThat(snapshots).extracting(BookSnapshot::sequence).containsExactly(1L, 2L, 3L);
      assertThat(snapshots)
          .extracting(BookSnapshot::trigger)
          .containsExactly(SnapshotTrigger.MARK, SnapshotTrigger.FILL, SnapshotTrigger.MARK);
      Book last = snapshots.get(2).book();
      // 100,000 − 15,050 − 1.61 = 84,948.39; + 100 × 152 = 100,148.39
      assertThat(last.cash()).isEqualByComparingTo("84948.39");
      assertThat(last.equity()).isEqualByComparingTo("100148.39");
      assertThat(last.unrealizedPnl()).isEqualByComparingTo("150");
    }
  }

  @Test
  void ignoresReportsWithoutAFillAndOtherPortfolios() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement2(
          new StreamRecord<>(
              new ExecutionReport(
                  "e1",
                  "o1",
                  "main",
                  "AAPL",
                  Side.BUY,
                  ExecutionStatus.ACCEPTED,
                  BigDecimal.ZERO,
                  null,
                  BigDecimal.ZERO,
                  BigDecimal.TEN,
                  BigDecimal.ZERO,
                  0L)));
      harness.processElement2(new StreamRecord<>(report("other", "o2", Side.BUY, "5", "10", "0")));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void continuesTheBookAndItsNumberingAfterARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      fill(before, "buy-1", Side.BUY, "100", "150", "1.61");
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      fill(after, "sell-1", Side.SELL, "100", "151", "1.62");

      BookSnapshot next = after.extractOutputValues().get(0);
      assertThat(next.sequence()).isEqualTo(2L);
      assertThat(next.book().realizedPnl()).isEqualByComparingTo("100");
      assertThat(next.book().cash()).isEqualByComparingTo("100096.77");
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, PortfolioBar, ExecutionReport, BookSnapshot>
      harness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new PositionBookFunction(List.of(MAIN))),
        PortfolioBar::portfolio,
        ExecutionReport::portfolio,
        Types.STRING);
  }

  private static void mark(
      KeyedTwoInputStreamOperatorTestHarness<String, PortfolioBar, ExecutionReport, BookSnapshot>
          harness,
      String close)
      throws Exception {
    harness.processElement1(
        new StreamRecord<>(new PortfolioBar("main", bar("AAPL").flatAt(close).build())));
  }

  private static void fill(
      KeyedTwoInputStreamOperatorTestHarness<String, PortfolioBar, ExecutionReport, BookSnapshot>
          harness,
      String id,
      Side side,
      String quantity,
      String price,
      String fee)
      throws Exception {
    harness.processElement2(new StreamRecord<>(report("main", id, side, quantity, price, fee)));
  }

  private static ExecutionReport report(
      String portfolio, String id, Side side, String quantity, String price, String fee) {
    return new ExecutionReport(
        "exec-" + id,
        id,
        portfolio,
        "AAPL",
        side,
        ExecutionStatus.FILLED,
        new BigDecimal(quantity),
        new BigDecimal(price),
        new BigDecimal(quantity),
        BigDecimal.ZERO,
        new BigDecimal(fee),
        0L);
  }
}
