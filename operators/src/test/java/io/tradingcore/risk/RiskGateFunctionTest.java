package io.tradingcore.risk;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static io.tradingcore.testing.TestReports.filled;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
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
  void aTargetWaitsForTheMarketContextOfItsOwnBar() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, GateInput.of(target("AAPL", 3, "40")));
      assertThat(harness.extractOutputValues()).as("bar 3 not seen yet").isEmpty();

      send(harness, GateInput.of(bar(3)));

      List<Order> orders = harness.extractOutputValues();
      assertThat(orders)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.clientOrderId())
                    .isEqualTo(ClientOrderIds.of("main", minute(3), "AAPL", 1));
                assertThat(o.quantity()).isEqualByComparingTo("40");
                assertThat(o.modelVersion()).isEqualTo("momentum@1");
              });
    }
  }

  @Test
  void keepsTheTradingStateAndTheBookAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      send(harness, GateInput.of(bar(3)));
      send(harness, GateInput.of(target("AAPL", 3, "40")));
      Order first = harness.extractOutputValues().get(0);
      send(harness, GateInput.of(filled(first, "150", "0.6")));
      send(harness, GateInput.of(kill(), "main"));
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      send(restored, GateInput.of(bar(4)));
      send(restored, GateInput.of(target("MSFT", 4, "10")));

      assertThat(restored.extractOutputValues()).as("still halted").isEmpty();
      assertThat(events(restored))
          .extracting(RiskAlert::reason)
          .containsExactly(RiskReason.TRADING_HALTED);
      assertThat(events(restored).get(0).tradingState()).isEqualTo(TradingState.HALTED);

      send(restored, GateInput.of(resume(), "main"));
      send(restored, GateInput.of(target("AAPL", 4, "0")));
      Order close = restored.extractOutputValues().get(0);
      assertThat(close.quantity()).as("the restored position").isEqualByComparingTo("40");
      assertThat(close.sequence()).as("numbering goes on").isEqualTo(2);
    }
  }

  @Test
  void ignoresReportsOfPortfoliosItDoesNotTrade() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, GateInput.of(bar(3)));
      send(harness, GateInput.of(target("AAPL", 3, "40")));
      Order order = harness.extractOutputValues().get(0);
      Order foreign =
          new Order(
              "other-id",
              "other",
              1,
              "AAPL",
              order.side(),
              order.quantity(),
              order.orderType(),
              null,
              order.timeInForce(),
              order.referencePrice(),
              order.decisionTime(),
              "x",
              "y");
      send(harness, GateInput.of(filled(foreign, "150", "0")));

      assertThat(harness.numKeyedStateEntries()).as("only main's state").isEqualTo(1);
    }
  }

  /** The market context of the bar ending at {@code minute}: AAPL at 150, MSFT at 100. */
  private static io.tradingcore.features.cross.PortfolioObservation bar(int minute) {
    return observation(
            features("AAPL").atMinute(minute).close("150"),
            features("MSFT").atMinute(minute).close("100"))
        .build();
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> harness, GateInput input)
      throws Exception {
    harness.processElement(new StreamRecord<>(input));
  }

  private static TargetPosition target(String symbol, int minute, String quantity) {
    return new TargetPosition(
        "main",
        symbol,
        minute(minute),
        new BigDecimal(quantity),
        new BigDecimal(symbol.equals("AAPL") ? "150" : "100"),
        "momentum@1",
        "test");
  }

  private static OperatorCommand kill() {
    return new OperatorCommand(
        "kill-1", "*", ControlCommand.KILL, null, null, "alice", "test", minute(3));
  }

  private static OperatorCommand resume() {
    return new OperatorCommand(
        "resume-1", "main", ControlCommand.RESUME, null, null, "alice", "test", minute(4));
  }

  private static List<RiskAlert> events(
      KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> harness) {
    return harness.getSideOutput(RiskGateFunction.EVENTS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, GateInput, Order> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(
            new RiskGateFunction(
                List.of(MAIN), MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK))),
        GateInput::portfolio,
        Types.STRING);
  }
}
