package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.Order;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.testing.KafkaTestStack;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CANCEL and REPLACE travel through {@code orders.v1} on real parts (embedded Kafka, the registry
 * wire format, the bridge and its paper broker): each acts once although every record is read
 * twice, as after a replay.
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

  private static void publishOrders(List<Order> orders) throws Exception {
    AvroCodec<io.tradingcore.schemas.avro.Order> codec =
        AvroCodec.forTopic(Topic.ORDERS, stack.registry(), false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stack.bootstrapServers()))) {
      for (Order order : orders) {
        producer
            .send(
                new ProducerRecord<>(
                    Topic.ORDERS.topicName(),
                    order.portfolio().getBytes(StandardCharsets.UTF_8),
                    codec.encode(Topic.ORDERS.topicName(), AvroMapping.toAvro(order))))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void publishBar(Bar bar) throws Exception {
    AvroCodec<io.tradingcore.schemas.avro.Bar> codec =
        AvroCodec.forTopic(Topic.BARS, stack.registry(), false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stack.bootstrapServers()))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topic.BARS.topicName(),
                  bar.symbol().getBytes(StandardCharsets.UTF_8),
                  codec.encode(Topic.BARS.topicName(), AvroMapping.toAvro(bar, Instant.EPOCH))))
          .get(30, TimeUnit.SECONDS);
    }
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
