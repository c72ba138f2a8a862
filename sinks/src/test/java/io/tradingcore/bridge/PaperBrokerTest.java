package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.testing.TestBars;
import io.tradingcore.testing.TestOrders;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void keepsThePositionsItsFillsAddUpToPerPortfolio() {
    assertThat(broker.positionsOf("main")).as("nothing traded yet").hasValue(Map.of());
    broker.submit(buy("o1", "100", "150", T0));
    broker.submit(order("o2", Side.SELL, "30", "150", T0));
    broker.submit(order("o3", Side.SELL, "5", "150", T0 + 5 * MINUTE));
    broker.onMarketData(bar(T0, "150", "151"));

    // o1 and o2 filled on the bar at T0: +100 − 30; o3 waits for a later bar.
    assertThat(broker.positionsOf("main").orElseThrow())
        .containsOnlyKeys("AAPL")
        .hasEntrySatisfying("AAPL", q -> assertThat(q).isEqualByComparingTo("70"));
    assertThat(broker.positionsOf("other")).hasValue(Map.of());
  }

  @Test
  void reportIdsAreDeterministic() {
    PaperBroker other = new PaperBroker(PaperFillModel.DEFAULT, new BigDecimal("100000"), 3, CLOCK);
    Order order = buy("o1", "10", "150", T0);

    assertThat(broker.submit(order).get(0).getExecutionId())
        .isEqualTo(other.submit(order).get(0).getExecutionId());
  }

  @Test
  void fillsAtMostTenPercentOfEachBarAndReportsThePartsWithAnExactAverage() {
    broker.submit(buy("o1", "300", "150", T0));

    ExecutionReport first = single(broker.onMarketData(bar(T0, "150", "150")));
    ExecutionReport second = single(broker.onMarketData(bar(T0 + MINUTE, "151", "151")));

    assertThat(first.getStatus()).isEqualTo(ExecutionStatus.PARTIALLY_FILLED);
    assertThat(first.getLastQuantity()).isEqualByComparingTo("100");
    assertThat(first.getCumulativeQuantity()).isEqualByComparingTo("100");
    assertThat(first.getLeavesQuantity()).isEqualByComparingTo("200");
    assertThat(second.getCumulativeQuantity()).isEqualByComparingTo("200");
    assertThat(second.getLeavesQuantity()).isEqualByComparingTo("100");
    assertThat(second.getAveragePrice()).isEqualByComparingTo("150.5");
    // 15,100 × (1.0 + 0.5 × 0.151) bp = 1.624 → 1.62
    assertThat(second.getFee()).isEqualByComparingTo("1.62");
    // 100,000 − (15,000 + 1.61) − (15,100 + 1.62)
    assertThat(broker.cashOf("main")).isEqualByComparingTo("69896.77");
    assertThat(broker.lookup("o1")).contains(ExecutionStatus.PARTIALLY_FILLED);
    assertThat(first.getExecutionId()).isEqualTo(ClientOrderIds.executionId("o1", 2));
    ExecutionReport last = single(broker.onMarketData(bar(T0 + 2 * MINUTE, "152", "152")));
    assertThat(last.getStatus()).isEqualTo(ExecutionStatus.FILLED);
    assertThat(last.getLeavesQuantity()).isEqualByComparingTo("0");
    assertThat(last.getAveragePrice()).isEqualByComparingTo("151");
    // 15,200 × (1.0 + 0.5 × 0.152) bp = 1.6355 → 1.64; 100,000 − 45,300 − (1.61 + 1.62 + 1.64)
    assertThat(last.getFee()).isEqualByComparingTo("1.64");
    assertThat(broker.cashOf("main")).isEqualByComparingTo("54695.13");
  }

  @Test
  void reservesBuyingPowerForTheQuantityStillWorking() {
    broker.submit(buy("o1", "300", "150", T0));
    broker.onMarketData(bar(T0, "150", "150"));
    // Cash 84,998.39, 200 still to buy at 150 reserve 30,000: 54,998.39 to spend.

    List<ExecutionReport> fits = broker.submit(buy("o2", "360", "150", T0 + MINUTE));
    List<ExecutionReport> tooBig = broker.submit(buy("o3", "370", "150", T0 + MINUTE));

    assertThat(fits)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED);
    // 55,500 + 55,500 × 1.2775 bp (7.09), against 54,998.39 less o2's 54,000 reserved
    assertThat(single(tooBig).getText())
        .isEqualTo("insufficient buying power: needs 55507.09, has 998.39");
  }

  @Test
  void aLimitUpLimitDownHaltRejectsNewOrdersButTheBreakingBarStillTraded() {
    broker.submit(buy("o1", "10", "150", T0));
    broker.onMarketData(bar(T0 - MINUTE, "150", "150"));

    // Opens at 150 and runs to 166: beyond +10 % of 150 within five minutes.
    List<ExecutionReport> breaking = broker.onMarketData(bar(T0, "150", "166"));
    ExecutionReport rejected = single(broker.submit(buy("o2", "1", "166", T0 + MINUTE)));

    assertThat(single(breaking).getStatus()).isEqualTo(ExecutionStatus.FILLED);
    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getText())
        .isEqualTo(
            "AAPL is halted from 2024-01-08T14:32:00Z to 2024-01-08T14:37:00Z: limit-up, high 166"
                + " beyond 10 % of 150 within 5 minutes");
    assertThat(single(broker.submit(buy("o3", "1", "150", T0 + 6 * MINUTE))).getStatus())
        .as("after the five-minute pause")
        .isEqualTo(ExecutionStatus.ACCEPTED);
  }

  @Test
  void workingOrdersDoNotFillWhileTheSymbolIsHalted() {
    broker.submit(limit("o1", Side.SELL, "10", "160", T0));
    broker.onMarketData(bar(T0 - MINUTE, "150", "150"));
    broker.onMarketData(bar(T0, "150", "150"));
    broker.halt("AAPL", "news pending");

    assertThat(broker.onMarketData(bar(T0 + MINUTE, "161", "161"))).isEmpty();
    ExecutionReport refused = single(broker.submit(buy("o2", "1", "161", T0 + 2 * MINUTE)));
    assertThat(refused.getText()).isEqualTo("AAPL is halted: news pending");
    broker.resume("AAPL");
    assertThat(single(broker.onMarketData(bar(T0 + 2 * MINUTE, "161", "161"))).getLastPrice())
        .isEqualByComparingTo("161");
  }

  @Test
  void aDayOrderExpiresOnItsOwnSymbolsFirstBarAfterTheCloseNeverOnAnothers() {
    broker.submit(limit("o1", Side.BUY, "10", "140", T0));
    long close = Instant.parse("2024-01-08T21:00:00Z").toEpochMilli();
    // MSFT's bars may run days ahead of AAPL's (another partition): they expire nothing.
    long nextDay = close + Duration.ofDays(1).toMillis();
    assertThat(
            broker.onMarketData(
                TestBars.bar("MSFT").startingAt(nextDay).endingAt(nextDay + MINUTE).build()))
        .isEmpty();
    assertThat(broker.workingOrders()).isOne();

    ExecutionReport expired =
        single(
            broker.onMarketData(
                TestBars.bar("AAPL").startingAt(close).endingAt(close + MINUTE).build()));

    assertThat(expired.getStatus()).isEqualTo(ExecutionStatus.EXPIRED);
    assertThat(expired.getTsEvent()).isEqualTo(Instant.ofEpochMilli(close));
    assertThat(expired.getText()).isEqualTo("DAY order expired at 2024-01-08T21:00:00Z");
    assertThat(broker.workingOrders()).isZero();
  }

  @Test
  void aLateDayOrderFillsOnItsDayEvenWhenOtherSymbolsAreDaysAhead() {
    // All of MSFT's week arrived before this AAPL order and AAPL's bars of its day.
    long nextDay = Instant.parse("2024-01-09T14:30:00Z").toEpochMilli();
    broker.onMarketData(
        TestBars.bar("MSFT").startingAt(nextDay).endingAt(nextDay + MINUTE).build());
    broker.onMarketData(bar(T0, "150", "150"));
    broker.onMarketData(bar(T0 + MINUTE, "151", "151"));

    List<ExecutionReport> reports = broker.submit(buy("o1", "10", "150", T0 + MINUTE));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED, ExecutionStatus.FILLED);
    assertThat(reports.get(1).getLastPrice()).isEqualByComparingTo("151");
  }

  @Test
  void anIocOrderFillsWhatTheNextBarAllowsAndExpiresTheRest() {
    Order ioc = TestOrders.withTimeInForce(buy("o1", "300", "150", T0), TimeInForce.IOC);
    broker.submit(ioc);

    List<ExecutionReport> reports = broker.onMarketData(bar(T0, "150", "150"));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.PARTIALLY_FILLED, ExecutionStatus.EXPIRED);
    assertThat(reports.get(1).getCumulativeQuantity()).isEqualByComparingTo("100");
    assertThat(reports.get(1).getLeavesQuantity()).isEqualByComparingTo("0");
    assertThat(reports.get(1).getText()).contains("200 not filled");
  }

  @Test
  void refusesOpeningAndClosingAuctionOrders() {
    ExecutionReport refused =
        single(
            broker.submit(TestOrders.withTimeInForce(buy("o1", "1", "150", T0), TimeInForce.OPG)));

    assertThat(refused.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(refused.getText()).contains("OPG is not supported");
  }

  @Test
  void replacesAWorkingOrderOnceUnderTheReplacementsId() {
    broker.submit(limit("o1", Side.BUY, "10", "140", T0));
    Order replacement =
        limit("o1-r1", Side.BUY, "10", "150", T0 + MINUTE).acting(OrderAction.REPLACE, "o1");

    List<ExecutionReport> reports = broker.replace(replacement);

    assertThat(reports)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o1", ExecutionStatus.REPLACED),
            org.assertj.core.groups.Tuple.tuple("o1-r1", ExecutionStatus.ACCEPTED));
    assertThat(reports.get(0).getText()).isEqualTo("replaced by o1-r1");
    assertThat(broker.replace(replacement)).as("a replay").isEmpty();
    assertThat(broker.onMarketData(bar(T0 + MINUTE, "150", "150")))
        .extracting(ExecutionReport::getClientOrderId)
        .containsExactly("o1-r1");
  }

  @Test
  void rejectsAReplacementOfAnOrderThatIsNotWorking() {
    Order replacement = limit("r1", Side.BUY, "10", "150", T0).acting(OrderAction.REPLACE, "gone");

    ExecutionReport rejected = single(broker.replace(replacement));

    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getText()).isEqualTo("order gone is not working: nothing to replace");
  }

  @Test
  void aFilledBracketEntryPlacesExitsThatCancelEachOther() {
    broker.submit(
        buy("o1", "100", "150", T0).withExits(new BigDecimal("155"), new BigDecimal("148")));
    String takeProfit = ClientOrderIds.exit("o1", "take-profit");
    String stopLoss = ClientOrderIds.exit("o1", "stop-loss");

    List<ExecutionReport> entry = broker.onMarketData(bar(T0, "150", "150"));
    List<ExecutionReport> exit = broker.onMarketData(bar(T0 + MINUTE, "150", "156"));

    assertThat(entry)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o1", ExecutionStatus.FILLED),
            org.assertj.core.groups.Tuple.tuple(takeProfit, ExecutionStatus.ACCEPTED),
            org.assertj.core.groups.Tuple.tuple(stopLoss, ExecutionStatus.ACCEPTED));
    assertThat(exit)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(takeProfit, ExecutionStatus.FILLED),
            org.assertj.core.groups.Tuple.tuple(stopLoss, ExecutionStatus.CANCELED));
    assertThat(exit.get(0).getSide()).isEqualTo(Side.SELL);
    assertThat(exit.get(0).getLastPrice()).isEqualByComparingTo("155");
    assertThat(exit.get(1).getText()).isEqualTo("one-cancels-other: " + takeProfit + " filled");
    assertThat(broker.workingOrders()).isZero();
  }

  private static ExecutionReport single(List<ExecutionReport> reports) {
    assertThat(reports).hasSize(1);
    return reports.get(0);
  }

  private static Order limit(String id, Side side, String quantity, String limit, long decided) {
    return new Order(
        id,
        "main",
        1,
        "AAPL",
        side,
        new BigDecimal(quantity),
        OrderType.LIMIT,
        new BigDecimal(limit),
        TimeInForce.DAY,
        new BigDecimal("150"),
        decided,
        "momentum@1",
        "test");
  }

  private static Order buy(String id, String quantity, String reference, long decisionTime) {
    return order(id, Side.BUY, quantity, reference, decisionTime);
  }

  private static Order order(
      String id, Side side, String quantity, String reference, long decisionTime) {
    return new Order(
        id,
        "main",
        1,
        "AAPL",
        side,
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
