package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.WebhookReceiver;
import io.tradingcore.testing.WebhookReceiver.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts forwarder between a real Kafka broker (risk events published to {@code risk.events.v1}
 * in the registry wire format) and a real HTTP receiver standing in for Slack.
 */
@Tag("slow")
class AlertsITCase {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPS = "/services/T000/B000/opsS3cr3t";
  private static final String SLOW = "/services/T000/B001/slowS3cr3t";

  private static KafkaTestStack stack;

  @TempDir Path dir;
  private WebhookReceiver receiver;

  @BeforeAll
  static void startKafka() throws Exception {
    stack = KafkaTestStack.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    stack.close();
  }

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void riskEventsArriveAsSlackJsonInOrderAndAWebhookThatHangsHoldsUpNobodyElse() throws Exception {
    receiver.always(SLOW, Answer.noAnswer());
    List<Webhook> webhooks =
        WebhookFile.load(
            webhookFile("ops " + receiver.url(OPS), "slow slack " + receiver.url(SLOW)),
            WebhookFormat.SLACK);
    AlertsConfig config = config("alerts-it-order", policy(2, Duration.ofMillis(500)));

    try (AlertForwarder forwarder = new AlertForwarder(config, webhooks).start()) {
      assertThat(Deadline.await(forwarder::isReady, WAIT)).as("channels assigned").isTrue();
      stack.publish(
          Topic.RISK_EVENTS,
          List.of(
              RiskEvents.drawdownHalt("main"),
              RiskEvents.haltedDenial("main", "o1"),
              RiskEvents.staleFeedPause("AAPL"),
              RiskEvents.resume("main", "c1"),
              RiskEvents.controlAccepted("main", "c1")),
          RiskEvent::getPortfolio);

      assertThat(Deadline.await(() -> receiver.delivered(OPS).size() >= 3, WAIT)).isTrue();
      // The hanging webhook needs two 0.5 s time-outs per alert: it is still on its first ones.
      assertThat(forwarder.stats("slow").deadLettered()).isLessThan(3);
      List<JsonNode> bodies = receiver.delivered(OPS).stream().map(r -> r.json()).toList();
      assertThat(bodies)
          .allSatisfy(b -> assertThat(b.fieldNames()).toIterable().containsExactly("text"));
      assertThat(bodies)
          .extracting(b -> b.get("text").asText().lines().findFirst().orElseThrow())
          .containsExactly(
              ":rotating_light: *HALT DRAWDOWN* · portfolio main · now HALTED",
              ":warning: *PAUSE STALE_FEED* · all portfolios · AAPL",
              ":information_source: *INFO TRADING_STATE* · portfolio main · now ACTIVE");

      assertThat(Deadline.await(() -> forwarder.stats("slow").deadLettered() == 3, WAIT)).isTrue();
      assertThat(forwarder.stats("ops").toString())
          .isEqualTo("3 delivered, 0 dead-lettered, 2 filtered out of 5 read (3 requests)");
    }
    List<JsonNode> deadLetters =
        Files.readAllLines(config.deadLetterFile()).stream().map(AlertsITCase::json).toList();
    assertThat(deadLetters)
        .extracting(
            d -> d.get("webhook").asText(),
            d -> d.get("attempts").asInt(),
            d -> d.get("lastError").asText(),
            d -> d.get("event").get("reason").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "slow", 2, "no answer within the request time-out", "DRAWDOWN"),
            org.assertj.core.groups.Tuple.tuple(
                "slow", 2, "no answer within the request time-out", "STALE_FEED"),
            org.assertj.core.groups.Tuple.tuple(
                "slow", 2, "no answer within the request time-out", "TRADING_STATE"));
    assertThat(Files.readString(config.deadLetterFile())).doesNotContain("S3cr3t");
  }

  @Test
  void anAlertNotYetDeliveredWhenTheForwarderStopsIsSentAfterItsRestartAndNothingTwice()
      throws Exception {
    List<Webhook> webhooks =
        WebhookFile.load(webhookFile("ops slack " + receiver.url(OPS)), WebhookFormat.SLACK);
    // Enough attempts that the outage below never exhausts them: the alert stays undelivered.
    AlertsConfig config = config("alerts-it-restart", policy(100, Duration.ofSeconds(2)));

    try (AlertForwarder first = new AlertForwarder(config, webhooks).start()) {
      assertThat(Deadline.await(first::isReady, WAIT)).isTrue();
      stack.publish(Topic.RISK_EVENTS, List.of(RiskEvents.drawdownHalt("main")), e -> "main");
      assertThat(Deadline.await(() -> receiver.delivered(OPS).size() == 1, WAIT)).isTrue();

      receiver.always(OPS, Answer.status(503, "service unavailable"));
      stack.publish(Topic.RISK_EVENTS, List.of(RiskEvents.staleFeedPause("AAPL")), e -> "*");
      assertThat(
              Deadline.await(
                  () -> receiver.requests(OPS).stream().filter(r -> r.status() == 503).count() >= 2,
                  WAIT))
          .as("retrying the second alert")
          .isTrue();
    }
    assertThat(receiver.delivered(OPS)).hasSize(1);

    receiver.always(OPS, Answer.ok());
    try (AlertForwarder second = new AlertForwarder(config, webhooks).start()) {
      assertThat(Deadline.await(() -> receiver.delivered(OPS).size() == 2, WAIT))
          .as("the undelivered alert, sent after the restart")
          .isTrue();
      stack.publish(Topic.RISK_EVENTS, List.of(RiskEvents.resume("main", "c2")), e -> "main");
      assertThat(Deadline.await(() -> receiver.delivered(OPS).size() == 3, WAIT)).isTrue();
    }

    assertThat(receiver.delivered(OPS))
        .extracting(r -> r.json().get("text").asText().lines().findFirst().orElseThrow())
        .containsExactly(
            ":rotating_light: *HALT DRAWDOWN* · portfolio main · now HALTED",
            ":warning: *PAUSE STALE_FEED* · all portfolios · AAPL",
            ":information_source: *INFO TRADING_STATE* · portfolio main · now ACTIVE");
    assertThat(config.deadLetterFile()).doesNotExist();
  }

  private AlertsConfig config(String name, DeliveryPolicy policy) {
    return AlertsConfig.of(
            stack.bootstrapServers(),
            RegistrySettings.of(stack.registryUrl(), false),
            dir.resolve("dead-letter.jsonl"))
        .forRun(name, null)
        .withPolicy(policy);
  }

  private static DeliveryPolicy policy(int attempts, Duration timeout) {
    return new DeliveryPolicy(
        attempts,
        timeout,
        Duration.ofMillis(50),
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        42);
  }

  private Path webhookFile(String... lines) throws Exception {
    Path file = dir.resolve("webhooks");
    Files.write(file, List.of(lines));
    return file;
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(line, e);
    }
  }
}
