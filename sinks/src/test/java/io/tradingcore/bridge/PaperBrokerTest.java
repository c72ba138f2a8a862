package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperBrokerTest {
  private static final long T0 = Instant.parse("2024-01-08T14:31:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final PaperBroker broker =
      new PaperBroker(PaperFillModel.DEFAULT, new BigDecimal("100000"), 3, CLOCK);

  @Test
  void acceptsThenFillsOnTheOpenOfTheNextBar() {
    Order order = buy("o1", "100", "150", T0);

    List<ExecutionReport> accepted = broker.submit(order);
    List<ExecutionReport> sameBar = broker.onMarketData(bar(T0 - MINUTE, "149", "150"));
    List<ExecutionReport> nextBar = broker.onMarketData(bar(T0, "150", "151"));

    assertThat(accepted)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED);
    assertThat(sameBar).as("the decision bar itself never fills the order").isEmpty();
    assertThat(nextBar).hasSize(1);
    ExecutionReport fill = nextBar.get(0);
    assertThat(fill.getStatus()).isEqualTo(ExecutionStatus.FILLED);
    assertThat(fill.getLastPrice()).isEqualByComparingTo("150");
    assertThat(fill.getLastQuantity()).isEqualByComparingTo("100");
    assertThat(fill.getFee()).isEqualByComparingTo("1.61");
    assertThat(fill.getTsEvent()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(fill.getLeavesQuantity()).isEqualByComparingTo("0");
    // 100,000 − 15,000 − 1.61
    assertThat(broker.cashOf("main")).isEqualByComparingTo("84998.39");
  }

  @Test
  void aLateOrderStillFillsOnTheBarAfterItsDecisionNotTheCurrentOne() {
    broker.onMarketData(bar(T0, "150", "151"));
    broker.onMarketData(bar(T0 + MINUTE, "152", "153"));

    List<ExecutionReport> reports = broker.submit(buy("o1", "10", "150", T0));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED, ExecutionStatus.FILLED);
    assertThat(reports.get(1).getLastPrice()).isEqualByComparingTo("150");
  }

  @Test
  void rejectsAnOrderWhoseFillBarWasForgotten() {
    for (int i = 0; i < 5; i++) {
      broker.onMarketData(bar(T0 + i * MINUTE, "150", "151"));
    }

    List<ExecutionReport> reports = broker.submit(buy("o1", "10", "150", T0));

    assertThat(reports.get(reports.size() - 1).getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(reports.get(reports.size() - 1).getText()).contains("history");
  }

  @Test
  void rejectsABuyTheCashCannotCover() {
    List<ExecutionReport> reports = broker.submit(buy("o1", "1000", "150", T0));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.REJECTED);
    assertThat(reports.get(0).getText()).contains("insufficient buying power");
  }

  @Test
  void countsWorkingBuysAgainstBuyingPower() {
    broker.submit(buy("o1", "600", "100", T0));

    List<ExecutionReport> second = broker.submit(buy("o2", "600", "100", T0));

    assertThat(second)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.REJECTED);
  }

  @Test
  void submittingTheSameClientOrderIdTwicePlacesOneOrder() {
    Order order = buy("o1", "10", "150", T0);
    broker.submit(order);

    assertThat(broker.submit(order)).isEmpty();
    assertThat(broker.lookup("o1")).contains(ExecutionStatus.ACCEPTED);
    assertThat(broker.workingOrders()).isEqualTo(1);
  }

  @Test
  void aKnownOrdersReportsAreEveryReportItProducedUnderTheSameIds() {
    Order filled = buy("o1", "10", "150", T0);
    Order rejected = buy("o2", "1000", "150", T0);
    List<ExecutionReport> published = new ArrayList<>(broker.submit(filled));
    published.addAll(broker.onMarketData(bar(T0, "150", "151")));
    List<ExecutionReport> refused = broker.submit(rejected);

    assertThat(broker.reportsOf(filled))
        .as("what a bridge that died before publishing sends again")
        .containsExactlyElementsOf(published)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED, ExecutionStatus.FILLED);
    assertThat(broker.reportsOf(filled))
        .extracting(ExecutionReport::getExecutionId)
        .containsExactly(ClientOrderIds.executionId("o1", 1), ClientOrderIds.executionId("o1", 2));
    assertThat(broker.reportsOf(rejected)).containsExactlyElementsOf(refused);
    assertThat(broker.reportsOf(buy("o3", "10", "150", T0))).as("unknown").isEmpty();
  }

  @Test
  void theKillSwitchCancelsWorkingOrdersOfThePortfolio() {
    broker.submit(buy("o1", "10", "150", T0));

    List<ExecutionReport> canceled = broker.cancelAll("main");

    assertThat(canceled)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.CANCELED);
    assertThat(broker.onMarketData(bar(T0, "150", "151"))).isEmpty();
  }

  @Test
  void cancelsOneWorkingOrderAndIgnoresOneThatIsNotWorking() {
    broker.submit(buy("o1", "10", "150", T0));
    broker.submit(buy("o2", "10", "150", T0));

    List<ExecutionReport> canceled = broker.cancel("o1");

    assertThat(canceled)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getClientOrderId()).isEqualTo("o1");
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.CANCELED);
            });
    assertThat(broker.cancel("o1")).as("already canceled").isEmpty();
    assertThat(broker.cancel("unknown")).isEmpty();
    assertThat(broker.lookup("o1")).contains(ExecutionStatus.CANCELED);
    assertThat(broker.onMarketData(bar(T0, "150", "151")))
        .extracting(ExecutionReport::getClientOrderId)
        .containsExactly("o2");
  }

  @Test
  void reportIdsAreDeterministic() {
    PaperBroker other = new PaperBroker(PaperFillModel.DEFAULT, new BigDecimal("100000"), 3, CLOCK);
    Order order = buy("o1", "10", "150", T0);

    assertThat(broker.submit(order).get(0).getExecutionId())
        .isEqualTo(other.submit(order).get(0).getExecutionId());
  }

  private static Order buy(String id, String quantity, String reference, long decisionTime) {
    return new Order(
        id,
        "main",
        1,
        "AAPL",
        Side.BUY,
        new BigDecimal(quantity),
        OrderType.MARKET,
        null,
        TimeInForce.DAY,
        new BigDecimal(reference),
        decisionTime,
        "momentum@1",
        "test");
  }

  private static Bar bar(long start, String open, String close) {
    BigDecimal o = new BigDecimal(open);
    BigDecimal c = new BigDecimal(close);
    return new Bar(
        "AAPL",
        start,
        start + MINUTE,
        o,
        o.max(c),
        o.min(c),
        c,
        new BigDecimal("1000"),
        null,
        null,
        "test");
  }
}
