package io.tradingcore.risk;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestReports.filled;
import static io.tradingcore.testing.TestReports.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RiskGateFunctionTest {
  private static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("AAPL", "MSFT"),
          new BigDecimal("100000"),
          new RiskLimits(new BigDecimal("500"), new BigDecimal("25000"), new BigDecimal("100")),
          LotSizes.WHOLE_UNITS);

  @Test
  void releasesNumberedOrdersWithDeterministicIds() throws Exception {
    try (var harness = harness()) {
      harness.open();
      target(harness, "AAPL", 3, "40", "150");
      target(harness, "MSFT", 3, "30", "100");

      List<Order> orders = harness.extractOutputValues();
      assertThat(orders).extracting(Order::sequence).containsExactly(1L, 2L);
      assertThat(orders.get(0).clientOrderId())
          .isEqualTo(ClientOrderIds.of("main", minute(3), "AAPL", 1));
      assertThat(orders.get(0).side()).isEqualTo(Side.BUY);
      assertThat(orders.get(0).quantity()).isEqualByComparingTo("40");
      assertThat(orders.get(0).modelVersion()).isEqualTo("momentum@1");
      assertThat(orders.get(0).decisionTime()).isEqualTo(minute(3));
    }
  }

  @Test
  void waitsForTheFillBeforeTradingTheSymbolAgain() throws Exception {
    try (var harness = harness()) {
      harness.open();
      target(harness, "AAPL", 3, "40", "150");
      target(harness, "AAPL", 4, "60", "150");
      assertThat(harness.extractOutputValues()).hasSize(1);

      Order first = harness.extractOutputValues().get(0);
      harness.processElement2(new StreamRecord<>(filled(first, "150.10", "0.60")));
      target(harness, "AAPL", 5, "60", "150");

      List<Order> orders = harness.extractOutputValues();
      assertThat(orders).hasSize(2);
      assertThat(orders.get(1).quantity()).as("60 target − 40 filled").isEqualByComparingTo("20");
      assertThat(orders.get(1).sequence()).isEqualTo(2L);
    }
  }

  @Test
  void aRejectedOrderFreesTheSymbolAndChangesNoPosition() throws Exception {
    try (var harness = harness()) {
      harness.open();
      target(harness, "AAPL", 3, "40", "150");
      harness.processElement2(new StreamRecord<>(rejected(harness.extractOutputValues().get(0))));
      target(harness, "AAPL", 4, "40", "150");

      List<Order> orders = harness.extractOutputValues();
      assertThat(orders).hasSize(2);
      assertThat(orders.get(1).quantity()).isEqualByComparingTo("40");
    }
  }

  @Test
  void deniesAnOrderThatFailsAPreTradeCheckAndReportsIt() throws Exception {
    try (var harness = harness()) {
      harness.open();
      target(harness, "AAPL", 3, "40", "0");

      assertThat(harness.extractOutputValues()).isEmpty();
      List<RiskAlert> denials =
          harness.getSideOutput(RiskGateFunction.DENIALS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(denials).hasSize(1);
      assertThat(denials.get(0).reason()).isEqualTo(RiskReason.NO_REFERENCE_PRICE);
      assertThat(denials.get(0).severity()).isEqualTo(Severity.DENY);
      assertThat(denials.get(0).causationId())
          .isEqualTo(ClientOrderIds.of("main", minute(3), "AAPL", 1));
    }
  }

  @Test
  void neverTakesAPositionPastTheLimitEvenWhenAskedTo() throws Exception {
    try (var harness = harness()) {
      harness.open();
      target(harness, "AAPL", 3, "250", "10");
      Order first = harness.extractOutputValues().get(0);
      harness.processElement2(new StreamRecord<>(filled(first, "10", "0")));
      target(harness, "AAPL", 4, "250", "10");

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(first.quantity()).isEqualByComparingTo("100");
    }
  }

  @Test
  void ignoresFillsOfPortfoliosItDoesNotTrade() throws Exception {
    try (var harness = harness()) {
      harness.open();
      Order foreign =
          new Order(
              "other-1",
              "other",
              1,
              "AAPL",
              Side.BUY,
              new BigDecimal("5"),
              io.tradingcore.schemas.avro.OrderType.MARKET,
              null,
              io.tradingcore.schemas.avro.TimeInForce.DAY,
              BigDecimal.TEN,
              minute(1),
              "x",
              "x");
      harness.processElement2(new StreamRecord<>(filled(foreign, "10", "0")));

      assertThat(harness.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void keepsPositionsWorkingOrdersAndSequenceAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    Order working;
    try (var before = harness()) {
      before.open();
      target(before, "AAPL", 3, "40", "150");
      working = before.extractOutputValues().get(0);
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      target(after, "AAPL", 4, "60", "150");
      assertThat(after.extractOutputValues()).as("the restored working order blocks").isEmpty();

      after.processElement2(new StreamRecord<>(filled(working, "150", "0.60")));
      target(after, "AAPL", 5, "60", "150");

      Order next = after.extractOutputValues().get(0);
      assertThat(next.sequence()).isEqualTo(2L);
      assertThat(next.quantity()).isEqualByComparingTo("20");
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, TargetPosition, ExecutionReport, Order>
      harness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new RiskGateFunction(List.of(MAIN))),
        TargetPosition::portfolio,
        ExecutionReport::portfolio,
        Types.STRING);
  }

  private static void target(
      KeyedTwoInputStreamOperatorTestHarness<String, TargetPosition, ExecutionReport, Order>
          harness,
      String symbol,
      int minute,
      String quantity,
      String price)
      throws Exception {
    harness.processElement1(
        new StreamRecord<>(
            new TargetPosition(
                "main",
                symbol,
                minute(minute),
                new BigDecimal(quantity),
                new BigDecimal(price),
                "momentum@1",
                "test")));
  }
}
