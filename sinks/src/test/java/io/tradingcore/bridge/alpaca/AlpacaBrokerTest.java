package io.tradingcore.bridge.alpaca;

import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN_KEY;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.OTHER;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.OTHER_KEY;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.market;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.execution.Order;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AlpacaBrokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AlpacaFixture fixture;
  private AlpacaStandIn alpaca;
  private AlpacaBroker broker;

  @BeforeEach
  void start() {
    fixture = new AlpacaFixture(dir);
    alpaca = fixture.alpaca;
    broker = fixture.broker;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  // --- placing orders -----------------------------------------------------------------------

  @Test
  void placesAMarketOrderUnderItsClientOrderIdAndReportsItAccepted() throws Exception {
    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "10"));

    JsonNode sent = JSON.readTree(alpaca.requests().get(0).body());
    assertThat(alpaca.requests().get(0).method()).isEqualTo("POST");
    assertThat(alpaca.requests().get(0).keyId()).isEqualTo(MAIN_KEY);
    assertThat(sent.get("symbol").asText()).isEqualTo("AAPL");
    assertThat(sent.get("qty").isTextual()).as("decimals as strings").isTrue();
    assertThat(sent.get("qty").asText()).isEqualTo("10");
    assertThat(sent.get("side").asText()).isEqualTo("buy");
    assertThat(sent.get("type").asText()).isEqualTo("market");
    assertThat(sent.get("time_in_force").asText()).isEqualTo("day");
    assertThat(sent.get("client_order_id").asText()).isEqualTo("o1");
    assertThat(sent.has("limit_price")).isFalse();
    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.ACCEPTED);
              assertThat(r.getClientOrderId()).isEqualTo("o1");
              assertThat(r.getBrokerOrderId()).isEqualTo(alpaca.order("o1").get("id").asText());
              assertThat(r.getBroker()).isEqualTo("alpaca");
              assertThat(r.getPortfolio()).isEqualTo(MAIN);
              assertThat(r.getLastQuantity()).isEqualByComparingTo("0");
              assertThat(r.getLastPrice()).isNull();
              assertThat(r.getLeavesQuantity()).isEqualByComparingTo("10");
              assertThat(r.getFee()).isEqualByComparingTo("0");
            });
    assertThat(broker.workingOrders()).containsExactly("o1");
  }

  @ParameterizedTest
  @CsvSource({
    "MARKET,     ,       , market,     ,",
    "LIMIT,      151.25, , limit,      151.25,",
    "STOP,       ,  149.5, stop,       , 149.5",
    "STOP_LIMIT, 149.0, 149.5, stop_limit, 149, 149.5",
  })
  void mapsEachOrderTypeWithThePricesItNeeds(
      OrderType type,
      String limit,
      String stop,
      String alpacaType,
      String sentLimit,
      String sentStop)
      throws Exception {
    broker.submit(order("o1", MAIN, Side.SELL, "5", type, TimeInForce.GTC, limit, stop));

    JsonNode sent = JSON.readTree(alpaca.requests().get(0).body());
    assertThat(sent.get("type").asText()).isEqualTo(alpacaType);
    assertThat(sent.get("side").asText()).isEqualTo("sell");
    assertThat(sent.path("limit_price").asText(null)).isEqualTo(sentLimit);
    assertThat(sent.path("stop_price").asText(null)).isEqualTo(sentStop);
    assertThat(alpaca.order("o1").get("status").asText()).isEqualTo("accepted");
  }

  @ParameterizedTest
  @EnumSource(value = TimeInForce.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
  void mapsEachTimeInForce(TimeInForce timeInForce) throws Exception {
    broker.submit(order("o1", MAIN, Side.BUY, "1", OrderType.LIMIT, timeInForce, "150", null));

    JsonNode sent = JSON.readTree(alpaca.requests().get(0).body());
    assertThat(sent.get("time_in_force").asText())
        .isEqualTo(timeInForce.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
  }

  @Test
  void aTrailingStopRequestCarriesItsTrailAndTheStandInTakesIt() throws Exception {
    AlpacaOrderRequest byPrice =
        new AlpacaOrderRequest(
            "t1",
            "AAPL",
            Side.SELL,
            new BigDecimal("3"),
            OrderType.TRAILING_STOP,
            TimeInForce.GTC,
            null,
            null,
            new BigDecimal("1.50"),
            null,
            null,
            null);
    AlpacaOrderRequest byPercent =
        new AlpacaOrderRequest(
            "t2",
            "AAPL",
            Side.SELL,
            new BigDecimal("3"),
            OrderType.TRAILING_STOP,
            TimeInForce.GTC,
            null,
            null,
            null,
            new BigDecimal("2.5"),
            null,
            null);

    JsonNode price = JSON.readTree(byPrice.toJson());
    JsonNode percent = JSON.readTree(byPercent.toJson());

    assertThat(price.get("type").asText()).isEqualTo("trailing_stop");
    assertThat(price.get("trail_price").asText()).isEqualTo("1.5");
    assertThat(price.has("trail_percent")).isFalse();
    assertThat(percent.get("trail_percent").asText()).isEqualTo("2.5");
    assertThat(percent.has("trail_price")).isFalse();
  }

  @Test
  void aTrailingStopWithoutATrailIsRejectedWithoutARequest() {
    List<ExecutionReport> reports =
        broker.submit(
            order(
                "o1", MAIN, Side.SELL, "5", OrderType.TRAILING_STOP, TimeInForce.GTC, null, null));

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
              assertThat(r.getText()).contains("TRAILING_STOP").contains("trail");
            });
    assertThat(alpaca.requests()).isEmpty();
  }

  @Test
  void aTrailingStopFromTheBridgeCarriesItsTrail() throws Exception {
    List<ExecutionReport> reports =
        broker.submit(market("o1", MAIN, Side.SELL, "5").withTrail(null, new BigDecimal("2.5")));

    JsonNode sent = JSON.readTree(alpaca.requests().get(0).body());
    assertThat(sent.get("type").asText()).isEqualTo("trailing_stop");
    assertThat(sent.get("trail_percent").asText()).isEqualTo("2.5");
    assertThat(sent.has("trail_price")).isFalse();
    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED);
    assertThat(alpaca.order("o1").get("trail_percent").asText()).isEqualTo("2.5");
  }

  @Test
  void anEntryWithBothExitsGoesOutAsABracketAndWithOneAsOto() throws Exception {
    broker.submit(
        market("o1", MAIN, Side.BUY, "10")
            .withExits(new BigDecimal("155.5"), new BigDecimal("148")));
    broker.submit(market("o2", MAIN, Side.BUY, "10").withExits(null, new BigDecimal("148")));

    JsonNode bracket = JSON.readTree(alpaca.requests().get(0).body());
    JsonNode oto = JSON.readTree(alpaca.requests().get(1).body());
    assertThat(bracket.get("order_class").asText()).isEqualTo("bracket");
    assertThat(bracket.get("take_profit").get("limit_price").asText()).isEqualTo("155.5");
    assertThat(bracket.get("stop_loss").get("stop_price").asText()).isEqualTo("148");
    assertThat(oto.get("order_class").asText()).isEqualTo("oto");
    assertThat(oto.has("take_profit")).isFalse();
    assertThat(alpaca.order("o1").get("legs"))
        .extracting(leg -> leg.get("side").asText() + " " + leg.get("type").asText())
        .containsExactly("sell limit", "sell stop");
    assertThat(broker.workingOrders()).containsExactly("o1", "o2");
  }

  @Test
  void exitsOnAnIocEntryAreRefusedBeforeAnythingIsSent() {
    List<ExecutionReport> reports =
        broker.submit(
            order("o1", MAIN, Side.BUY, "1", OrderType.MARKET, TimeInForce.IOC, null, null)
                .withExits(new BigDecimal("155"), new BigDecimal("148")));

    assertThat(reports.get(0).getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(reports.get(0).getText()).contains("DAY or GTC");
    assertThat(alpaca.requests()).isEmpty();
  }

  @Test
  void anOrderMissingItsPriceIsRejectedWithEveryReasonAndNothingIsSent() {
    List<ExecutionReport> reports =
        broker.submit(
            order(
                "o1", MAIN, Side.BUY, "5", OrderType.STOP_LIMIT, TimeInForce.UNKNOWN, null, null));

    assertThat(reports.get(0).getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(reports.get(0).getText())
        .contains("needs a limit price")
        .contains("needs a stop price")
        .contains("time in force UNKNOWN");
    assertThat(alpaca.requests()).isEmpty();
  }

  @Test
  void anOrderForAPortfolioWithoutAnAccountIsRejected() {
    List<ExecutionReport> reports = broker.submit(market("o1", "nobody", Side.BUY, "1"));

    assertThat(reports.get(0).getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(reports.get(0).getText()).contains("no Alpaca account for portfolio 'nobody'");
    assertThat(alpaca.requests()).isEmpty();
  }

  @Test
  void eachPortfolioTradesInItsOwnAccount() {
    broker.submit(market("o1", MAIN, Side.BUY, "1"));
    broker.submit(market("o2", OTHER, Side.BUY, "1"));

    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
    assertThat(alpaca.orderCount(OTHER_KEY)).isEqualTo(1);
    assertThat(alpaca.requests())
        .extracting(AlpacaStandIn.Request::keyId)
        .containsExactly(MAIN_KEY, OTHER_KEY);
  }

  @Test
  void aRefusalFromAlpacaIsARejectedReportWithItsMessage() {
    alpaca.refuseNextOrder(403, "insufficient buying power");

    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "1000000"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
              assertThat(r.getText()).isEqualTo("Alpaca refused (403): insufficient buying power");
              assertThat(r.getBrokerOrderId()).isNull();
            });
    assertThat(broker.workingOrders()).isEmpty();
    assertThat(alpaca.count("POST", "/v2/orders")).isEqualTo(1);
  }

  // --- state changes, fills ------------------------------------------------------------------

  @Test
  void partialFillsReportTheLastQuantityAndPriceFromTheChangeInTheAverage() {
    broker.submit(market("o1", MAIN, Side.BUY, "100"));
    assertThat(broker.poll()).as("nothing changed yet").isEmpty();

    alpaca.fill("o1", "40", "10.00");
    assertThat(broker.poll()).as("inside the poll interval").isEmpty();
    fixture.nextPoll();
    ExecutionReport first = broker.poll().get(0);
    alpaca.fill("o1", "60", "10.50");
    fixture.nextPoll();
    ExecutionReport second = broker.poll().get(0);

    assertThat(first.getStatus()).isEqualTo(ExecutionStatus.PARTIALLY_FILLED);
    assertThat(first.getLastQuantity()).isEqualByComparingTo("40");
    assertThat(first.getLastPrice()).isEqualByComparingTo("10");
    assertThat(first.getCumulativeQuantity()).isEqualByComparingTo("40");
    assertThat(first.getLeavesQuantity()).isEqualByComparingTo("60");
    assertThat(first.getAveragePrice()).isEqualByComparingTo("10");
    // Alpaca shows the average (40·10 + 60·10.5) / 100 = 10.3; back from it: (10.3·100 − 10·40) /
    // 60
    // = 630 / 60 = 10.5.
    assertThat(second.getStatus()).isEqualTo(ExecutionStatus.FILLED);
    assertThat(second.getAveragePrice()).isEqualByComparingTo("10.3");
    assertThat(second.getLastQuantity()).isEqualByComparingTo("60");
    assertThat(second.getLastPrice()).isEqualByComparingTo("10.5");
    assertThat(second.getCumulativeQuantity()).isEqualByComparingTo("100");
    assertThat(second.getLeavesQuantity()).isEqualByComparingTo("0");
    assertThat(broker.workingOrders()).as("a filled order is no longer polled").isEmpty();
    fixture.nextPoll();
    assertThat(broker.poll()).isEmpty();
  }

  @Test
  void threePartialFillsOfASellAddUpToTheOrder() {
    broker.submit(market("o1", MAIN, Side.SELL, "50"));
    String[][] fills = {{"30", "101.25"}, {"15", "101.10"}, {"5", "100.90"}};
    BigDecimal reported = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;

    for (String[] fill : fills) {
      alpaca.fill("o1", fill[0], fill[1]);
      fixture.nextPoll();
      ExecutionReport report = broker.poll().get(0);
      assertThat(report.getSide()).isEqualTo(Side.SELL);
      assertThat(report.getLastQuantity()).isEqualByComparingTo(fill[0]);
      assertThat(report.getLastPrice()).isEqualByComparingTo(fill[1]);
      reported = reported.add(report.getLastQuantity());
      notional = notional.add(report.getLastQuantity().multiply(report.getLastPrice()));
    }

    // 30·101.25 + 15·101.10 + 5·100.90 = 3037.5 + 1516.5 + 504.5 = 5058.5
    assertThat(reported).isEqualByComparingTo("50");
    assertThat(notional).isEqualByComparingTo("5058.5");
  }

  @Test
  void anAverageAlpacaHadToRoundGivesTheFillPriceRoundedToTheWireScale() {
    broker.submit(market("o1", MAIN, Side.BUY, "3"));
    alpaca.fill("o1", "1", "10");
    fixture.nextPoll();
    broker.poll();
    alpaca.fill("o1", "2", "10.01");
    fixture.nextPoll();

    ExecutionReport report = broker.poll().get(0);

    // Alpaca's average is 30.02 / 3 = 10.00666…, cut to 16 digits; (avg·3 − 10) / 2 is then
    // 10.0099999999999…, which rounds to the true 10.01.
    assertThat(alpaca.order("o1").get("filled_avg_price").asText()).isEqualTo("10.00666666666667");
    assertThat(report.getLastPrice()).isEqualByComparingTo("10.01");
    assertThat(report.getLastPrice().scale()).isEqualTo(8);
  }

  @Test
  void lastFillPriceIsExactWhereTheDivisionIs() {
    assertThat(
            AlpacaBroker.lastFillPrice(
                null, BigDecimal.ZERO, new BigDecimal("187.42"), new BigDecimal("7")))
        .isEqualByComparingTo("187.42");
    // (10.3·100 − 10·40) / 60 = 10.5
    assertThat(
            AlpacaBroker.lastFillPrice(
                new BigDecimal("10"),
                new BigDecimal("40"),
                new BigDecimal("10.3"),
                new BigDecimal("100")))
        .isEqualByComparingTo("10.5");
    // (2.5·4 − 2·1) / 3 = 8 / 3 = 2.66666666…
    assertThat(
            AlpacaBroker.lastFillPrice(
                new BigDecimal("2"),
                new BigDecimal("1"),
                new BigDecimal("2.5"),
                new BigDecimal("4")))
        .isEqualByComparingTo("2.66666667");
  }

  @ParameterizedTest
  @CsvSource({
    "new,              0,  ACCEPTED",
    "accepted,         0,  ACCEPTED",
    "pending_new,      0,  ACCEPTED",
    "accepted_for_bidding, 0, ACCEPTED",
    "done_for_day,     0,  ACCEPTED",
    "done_for_day,     5,  PARTIALLY_FILLED",
    "pending_replace,  5,  PARTIALLY_FILLED",
    "stopped,          0,  ACCEPTED",
    "partially_filled, 5,  PARTIALLY_FILLED",
    "filled,           10, FILLED",
    "canceled,         0,  CANCELED",
    "canceled,         5,  CANCELED",
    "expired,          0,  EXPIRED",
    "replaced,         0,  REPLACED",
    "pending_cancel,   0,  PENDING_CANCEL",
    "rejected,         0,  REJECTED",
    "something_new,    0,  UNKNOWN",
  })
  void mapsEachAlpacaStatus(String status, String filled, ExecutionStatus expected) {
    assertThat(AlpacaStatuses.toExecutionStatus(status, new BigDecimal(filled)))
        .isEqualTo(expected);
  }

  @Test
  void reportsWhatTheBrokerDoesOnItsOwn() {
    broker.submit(market("expires", MAIN, Side.BUY, "1"));
    broker.submit(market("canceled", MAIN, Side.BUY, "1"));
    broker.submit(market("rejected", MAIN, Side.BUY, "1"));
    broker.submit(market("resting", MAIN, Side.BUY, "1"));

    alpaca.expire("expires");
    alpaca.cancelAtBroker("canceled");
    alpaca.setStatus("rejected", "rejected");
    alpaca.setStatus("resting", "done_for_day");
    fixture.nextPoll();
    List<ExecutionReport> reports = broker.poll();

    assertThat(reports)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("expires", ExecutionStatus.EXPIRED),
            org.assertj.core.groups.Tuple.tuple("canceled", ExecutionStatus.CANCELED),
            org.assertj.core.groups.Tuple.tuple("rejected", ExecutionStatus.REJECTED));
    assertThat(broker.workingOrders())
        .as("done for the day is still working, with nothing new to report")
        .containsExactly("resting");
  }

  @Test
  void aPollReadsTheOpenOrdersOnceAndAsksOnlyForThoseThatLeftTheList() {
    broker.submit(market("o1", MAIN, Side.BUY, "1"));
    broker.submit(market("o2", MAIN, Side.BUY, "1"));
    broker.submit(market("o3", MAIN, Side.BUY, "1"));
    alpaca.fill("o2", "1", "150");
    long before = alpaca.requests().size();

    fixture.nextPoll();
    broker.poll();

    assertThat(alpaca.requests().subList((int) before, alpaca.requests().size()))
        .extracting(AlpacaStandIn.Request::path)
        .containsExactly(
            "/v2/orders?status=open&limit=500", "/v2/orders:by_client_order_id?client_order_id=o2");
  }

  @Test
  void reportIdsComeFromTheBrokerStateSoARestartedBridgeRepeatsThem() {
    broker.submit(market("o1", MAIN, Side.BUY, "100"));
    alpaca.fill("o1", "40", "10");
    fixture.nextPoll();
    ExecutionReport partial = broker.poll().get(0);

    // A bridge that restarted before publishing sees the order again on the replayed order.
    AlpacaBroker restarted = fixture.newBroker();
    Order replayed = market("o1", MAIN, Side.BUY, "100");
    assertThat(restarted.lookup(replayed)).contains(ExecutionStatus.PARTIALLY_FILLED);
    ExecutionReport again = restarted.reportsOf(replayed).get(0);

    assertThat(again.getExecutionId()).isEqualTo(partial.getExecutionId());
    assertThat(again.getCumulativeQuantity()).isEqualByComparingTo("40");
    assertThat(
            AlpacaBroker.executionId(
                "o1", ExecutionStatus.PARTIALLY_FILLED, new BigDecimal("40.000")))
        .isEqualTo(partial.getExecutionId())
        .isNotEqualTo(
            AlpacaBroker.executionId("o1", ExecutionStatus.PARTIALLY_FILLED, new BigDecimal("41")))
        .isNotEqualTo(
            AlpacaBroker.executionId("o1", ExecutionStatus.CANCELED, new BigDecimal("40")));
  }

  @Test
  void aRestartedBridgeFollowsAWorkingOrderFromItsLastPublishedReportOnward() {
    broker.submit(market("o1", MAIN, Side.BUY, "100"));
    broker.submit(market("o2", MAIN, Side.BUY, "5"));
    alpaca.fill("o1", "40", "10");
    alpaca.fill("o2", "5", "20");
    fixture.nextPoll();
    List<ExecutionReport> published = broker.poll();
    assertThat(published).hasSize(2);
    // While no bridge runs, o1 fills 20 more at 10.60.
    alpaca.fill("o1", "20", "10.60");

    AlpacaBroker restarted = fixture.newBroker();
    fixture.nextPoll();
    assertThat(restarted.poll())
        .as("without its last reports the new run follows nothing")
        .isEmpty();
    assertThat(restarted.resumesFromPublishedReports()).isTrue();
    restarted.resume(published);
    assertThat(restarted.workingOrders()).as("o2 finished: not followed").containsExactly("o1");
    fixture.nextPoll();
    List<ExecutionReport> since = restarted.poll();

    // Alpaca's average is (40·10 + 20·10.6) / 60 = 10.2; the 20 since the report: (10.2·60 −
    // 10·40) / 20 = 212 / 20 = 10.6.
    assertThat(since)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.PARTIALLY_FILLED);
              assertThat(r.getLastQuantity())
                  .as("not the 40 published before")
                  .isEqualByComparingTo("20");
              assertThat(r.getLastPrice()).isEqualByComparingTo("10.6");
              assertThat(r.getCumulativeQuantity()).isEqualByComparingTo("60");
            });
    alpaca.fill("o1", "40", "11");
    fixture.nextPoll();
    assertThat(restarted.poll())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
              assertThat(r.getLastQuantity()).isEqualByComparingTo("40");
            });
  }

  @Test
  void aKnownOrdersReportIsItsWholeStateAtOnceAndThenPollsGoOnFromIt() {
    broker.submit(market("o1", MAIN, Side.BUY, "100"));
    alpaca.fill("o1", "40", "10");

    // The bridge died before publishing anything of o1; the next one finds it on the replay.
    AlpacaBroker restarted = fixture.newBroker();
    Order replayed = market("o1", MAIN, Side.BUY, "100");
    restarted.lookup(replayed);
    List<ExecutionReport> reports = restarted.reportsOf(replayed);
    alpaca.fill("o1", "60", "11");
    fixture.nextPoll();
    List<ExecutionReport> polled = restarted.poll();

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.PARTIALLY_FILLED);
              assertThat(r.getLastQuantity()).as("every fill so far").isEqualByComparingTo("40");
              assertThat(r.getLastPrice()).isEqualByComparingTo("10");
            });
    assertThat(polled)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
              assertThat(r.getLastQuantity()).isEqualByComparingTo("60");
              assertThat(r.getLastPrice()).isEqualByComparingTo("11");
            });
    assertThat(restarted.reportsOf(market("o2", MAIN, Side.BUY, "1"))).as("unknown").isEmpty();
  }

  // --- lookup, cancel, replace, kill --------------------------------------------------------

  @Test
  void looksUpByClientOrderId() {
    assertThat(broker.lookup("o1")).isEmpty();
    assertThat(broker.lookup(market("o1", MAIN, Side.BUY, "1"))).isEmpty();

    broker.submit(market("o1", MAIN, Side.BUY, "1"));
    alpaca.fill("o1", "1", "150");

    assertThat(broker.lookup("o1")).contains(ExecutionStatus.FILLED);
    assertThat(alpaca.requests().get(0).path())
        .isEqualTo("/v2/orders:by_client_order_id?client_order_id=o1");
  }

  @Test
  void cancelsAWorkingOrder() {
    broker.submit(market("o1", MAIN, Side.BUY, "10"));
    String id = alpaca.order("o1").get("id").asText();

    List<ExecutionReport> reports = broker.cancel("o1");

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.CANCELED);
    assertThat(reports.get(0).getLeavesQuantity()).isEqualByComparingTo("0");
    assertThat(alpaca.count("DELETE", "/v2/orders/" + id)).isEqualTo(1);
    assertThat(alpaca.order("o1").get("status").asText()).isEqualTo("canceled");
    assertThat(broker.cancel("o1")).as("no longer working").isEmpty();
    assertThat(broker.cancel("unknown")).isEmpty();
  }

  @Test
  void anOrderThatFilledBeforeItsCancelReportsTheFill() {
    broker.submit(market("o1", MAIN, Side.BUY, "10"));
    alpaca.fill("o1", "10", "150");

    List<ExecutionReport> reports = broker.cancel("o1");

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
              assertThat(r.getLastQuantity()).isEqualByComparingTo("10");
            });
  }

  @Test
  void anAsynchronousCancelIsPendingUntilAlpacaFinishesIt() {
    alpaca.cancelAsynchronously();
    broker.submit(market("o1", MAIN, Side.BUY, "10"));

    List<ExecutionReport> pending = broker.cancel("o1");
    alpaca.completeCancels();
    fixture.nextPoll();
    List<ExecutionReport> done = broker.poll();

    assertThat(pending)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.PENDING_CANCEL);
    assertThat(done)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.CANCELED);
  }

  @Test
  void replacesAWorkingOrderUnderANewClientOrderId() throws Exception {
    broker.submit(order("o1", MAIN, Side.BUY, "10", OrderType.LIMIT, TimeInForce.DAY, "150", null));
    String oldId = alpaca.order("o1").get("id").asText();

    List<ExecutionReport> reports =
        broker.replace("o1", AlpacaReplacement.limitPrice("o1-r1", new BigDecimal("150.5")));

    JsonNode patch = JSON.readTree(alpaca.requests().get(1).body());
    assertThat(alpaca.requests().get(1).method()).isEqualTo("PATCH");
    assertThat(alpaca.requests().get(1).path()).isEqualTo("/v2/orders/" + oldId);
    assertThat(patch.get("limit_price").asText()).isEqualTo("150.5");
    assertThat(patch.get("client_order_id").asText()).isEqualTo("o1-r1");
    assertThat(reports)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o1-r1", ExecutionStatus.ACCEPTED),
            org.assertj.core.groups.Tuple.tuple("o1", ExecutionStatus.REPLACED));
    assertThat(alpaca.order("o1-r1").get("replaces").asText()).isEqualTo(oldId);
    assertThat(alpaca.order("o1-r1").get("limit_price").asText()).isEqualTo("150.5");
    assertThat(broker.workingOrders()).containsExactly("o1-r1");
  }

  @Test
  void aReplaceFromTheBridgeIsAPatchOfItsTarget() throws Exception {
    broker.submit(market("o1", MAIN, Side.SELL, "10").withTrail(new BigDecimal("1.5"), null));
    Order replacement =
        market("o1-r1", MAIN, Side.SELL, "8")
            .withTrail(new BigDecimal("2"), null)
            .acting(OrderAction.REPLACE, "o1");

    List<ExecutionReport> reports = broker.replace(replacement);

    JsonNode patch = JSON.readTree(alpaca.requests().get(1).body());
    assertThat(alpaca.requests().get(1).method()).isEqualTo("PATCH");
    assertThat(patch.get("qty").asText()).isEqualTo("8");
    assertThat(patch.get("trail").asText()).isEqualTo("2");
    assertThat(reports)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o1-r1", ExecutionStatus.ACCEPTED),
            org.assertj.core.groups.Tuple.tuple("o1", ExecutionStatus.REPLACED));
    assertThat(alpaca.order("o1-r1").get("trail_price").asText()).isEqualTo("2");
  }

  @Test
  void aReplaceFromTheBridgeOfAnOrderNotWorkingIsRejected() {
    List<ExecutionReport> reports =
        broker.replace(
            market("r1", MAIN, Side.BUY, "1").acting(OrderAction.REPLACE, "never-placed"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getClientOrderId()).isEqualTo("r1");
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
              assertThat(r.getText()).contains("never-placed");
            });
  }

  @Test
  void aReplaceOfAFilledOrderIsRefusedWithAlpacasReason() {
    broker.submit(order("o1", MAIN, Side.BUY, "10", OrderType.LIMIT, TimeInForce.DAY, "150", null));
    alpaca.fill("o1", "10", "150");

    assertThatThrownBy(
            () ->
                broker.replace("o1", AlpacaReplacement.limitPrice("o1-r1", new BigDecimal("151"))))
        .isInstanceOf(AlpacaException.class)
        .hasMessageContaining("o1")
        .hasMessageContaining("422")
        .hasMessageContaining("not replaceable");
    assertThatThrownBy(
            () -> broker.replace("never", AlpacaReplacement.limitPrice("x", BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never");
  }

  @Test
  void theKillSwitchCancelsEveryOpenOrderOfTheAccountAndReportsTheOnesItPlaced() {
    broker.submit(market("o1", MAIN, Side.BUY, "10"));
    broker.submit(market("o2", MAIN, Side.SELL, "5"));
    broker.submit(market("o3", OTHER, Side.BUY, "10"));
    alpaca.placeDirectly(MAIN_KEY, "by-hand", "MSFT", "3");
    alpaca.fill("o2", "2", "150");

    List<ExecutionReport> reports = broker.cancelAll(MAIN);

    assertThat(reports)
        .extracting(ExecutionReport::getClientOrderId, ExecutionReport::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("o1", ExecutionStatus.CANCELED),
            org.assertj.core.groups.Tuple.tuple("o2", ExecutionStatus.CANCELED));
    assertThat(reports.get(1).getLastQuantity())
        .as("the fill that came before the cancel is in its report")
        .isEqualByComparingTo("2");
    assertThat(alpaca.order("by-hand").get("status").asText()).isEqualTo("canceled");
    assertThat(alpaca.order("o3").get("status").asText()).isEqualTo("accepted");
    assertThat(broker.workingOrders()).containsExactly("o3");
  }

  @Test
  void readsTheAccountsPositions() {
    broker.submit(market("o1", MAIN, Side.BUY, "100"));
    alpaca.fill("o1", "40", "10");
    alpaca.fill("o1", "60", "10.5");

    List<AlpacaPosition> positions = broker.positions(MAIN);

    assertThat(positions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.symbol()).isEqualTo("AAPL");
              assertThat(p.qty()).isEqualByComparingTo("100");
              assertThat(p.avgEntryPrice()).isEqualByComparingTo("10.3");
            });
    assertThat(broker.positions(OTHER)).isEmpty();
    assertThat(broker.positionsOf(MAIN).orElseThrow())
        .as("what the bridge reconciles with")
        .containsOnlyKeys("AAPL");
    assertThat(broker.positionsOf(MAIN).orElseThrow().get("AAPL")).isEqualByComparingTo("100");
    assertThat(broker.positionsOf(OTHER)).hasValue(java.util.Map.of());
    assertThat(broker.positionsOf("no-account")).as("no account, nothing to say").isEmpty();
  }
}
