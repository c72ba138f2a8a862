package io.tradingcore.bridge.alpaca;

import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.MAIN_KEY;
import static io.tradingcore.bridge.alpaca.AlpacaFixture.market;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.bridge.alpaca.AlpacaStandIn.Fault;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, back-off, rate limits, and never a second order from a retried create. */
class AlpacaRetryTest {
  private static final String ORDER_PATH = "/v2/orders";
  private static final String LOOKUP = "/v2/orders:by_client_order_id?client_order_id=o1";

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

  @Test
  void a429WaitsAsLongAsRetryAfterSaysThenLooksUpAndPlacesTheOrderOnce() {
    alpaca.failNext(1, Fault.tooManyRequests(Map.of("Retry-After", "3")).only("POST"));

    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "1"));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED);
    assertThat(fixture.time.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(alpaca.requests())
        .extracting(
            AlpacaStandIn.Request::method,
            AlpacaStandIn.Request::path,
            AlpacaStandIn.Request::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", ORDER_PATH, 429),
            org.assertj.core.groups.Tuple.tuple("GET", LOOKUP, 404),
            org.assertj.core.groups.Tuple.tuple("POST", ORDER_PATH, 200));
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
  }

  @Test
  void a429WithoutRetryAfterWaitsUntilTheRateLimitWindowResets() {
    long reset = AlpacaFixture.T0.plusSeconds(7).getEpochSecond();
    alpaca.failNext(
        2,
        Fault.tooManyRequests(
            Map.of(
                "X-RateLimit-Limit",
                "200",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                Long.toString(reset))));

    assertThat(broker.lookup(market("o1", MAIN, Side.BUY, "1"))).isEmpty();

    // The first wait runs to the reset, 7 s; the second comes after it, so only the back-off.
    assertThat(fixture.time.sleeps().get(0)).isEqualTo(Duration.ofSeconds(7));
    assertThat(fixture.time.sleeps().get(1))
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(alpaca.requests())
        .extracting(AlpacaStandIn.Request::status)
        .containsExactly(429, 429, 404);
  }

  @Test
  void a429AskingForMoreThanTheLongestWaitWaitsOnlyThatLong() {
    alpaca.failNext(1, Fault.tooManyRequests(Map.of("Retry-After", "3600")));

    broker.lookup(market("o1", MAIN, Side.BUY, "1"));

    assertThat(fixture.time.sleeps()).containsExactly(fixture.settings.maxRateLimitWait());
  }

  @Test
  void serverErrorsAreRetriedWithExponentialBackoffAndJitterThatIsSeeded() throws Exception {
    alpaca.failNext(1, Fault.answer(500));
    alpaca.failNext(2, Fault.answer(503));
    broker.lookup(market("o1", MAIN, Side.BUY, "1"));
    List<Duration> first = fixture.time.sleeps();
    fixture.close();

    AlpacaFixture again =
        new AlpacaFixture(java.nio.file.Files.createDirectories(dir.resolve("again")));
    try {
      again.alpaca.failNext(1, Fault.answer(500));
      again.alpaca.failNext(2, Fault.answer(503));
      again.broker.lookup(market("o1", MAIN, Side.BUY, "1"));
      assertThat(again.time.sleeps()).as("same seed, same delays").isEqualTo(first);
    } finally {
      again.close();
    }
    assertThat(alpaca.requests())
        .extracting(AlpacaStandIn.Request::status)
        .containsExactly(500, 503, 503, 404);
    // Base 100 ms doubling: each delay between half and all of 100, 200, 400 ms.
    assertThat(first).hasSize(3);
    assertThat(first.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(first.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(first.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void givesUpWithAClearErrorAfterTheLastAttemptWithoutPlacingAnOrder() {
    alpaca.failNext(20, Fault.answer(503).only("POST"));

    assertThatThrownBy(() -> broker.submit(market("o1", MAIN, Side.BUY, "1")))
        .isInstanceOf(AlpacaException.class)
        .hasMessageContaining("POST /v2/orders")
        .hasMessageContaining("portfolio main")
        .hasMessageContaining("failed 4 times")
        .hasMessageContaining("503")
        .hasMessageContaining("Whether order o1 exists is unknown");
    assertThat(alpaca.count("POST", ORDER_PATH)).isEqualTo(4);
    assertThat(alpaca.count("GET", LOOKUP)).as("a lookup before each retry").isEqualTo(3);
    assertThat(alpaca.orderCount(MAIN_KEY)).isZero();
  }

  @Test
  void aCreateThatTimesOutBeforeAlpacaTookItIsSentAgainOnce() {
    alpaca.failNext(1, Fault.noAnswer().only("POST"));

    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "1"));

    assertThat(reports)
        .extracting(ExecutionReport::getStatus)
        .containsExactly(ExecutionStatus.ACCEPTED);
    assertThat(alpaca.count("POST", ORDER_PATH)).isEqualTo(2);
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
  }

  @Test
  void aCreateThatAlpacaCarriedOutBeforeStallingIsFoundNotSentAgain() {
    alpaca.failNext(1, Fault.serveThenNoAnswer().only("POST"));

    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "1"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.ACCEPTED);
              assertThat(r.getBrokerOrderId()).isEqualTo(alpaca.order("o1").get("id").asText());
            });
    assertThat(alpaca.count("POST", ORDER_PATH)).isEqualTo(1);
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
    assertThat(broker.workingOrders()).containsExactly("o1");
  }

  @Test
  void aCreateThatAlpacaCarriedOutBeforeFailingWith5xxIsFoundNotSentAgain() {
    alpaca.failNext(1, Fault.serveThenFail(502).only("POST"));

    broker.submit(market("o1", MAIN, Side.BUY, "1"));

    assertThat(alpaca.count("POST", ORDER_PATH)).isEqualTo(1);
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
  }

  @Test
  void aDuplicateClientOrderIdIsAnsweredByALookupNotAnError() {
    alpaca.placeDirectly(MAIN_KEY, "o1", "AAPL", "1");
    alpaca.fill("o1", "1", "150.25");

    List<ExecutionReport> reports = broker.submit(market("o1", MAIN, Side.BUY, "1"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getStatus()).isEqualTo(ExecutionStatus.FILLED);
              assertThat(r.getLastPrice()).isEqualByComparingTo("150.25");
            });
    assertThat(alpaca.requests())
        .extracting(AlpacaStandIn.Request::status)
        .containsExactly(422, 200);
    assertThat(alpaca.orderCount(MAIN_KEY)).isEqualTo(1);
  }

  @Test
  void readsAreRetriedOnTimeOuts() {
    alpaca.failNext(2, Fault.noAnswer().only("GET"));

    assertThat(broker.lookup(market("o1", MAIN, Side.BUY, "1"))).isEmpty();
    assertThat(alpaca.count("GET", LOOKUP)).isEqualTo(3);
  }

  @Test
  void badCredentialsStopWithAnErrorNamingThePortfolioAndTheFile() {
    fixture.close();
    AlpacaStandIn wrongSecret;
    try {
      wrongSecret = AlpacaStandIn.start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      wrongSecret.addAccount(MAIN_KEY, "a-different-secret");
      AlpacaBroker broker =
          new AlpacaBroker(
              AlpacaSettings.defaults(wrongSecret.url()),
              fixture.credentials,
              java.net.http.HttpClient.newHttpClient(),
              fixture.time,
              fixture.time);

      assertThatThrownBy(() -> broker.submit(market("o1", MAIN, Side.BUY, "1")))
          .isInstanceOf(AlpacaException.class)
          .hasMessageContaining("refused the credentials of portfolio main")
          .hasMessageContaining(fixture.credentialsFile.toString())
          .satisfies(e -> assertThat(((AlpacaException) e).status()).isEqualTo(401));
      assertThat(wrongSecret.count("POST", ORDER_PATH)).as("not retried").isEqualTo(1);
    } finally {
      wrongSecret.close();
    }
  }

  @Test
  void theClientSideRateLimiterHoldsTheRequestThatWouldExceedTheLimit() throws Exception {
    fixture.close();
    AlpacaFixture limited =
        new AlpacaFixture(java.nio.file.Files.createDirectories(dir.resolve("limited")), 3);
    try {
      for (int i = 0; i < 3; i++) {
        limited.broker.lookup(market("o" + i, MAIN, Side.BUY, "1"));
        limited.time.advance(Duration.ofSeconds(10));
      }
      assertThat(limited.time.sleeps()).as("three fit the minute").isEmpty();

      limited.broker.lookup(market("o3", MAIN, Side.BUY, "1"));

      // The first went at T0; the fourth may go at T0 + 60 s, 30 s after the clock's 30 s.
      assertThat(limited.time.sleeps()).containsExactly(Duration.ofSeconds(30));
      assertThat(limited.alpaca.requests()).hasSize(4);
      assertThat(limited.time.instant()).isEqualTo(AlpacaFixture.T0.plusSeconds(60));
    } finally {
      limited.close();
    }
  }
}
