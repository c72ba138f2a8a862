package io.tradingcore.bridge.alpaca;

import io.tradingcore.execution.Order;
import io.tradingcore.retry.FakeTime;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * A stand-in with two accounts, a credentials file for them, and an adapter on a fake clock:
 * retries and rate-limit waits cost no real time, only the client's time-out (1 s) does.
 */
final class AlpacaFixture implements AutoCloseable {
  static final String MAIN = "main";
  static final String OTHER = "other";
  static final String MAIN_KEY = "PKMAIN0000000000001";
  static final String MAIN_SECRET = "mAiNsEcReT/0123456789+abcdefghijklmnopq";
  static final String OTHER_KEY = "PKOTHER000000000002";
  static final String OTHER_SECRET = "oThErSeCrEt/9876543210+zyxwvutsrqponmlk";
  static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");

  /** Long enough for a cold first request on a busy two-core machine, short for a stall test. */
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  final AlpacaStandIn alpaca;
  final FakeTime time = new FakeTime(T0);
  final Path credentialsFile;
  final AlpacaCredentials credentials;
  final AlpacaSettings settings;
  final AlpacaBroker broker;

  AlpacaFixture(Path dir) {
    this(dir, 200);
  }

  AlpacaFixture(Path dir, int requestsPerMinute) {
    try {
      alpaca = AlpacaStandIn.start();
      credentialsFile = dir.resolve("alpaca.credentials");
      Files.writeString(
          credentialsFile,
          "# portfolio key-id secret\n"
              + MAIN
              + " "
              + MAIN_KEY
              + " "
              + MAIN_SECRET
              + "\n"
              + OTHER
              + " "
              + OTHER_KEY
              + " "
              + OTHER_SECRET
              + "\n");
      Files.setPosixFilePermissions(credentialsFile, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    alpaca.addAccount(MAIN_KEY, MAIN_SECRET);
    alpaca.addAccount(OTHER_KEY, OTHER_SECRET);
    credentials = AlpacaCredentials.load(credentialsFile);
    settings =
        AlpacaSettings.defaults(alpaca.url())
            .withRequestTimeout(TIMEOUT)
            .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(1), 42)
            .withRequestsPerMinute(requestsPerMinute)
            .withPollInterval(Duration.ofSeconds(1));
    broker = newBroker();
    alpaca.warmUp();
  }

  /** Another adapter on the same accounts: a restarted bridge. */
  AlpacaBroker newBroker() {
    return new AlpacaBroker(settings, credentials, HttpClient.newHttpClient(), time, time);
  }

  /** Lets the next poll through. */
  void nextPoll() {
    time.advance(settings.pollInterval());
  }

  static Order market(String id, String portfolio, Side side, String qty) {
    return order(id, portfolio, side, qty, OrderType.MARKET, TimeInForce.DAY, null, null);
  }

  static Order order(
      String id,
      String portfolio,
      Side side,
      String qty,
      OrderType type,
      TimeInForce timeInForce,
      String limitPrice,
      String stopPrice) {
    return new Order(
        id,
        portfolio,
        1,
        "AAPL",
        side,
        new BigDecimal(qty),
        type,
        limitPrice == null ? null : new BigDecimal(limitPrice),
        stopPrice == null ? null : new BigDecimal(stopPrice),
        timeInForce,
        new BigDecimal("150"),
        T0.toEpochMilli(),
        "momentum@1",
        "test");
  }

  @Override
  public void close() {
    alpaca.close();
  }
}
