package io.tradingcore.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.kafka.OrderSinkChecks.OpenTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

/** The start-up checks' decisions and messages; against a broker in jobs' OrderSinkChecksITCase. */
class OrderSinkChecksTest {
  private static final String SERVERS = "kafka-1:9092";
  private static final OpenTransaction OPEN_FOR_3_S =
      new OpenTransaction(
          "twin-orders-1-42", TransactionState.ONGOING, 3_400, 600_000, List.of("orders.v1-0"));

  @Test
  void idempotentDeliveryOpensNoTransactionSoNothingIsAskedOfKafka() {
    // Nothing listens on port 1: an exactly-once sink's checks fail there (below), an idempotent
    // sink's are skipped without a connection.
    KafkaEndpoints unreachable =
        new KafkaEndpoints("localhost:1", RegistrySettings.of("http://localhost:1", false), "j");

    OrderSinkChecks.requireSafeToStart(
        unreachable.withOrderDelivery(OrderDelivery.IDEMPOTENT),
        OrderSinkChecks.Start.FRESH,
        Duration.ofMillis(500));
    assertThatThrownBy(
            () ->
                OrderSinkChecks.requireSafeToStart(
                    unreachable, OrderSinkChecks.Start.FRESH, Duration.ofMillis(500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "Could not check the order sink's transactions on Kafka at localhost:1");
  }

  @Test
  void aTimeoutWithinEveryBrokersMaximumPasses() {
    assertThat(
            OrderSinkChecks.transactionTimeoutProblem(
                Duration.ofMinutes(10), Map.of("1", 900_000L, "2", 600_000L), SERVERS))
        .isEmpty();
  }

  @Test
  void aTimeoutAboveTheSmallestMaximumNamesBothValuesTheBrokerAndTheFix() {
    String problem =
        OrderSinkChecks.transactionTimeoutProblem(
                Duration.ofMinutes(10), Map.of("1", 900_000L, "2", 60_000L), SERVERS)
            .orElseThrow();

    assertThat(problem)
        .contains("transaction timeout (600000 ms)")
        .contains("transaction.max.timeout.ms = 60000 ms of broker 2 at kafka-1:9092")
        .contains("--transaction-timeout to at most 60000 ms");
  }

  @Test
  void noOpenTransactionMeansNoCollision() {
    assertThat(OrderSinkChecks.prefixCollision("twin", "twin-orders", List.of())).isEmpty();
  }

  @Test
  void anOpenTransactionNamesTheJobThePrefixTheTransactionAndTheWaysOut() {
    String problem =
        OrderSinkChecks.prefixCollision("twin", "twin-orders", List.of(OPEN_FOR_3_S)).orElseThrow();

    assertThat(problem)
        .contains("prefix 'twin-orders' (job name 'twin')")
        .contains("twin-orders-1-42 Ongoing, open for 3 s, timeout 600 s, writing orders.v1-0")
        .contains("--job-name")
        .contains("flink run -s")
        .contains("at most 600 s");
  }

  @Test
  void onlyTheSinksOwnIdsBelongToAPrefix() {
    assertThat(OrderSinkChecks.belongsTo("twin-orders-0-17", "twin-orders")).isTrue();
    // A job named "twin-orders-x" has the prefix "twin-orders-x-orders": not twin's.
    assertThat(OrderSinkChecks.belongsTo("twin-orders-x-orders-0-17", "twin-orders")).isFalse();
    assertThat(OrderSinkChecks.belongsTo("twin-orders-0", "twin-orders")).isFalse();
    // The prefix is taken literally, not as a pattern.
    assertThat(OrderSinkChecks.belongsTo("twinXorders-0-1", "twin.orders")).isFalse();
  }

  @Test
  void aJobNeedsAPositiveTransactionTimeout() {
    KafkaEndpoints kafka =
        new KafkaEndpoints(SERVERS, RegistrySettings.of("http://localhost:1", false), "twin");

    assertThat(kafka.ordersTransactionalIdPrefix()).isEqualTo("twin-orders");
    assertThatThrownBy(() -> kafka.withTransactionTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transaction timeout must be positive, got PT0S");
  }
}
