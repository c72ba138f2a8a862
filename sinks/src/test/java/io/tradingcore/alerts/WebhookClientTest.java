package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.retry.FakeTime;
import io.tradingcore.testing.LogCapture;
import io.tradingcore.testing.WebhookReceiver;
import io.tradingcore.testing.WebhookReceiver.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against a real HTTP receiver; pauses on a fake clock, so the test never waits them. */
class WebhookClientTest {
  private static final String PATH = "/services/T000/B000/s3cr3tT0k3n";
  private static final Instant T0 = Instant.parse("2026-11-21T20:00:00Z");
  private static final String PAYLOAD =
      WebhookFormat.SLACK.payload(RiskEvents.drawdownHalt("main"));

  private WebhookReceiver receiver;
  private FakeTime time;
  private WebhookClient client;
  private Webhook webhook;

  @BeforeEach
  void start() throws Exception {
    receiver = WebhookReceiver.start();
    time = new FakeTime(T0);
    client = new WebhookClient(policy(3, Duration.ofSeconds(2)), time, time);
    webhook = new Webhook("ops", WebhookFormat.SLACK, receiver.url(PATH));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void twoServerErrorsThenOkIsDeliveredOnceOnTheThirdAttemptAfterGrowingPauses() throws Exception {
    receiver.then(PATH, Answer.status(500), Answer.status(503, "upstream down"));

    WebhookClient.Result result = client.deliver(webhook, PAYLOAD);

    assertThat(result).isEqualTo(new WebhookClient.Result(true, 3, 200, null));
    assertThat(receiver.requests(PATH))
        .extracting(WebhookReceiver.Request::status)
        .containsExactly(500, 503, 200);
    assertThat(receiver.delivered(PATH))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.body()).isEqualTo(PAYLOAD);
              assertThat(r.contentType()).isEqualTo("application/json");
            });
    // Base 100 ms doubling: each pause between half and all of 100 ms, then of 200 ms.
    assertThat(time.sleeps()).hasSize(2);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void theSameSeedPausesTheSameWay() throws Exception {
    receiver.then(PATH, Answer.status(500), Answer.status(500), Answer.status(500));
    client.deliver(webhook, PAYLOAD);
    FakeTime again = new FakeTime(T0);
    receiver.then(PATH, Answer.status(500), Answer.status(500), Answer.status(500));

    new WebhookClient(policy(3, Duration.ofSeconds(2)), again, again).deliver(webhook, PAYLOAD);

    assertThat(again.sleeps()).hasSize(2).isEqualTo(time.sleeps());
  }

  @Test
  void a429WaitsAsLongAsRetryAfterSaysInSecondsOrAsADate() throws Exception {
    String inTwelveSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(12).atOffset(ZoneOffset.UTC));
    receiver.then(PATH, Answer.tooManyRequests("7"), Answer.tooManyRequests(inTwelveSeconds));

    WebhookClient.Result result = client.deliver(webhook, PAYLOAD);

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(3);
    // The date is read on the fake clock, already 7 s on: 5 s remain.
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(5));
  }

  @Test
  void a429AskingForMoreThanTheLongestWaitWaitsOnlyThatLong() throws Exception {
    receiver.then(PATH, Answer.tooManyRequests("3600"));

    assertThat(client.deliver(webhook, PAYLOAD).delivered()).isTrue();

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void aBadRequestIsNotRetried() throws Exception {
    receiver.then(PATH, Answer.status(400, "invalid_payload"));

    WebhookClient.Result result = client.deliver(webhook, PAYLOAD);

    assertThat(result)
        .isEqualTo(new WebhookClient.Result(false, 1, 400, "HTTP 400: invalid_payload"));
    assertThat(receiver.requests(PATH)).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aRefusedConnectionIsRetriedThenGivenUpWithoutTheUrlAnywhere() throws Exception {
    receiver.close();
    WebhookClient.Result result;
    try (LogCapture log = LogCapture.atLeast(Level.TRACE)) {
      result = client.deliver(webhook, PAYLOAD);

      assertThat(log.text()).contains("ops (slack → 127.0.0.1)").doesNotContain("s3cr3t");
    }

    assertThat(result)
        .isEqualTo(
            new WebhookClient.Result(
                false, 3, null, "connection refused or unreachable (ConnectException)"));
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void aWebhookThatNeverAnswersCostsAtMostTheTimeOutPerAttempt() throws Exception {
    receiver.always(PATH, Answer.noAnswer());
    WebhookClient quick = new WebhookClient(policy(2, Duration.ofMillis(300)), time, time);
    long start = System.nanoTime();

    WebhookClient.Result result = quick.deliver(webhook, PAYLOAD);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(result)
        .isEqualTo(
            new WebhookClient.Result(false, 2, null, "no answer within the request time-out"));
    assertThat(receiver.requests(PATH)).hasSize(2);
    assertThat(took).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
  }

  private static DeliveryPolicy policy(int attempts, Duration timeout) {
    return new DeliveryPolicy(
        attempts,
        timeout,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        42);
  }
}
