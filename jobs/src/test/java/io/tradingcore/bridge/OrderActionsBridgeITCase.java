package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.Order;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.testing.KafkaTestStack;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CANCEL and REPLACE travel through {@code orders.v1} on real parts (embedded Kafka, the registry
 * wire format, the bridge and its paper broker): each acts once although every record is read
 * twice, as after a replay. A bridge on trades ({@link BridgeConfig.Feed#TRADES}) fills on the
 * first trade of {@code md.ticks.v1} at or after the decision.
 */
class OrderActionsBridgeITCase {
  private static final long T0 = Instant.parse("2024-01-08T14:31:00Z").toEpochMilli();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KafkaTestStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = KafkaTestStack.start();
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void aReplayedReplaceAndCancelEachActOnce() throws Exception {
    Order o1 = limit("o1", "140");
    Order r1 = limit("r1", "150").acting(OrderAction.REPLACE, "o1");
    Order o2 = limit("o2", "140");
    Order c1 = limit("c1", "140").acting(OrderAction.CANCEL, "o2");
    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(
                stack.bootstrapServers(), RegistrySettings.of(stack.registryUrl(), false)),
            new PaperBroker(new BigDecimal("100000")));
    Thread loop = new Thread(bridge, "bridge");
    loop.setDaemon(true);
    try (bridge) {
      loop.start();
      publishOrders(List.of(o1, r1, o2, c1, o1, r1, o2, c1));
      assertThat(Deadline.await(() -> bridge.stats().ordersReceived() >= 8, WAIT)).isTrue();
      publishBar(
          new Bar(
              "AAPL",
              T0,
              T0 + 60_000,
              new BigDecimal("150"),
              new BigDecimal("150.5"),
              new BigDecimal("149.5"),
              new BigDecimal("150"),
              new BigDecimal("1000"),
              null,
              null,
              "test"));
      assertThat(Deadline.await(() -> statuses().contains("r1 FILLED"), WAIT))
          .as("reports so far: %s", statuses())
          .isTrue();

      assertThat(bridge.stats().ordersSkippedAsKnown()).as("the four replays").isEqualTo(4);
    }
    assertThat(statuses())
        .containsExactlyInAnyOrder(
            "o1 ACCEPTED", "o1 REPLACED", "r1 ACCEPTED", "o2 ACCEPTED", "o2 CANCELED", "r1 FILLED");
  }

  /**
   * The reports on {@code fills.v1} as the job applies them: one per execution id (a replayed
   * order's reports go out again under the same ids, and the copies must be the same report).
   */
  private static List<String> statuses() {
    Map<String, ExecutionReport> byId = new LinkedHashMap<>();
    for (ExecutionReport report : stack.reader().<ExecutionReport>readAll(Topic.FILLS)) {
      ExecutionReport first = byId.putIfAbsent(report.getExecutionId().toString(), report);
      assertThat(first == null || first.equals(report))
          .as("copies of %s are the same report", report.getExecutionId())
          .isTrue();
    }
    return byId.values().stream().map(r -> r.getClientOrderId() + " " + r.getStatus()).toList();
  }

  @Test
  void onTradesTheBrokerFillsOnTheFirstTradeAtOrAfterTheDecision() throws Exception {
    Order order = limit("t1", "151");
    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(
                    stack.bootstrapServers(), RegistrySettings.of(stack.registryUrl(), false))
                .forRun("trades-it", System.currentTimeMillis())
                .withFeed(BridgeConfig.Feed.TRADES),
            new PaperBroker(new BigDecimal("100000")));
    Thread loop = new Thread(bridge, "bridge-trades");
    loop.setDaemon(true);
    try (bridge) {
      loop.start();
      publishOrders(List.of(order));
      assertThat(Deadline.await(() -> bridge.stats().ordersReceived() >= 1, WAIT)).isTrue();
      publishTicks(
          List.of(
              // Before the decision: it was the decision's own market, never a fill.
              Tick.trade("AAPL", T0 - 5_000, new BigDecimal("150.10"), new BigDecimal("500")),
              // A quote is not a trade.
              Tick.quote(
                  "AAPL",
                  T0 + 1_000,
                  new BigDecimal("150.20"),
                  new BigDecimal("150.30"),
                  BigDecimal.TEN,
                  BigDecimal.TEN),
              // Above the limit of 151: no fill.
              Tick.trade("AAPL", T0 + 2_000, new BigDecimal("151.50"), new BigDecimal("500")),
              // The fill: 10 of 500 is within the 10 % participation cap.
              Tick.trade("AAPL", T0 + 3_000, new BigDecimal("150.25"), new BigDecimal("500"))));
      assertThat(Deadline.await(() -> statusesOf("t1").contains("t1 FILLED"), WAIT))
          .as("reports so far: %s", statusesOf("t1"))
          .isTrue();
      assertThat(bridge.stats().tradesReceived())
          .as("the three trades, not the quote")
          .isEqualTo(3);
    }
    ExecutionReport fill =
        stack.reader().<ExecutionReport>readAll(Topic.FILLS).stream()
            .filter(r -> r.getClientOrderId().toString().equals("t1"))
            .filter(r -> r.getStatus() == ExecutionStatus.FILLED)
            .findFirst()
            .orElseThrow();
    assertThat(fill.getLastPrice()).isEqualByComparingTo("150.25");
    assertThat(fill.getLastQuantity()).isEqualByComparingTo("10");
    assertThat(fill.getTsEvent()).isEqualTo(Instant.ofEpochMilli(T0 + 3_000));
    // The cost model on 10 × 150.25 = 1,502.50: (1.0 + 0.5 × 1,502.50 / 100,000) bp = 1.0075 bp,
    // 1,502.50 × 1.0075e-4 = 0.15137…, to cents 0.15.
    assertThat(fill.getFee()).isEqualByComparingTo("0.15");
  }

  private static List<String> statusesOf(String clientOrderId) {
    return statuses().stream().filter(s -> s.startsWith(clientOrderId + " ")).toList();
  }

  private static void publishTicks(List<Tick> ticks) throws Exception {
    stack.publish(
        Topic.TICKS,
        ticks.stream().map(t -> AvroMapping.toAvro(t, Instant.EPOCH)).toList(),
        t -> t.getSymbol().toString());
  }

  private static void publishOrders(List<Order> orders) throws Exception {
    stack.publish(
        Topic.ORDERS,
        orders.stream().map(AvroMapping::toAvro).toList(),
        o -> o.getPortfolio().toString());
  }

  private static void publishBar(Bar bar) throws Exception {
    stack.publish(
        Topic.BARS, List.of(AvroMapping.toAvro(bar, Instant.EPOCH)), b -> b.getSymbol().toString());
  }

  private static Order limit(String id, String limitPrice) {
    return new Order(
        id,
        "main",
        1,
        "AAPL",
        Side.BUY,
        BigDecimal.TEN,
        OrderType.LIMIT,
        new BigDecimal(limitPrice),
        TimeInForce.GTC,
        new BigDecimal("150"),
        T0,
        "momentum@1",
        "test");
  }
}
