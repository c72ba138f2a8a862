package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.retry.FakeTime;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryUnavailableException;
import io.tradingcore.testing.WebhookReceiver;
import io.tradingcore.testing.WebhookReceiver.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one webhook's channel does with each record it reads, decoded through the real HTTP schema
 * registry and sent to a real receiver: the Kafka loop around it is {@code AlertsITCase}'s.
 */
class WebhookChannelTest {
  private static final String PATH = "/services/T000/B000/s3cr3tT0k3n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LocalSchemaRegistry registry;
  private WebhookReceiver receiver;
  private AvroCodec<RiskEvent> writer;
  private Path deadLetterFile;
  private WebhookChannel channel;

  @BeforeEach
  void start() throws Exception {
    registry = LocalSchemaRegistry.start("127.0.0.1", 0);
    receiver = WebhookReceiver.start();
    RegistrySettings settings = RegistrySettings.of(registry.url(), false);
    writer = AvroCodec.forTopic(Topic.RISK_EVENTS, settings.client(), true);
    deadLetterFile = dir.resolve("alerts/dead-letter.jsonl");
    AlertsConfig config =
        AlertsConfig.of("127.0.0.1:1", settings, deadLetterFile)
            .withPolicy(
                new DeliveryPolicy(
                    2,
                    Duration.ofSeconds(2),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    42));
    FakeTime time = new FakeTime(Instant.parse("2026-11-21T20:00:00Z"));
    Webhook ops = new Webhook("ops", WebhookFormat.SLACK, receiver.url(PATH));
    channel =
        new WebhookChannel(
            config,
            ops,
            new WebhookClient(config.policy(), time, time),
            new DeadLetterLog(deadLetterFile, time));
  }

  @AfterEach
  void stop() {
    receiver.close();
    registry.close();
  }

  @Test
  void anAlertIsDeliveredAsSlackJsonAndAFilteredEventIsNotSent() throws Exception {
    assertThat(channel.handle(record(40, RiskEvents.drawdownHalt("main"))))
        .isEqualTo(WebhookChannel.Outcome.DELIVERED);
    assertThat(channel.handle(record(41, RiskEvents.haltedDenial("main", "o1"))))
        .isEqualTo(WebhookChannel.Outcome.SKIPPED);

    assertThat(receiver.requests(PATH))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.json().get("text").asText())
                  .startsWith(":rotating_light: *HALT DRAWDOWN*");
            });
    assertThat(channel.stats().toString())
        .isEqualTo("1 delivered, 0 dead-lettered, 1 filtered out of 2 read (1 requests)");
    assertThat(deadLetterFile).doesNotExist();
  }

  @Test
  void anAlertNobodyTakesIsAppendedToTheDeadLetterLogWithHowItFailed() throws Exception {
    receiver.then(PATH, Answer.status(400, "no_text"));
    RiskEvent halt = RiskEvents.drawdownHalt("main");

    assertThat(channel.handle(record(41, halt))).isEqualTo(WebhookChannel.Outcome.DEAD_LETTERED);
    receiver.close();
    assertThat(channel.handle(record(42, RiskEvents.resume("main", "c9"))))
        .isEqualTo(WebhookChannel.Outcome.DEAD_LETTERED);

    List<String> lines = Files.readAllLines(deadLetterFile, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).doesNotContain("s3cr3t"));
    assertThat(JSON.readTree(lines.get(0)))
        .isEqualTo(
            JSON.readTree(
                """
                {"deadLetteredAt":"2026-11-21T20:00:00Z","webhook":"ops","host":"127.0.0.1",
                 "format":"slack","topic":"risk.events.v1","partition":0,"offset":41,
                 "attempts":1,"lastStatus":400,"lastError":"HTTP 400: no_text",
                 "event":{"eventId":"gate-main-DRAWDOWN-1549294260000","portfolio":"main",
                   "symbol":null,"reason":"DRAWDOWN","severity":"HALT",
                   "cause":"equity 97800.00 is 2.20 % below its high-water mark 100000.00, the limit is 2.00 %: flattening every position and halting",
                   "values":{"limit":0.02,"observed":0.022},"causationId":null,
                   "tradingState":"HALTED","tsEvent":"2019-02-04T15:31:00Z",
                   "tsInit":"2019-02-04T15:31:00Z"}}
                """));
    JsonNode refused = JSON.readTree(lines.get(1));
    assertThat(refused.get("offset").asLong()).isEqualTo(42);
    assertThat(refused.get("attempts").asInt()).isEqualTo(2);
    assertThat(refused.get("lastStatus").isNull()).isTrue();
    assertThat(refused.get("lastError").asText())
        .isEqualTo("connection refused or unreachable (ConnectException)");
    assertThat(refused.get("event").get("reason").asText()).isEqualTo("TRADING_STATE");
    assertThat(channel.stats().deadLettered()).isEqualTo(2);
  }

  @Test
  void aRecordThatCannotBeDecodedIsDeadLetteredWithItsBytes() throws Exception {
    byte[] garbage = {0x00, 0x00, 0x00, 0x7f, 0x01, 0x02};
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(Topic.RISK_EVENTS.topicName(), 0, 43, null, garbage);

    assertThat(channel.handle(record)).isEqualTo(WebhookChannel.Outcome.UNDECODABLE);

    JsonNode line = JSON.readTree(Files.readAllLines(deadLetterFile).get(0));
    assertThat(line.get("offset").asLong()).isEqualTo(43);
    assertThat(line.get("event").isNull()).isTrue();
    assertThat(line.get("undecodable").asText()).startsWith("UNKNOWN_SCHEMA_ID");
    assertThat(Base64.getDecoder().decode(line.get("valueBase64").asText())).isEqualTo(garbage);
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void anUnreachableRegistryIsNotTheEventsFaultSoNothingIsSentOrDeadLettered() {
    ConsumerRecord<byte[], byte[]> halt = record(44, RiskEvents.drawdownHalt("main"));
    registry.close();

    assertThatThrownBy(() -> channel.handle(halt)).isInstanceOf(RegistryUnavailableException.class);

    assertThat(receiver.requests()).isEmpty();
    assertThat(deadLetterFile).doesNotExist();
    assertThat(channel.stats().read()).isZero();
  }

  private ConsumerRecord<byte[], byte[]> record(long offset, RiskEvent event) {
    String topic = Topic.RISK_EVENTS.topicName();
    return new ConsumerRecord<>(
        topic,
        0,
        offset,
        event.getPortfolio().getBytes(StandardCharsets.UTF_8),
        writer.encode(topic, event));
  }
}
