package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.retry.Backoff;
import io.tradingcore.retry.RetryAfter;
import io.tradingcore.retry.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport under the Alpaca adapter: authenticated JSON requests through a per-account rate
 * limiter, with retries (backoff with jitter; {@code Retry-After} / {@code X-RateLimit-Reset} on
 * 429) for requests that may safely be sent again. Requests that create orders are retried by the
 * adapter itself, which looks the order up before each new attempt.
 */
final class AlpacaHttp {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaHttp.class);
  static final ObjectMapper JSON = new ObjectMapper();

  /** One answer from Alpaca. */
  record Response(String method, String path, int status, String body, Map<String, String> hints) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** 429 and 5xx: the request may be sent again after a pause. */
    boolean retryable() {
      return status == 429 || status >= 500;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body.isEmpty() ? "null" : body);
      } catch (JsonProcessingException e) {
        throw new AlpacaException(
            method + " " + path + " answered " + status + " with a body that is not JSON", e);
      }
    }

    /** Alpaca's error message ({@code {"code":…,"message":…}}), else the start of the body. */
    String message() {
      try {
        JsonNode node = JSON.readTree(body);
        if (node != null && node.hasNonNull("message")) {
          return node.get("message").asText();
        }
      } catch (JsonProcessingException e) {
        // Not JSON: the body itself says what happened.
      }
      return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    @Override
    public String toString() {
      return method + " " + path + " → " + status + (ok() ? "" : " (" + message() + ")");
    }
  }

  private final AlpacaSettings settings;
  private final HttpClient client;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final Map<String, RateLimiter> limiters = new HashMap<>();

  AlpacaHttp(AlpacaSettings settings, HttpClient client, Clock clock, Sleeper sleeper) {
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff =
        new Backoff(settings.backoffBase(), settings.backoffMax(), settings.jitterSeed());
  }

  AlpacaSettings settings() {
    return settings;
  }

  /**
   * Sends one request, once, after the account's rate limiter.
   *
   * @throws IOException when no answer came: a time-out ({@link
   *     java.net.http.HttpTimeoutException}) or a network error. The request may still have been
   *     carried out.
   */
  Response once(AlpacaCredentials.Account account, String method, String path, String body)
      throws IOException {
    Duration waited = waiting(() -> limiter(account).acquire());
    if (!waited.isZero()) {
      LOG.debug(
          "Alpaca rate limiter held {} {} of portfolio {} for {} ms",
          method,
          path,
          account.portfolio(),
          waited.toMillis());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    account.authorize(request);
    long start = System.nanoTime();
    HttpResponse<String> response =
        interruptibly(() -> client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    Map<String, String> hints = new HashMap<>();
    for (String name : new String[] {"Retry-After", "X-RateLimit-Reset"}) {
      response.headers().firstValue(name).ifPresent(value -> hints.put(name, value));
    }
    Response answer = new Response(method, path, response.statusCode(), response.body(), hints);
    LOG.debug(
        "Alpaca {} for portfolio {} in {} ms",
        answer,
        account.portfolio(),
        (System.nanoTime() - start) / 1_000_000);
    return answer;
  }

  /**
   * Sends a request that may safely be repeated (reads, cancels), retrying on 429, 5xx and
   * time-outs up to the configured attempts; returns the first answer that is not retryable.
   *
   * @throws AlpacaException when every attempt failed
   */
  Response idempotent(AlpacaCredentials.Account account, String method, String path, String body) {
    String last = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      Response response;
      try {
        response = once(account, method, path, body);
      } catch (IOException e) {
        last = describe(e);
        pauseBeforeRetry(account, method, path, attempt, last, null);
        continue;
      }
      if (!response.retryable()) {
        return response;
      }
      last = response.toString();
      pauseBeforeRetry(account, method, path, attempt, last, response);
    }
    throw gaveUp(account, method, path, last);
  }

  /**
   * Waits before attempt {@code attempt + 1}: the backoff delay, or longer when a 429 says when the
   * window reopens (capped at the configured longest wait). Nothing after the last attempt.
   */
  void pauseBeforeRetry(
      AlpacaCredentials.Account account,
      String method,
      String path,
      int attempt,
      String failure,
      Response response) {
    if (attempt >= settings.maxAttempts()) {
      return;
    }
    Duration hint =
        response != null && response.status() == 429
            ? rateLimitHint(response).orElse(Duration.ZERO)
            : Duration.ZERO;
    Duration delay = backoff.delay(attempt, hint, settings.maxRateLimitWait());
    LOG.warn(
        "Alpaca {} {} for portfolio {} failed ({}); attempt {} of {} in {} ms",
        method,
        path,
        account.portfolio(),
        failure,
        attempt + 1,
        settings.maxAttempts(),
        delay.toMillis());
    Duration wait = delay;
    waiting(
        () -> {
          sleeper.sleep(wait);
          return null;
        });
  }

  AlpacaException gaveUp(
      AlpacaCredentials.Account account, String method, String path, String last) {
    return new AlpacaException(
        "Alpaca "
            + method
            + " "
            + path
            + " for portfolio "
            + account.portfolio()
            + " failed "
            + settings.maxAttempts()
            + " times; last: "
            + last,
        0);
  }

  static String describe(IOException e) {
    return e instanceof java.net.http.HttpTimeoutException
        ? "no answer within the request time-out"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * How long a 429 asks to wait: {@code Retry-After} (seconds or a date), else until {@code
   * X-RateLimit-Reset}.
   */
  Optional<Duration> rateLimitHint(Response response) {
    try {
      Optional<Duration> retryAfter =
          RetryAfter.parse(response.hints().get("Retry-After"), clock.instant());
      if (retryAfter.isPresent()) {
        return retryAfter;
      }
      String reset = response.hints().get("X-RateLimit-Reset");
      if (reset != null) {
        Instant at = Instant.ofEpochSecond(Long.parseLong(reset.strip()));
        Duration until = Duration.between(clock.instant(), at);
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      }
    } catch (NumberFormatException e) {
      LOG.warn("Alpaca sent a rate-limit header that is not a number: {}", response.hints());
    }
    return Optional.empty();
  }

  private synchronized RateLimiter limiter(AlpacaCredentials.Account account) {
    return limiters.computeIfAbsent(
        account.portfolio(),
        p -> new RateLimiter(settings.requestsPerMinute(), Duration.ofMinutes(1), clock, sleeper));
  }

  private interface Blocking<T> {
    T call() throws IOException, InterruptedException;
  }

  private static <T> T interruptibly(Blocking<T> call) throws IOException {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlpacaException("interrupted while talking to Alpaca", e);
    }
  }

  private static <T> T waiting(Waiting<T> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlpacaException("interrupted while waiting to talk to Alpaca", e);
    }
  }

  private interface Waiting<T> {
    T call() throws InterruptedException;
  }
}
