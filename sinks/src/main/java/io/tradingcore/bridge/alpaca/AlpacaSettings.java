package io.tradingcore.bridge.alpaca;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Alpaca adapter talks to the Trading API: where, how long it waits, how it retries and how
 * fast it may go. Validated at construction, with every problem reported together.
 *
 * @param baseUrl the Trading API root, e.g. {@link #PAPER_URL}
 * @param requestTimeout how long one request may take before it counts as timed out
 * @param maxAttempts how many times one request is tried before the adapter gives up with an error
 * @param backoffBase the delay before the first retry; each further retry doubles it
 * @param backoffMax the longest delay between two attempts (before jitter)
 * @param maxRateLimitWait the longest the adapter waits for a rate-limit window to reopen on 429
 * @param jitterSeed seeds the jitter of the backoff delays, so a test run is reproducible
 * @param requestsPerMinute client-side limit per account (Alpaca allows 200 a minute)
 * @param pollInterval the shortest time between two polls of the working orders' state
 */
public record AlpacaSettings(
    URI baseUrl,
    Duration requestTimeout,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    Duration maxRateLimitWait,
    long jitterSeed,
    int requestsPerMinute,
    Duration pollInterval) {

  /** Alpaca's paper-trading endpoint: the default, so real money needs a deliberate choice. */
  public static final URI PAPER_URL = URI.create("https://paper-api.alpaca.markets");

  /** Alpaca's documented limit for the Trading API, per account. */
  public static final int ALPACA_REQUESTS_PER_MINUTE = 200;

  public AlpacaSettings {
    List<String> errors = new ArrayList<>();
    if (baseUrl == null
        || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))
        || baseUrl.getHost() == null) {
      errors.add("the Alpaca URL must be an http(s) URL with a host, got " + baseUrl);
    }
    positive(errors, "request timeout", requestTimeout);
    positive(errors, "backoff base", backoffBase);
    positive(errors, "backoff maximum", backoffMax);
    positive(errors, "longest rate-limit wait", maxRateLimitWait);
    positive(errors, "poll interval", pollInterval);
    if (maxAttempts < 1) {
      errors.add("attempts per request must be at least 1, got " + maxAttempts);
    }
    if (requestsPerMinute < 1) {
      errors.add("requests per minute must be at least 1, got " + requestsPerMinute);
    }
    if (backoffBase != null && backoffMax != null && backoffMax.compareTo(backoffBase) < 0) {
      errors.add(
          "the backoff maximum ("
              + backoffMax
              + ") is below the backoff base ("
              + backoffBase
              + ")");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid Alpaca settings: " + String.join("; ", errors));
    }
    if (baseUrl.getPath() != null && baseUrl.getPath().endsWith("/")) {
      baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    }
  }

  /**
   * Defaults for {@code baseUrl}: 10 s per request, 5 attempts from 250 ms doubling to 8 s, at most
   * a minute's wait on a rate limit, 200 requests a minute, a poll a second.
   */
  public static AlpacaSettings defaults(URI baseUrl) {
    return new AlpacaSettings(
        baseUrl,
        Duration.ofSeconds(10),
        5,
        Duration.ofMillis(250),
        Duration.ofSeconds(8),
        Duration.ofMinutes(1),
        System.nanoTime(),
        ALPACA_REQUESTS_PER_MINUTE,
        Duration.ofSeconds(1));
  }

  public AlpacaSettings withRequestTimeout(Duration timeout) {
    return new AlpacaSettings(
        baseUrl,
        timeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        maxRateLimitWait,
        jitterSeed,
        requestsPerMinute,
        pollInterval);
  }

  public AlpacaSettings withRetries(int attempts, Duration base, Duration max, long seed) {
    return new AlpacaSettings(
        baseUrl,
        requestTimeout,
        attempts,
        base,
        max,
        maxRateLimitWait,
        seed,
        requestsPerMinute,
        pollInterval);
  }

  public AlpacaSettings withRequestsPerMinute(int limit) {
    return new AlpacaSettings(
        baseUrl,
        requestTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        maxRateLimitWait,
        jitterSeed,
        limit,
        pollInterval);
  }

  public AlpacaSettings withPollInterval(Duration interval) {
    return new AlpacaSettings(
        baseUrl,
        requestTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        maxRateLimitWait,
        jitterSeed,
        requestsPerMinute,
        interval);
  }

  private static void positive(List<String> errors, String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      errors.add("the " + name + " must be positive, got " + value);
    }
  }
}
