package io.tradingcore.alerts;

import io.tradingcore.retry.Backoff;
import io.tradingcore.retry.RetryAfter;
import io.tradingcore.retry.Sleeper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alerts to webhooks with {@code java.net.http}, retrying what may succeed later: 5xx, 429
 * (after its {@code Retry-After} when that is longer than the backoff, up to {@link
 * DeliveryPolicy#maxRetryAfter()}), time-outs and connection errors, with exponential backoff and
 * jitter between attempts. Any other answer that is not 2xx (400, 403, 404, a redirect…) will not
 * change by asking again: it ends the delivery at once. Each attempt is bounded by {@link
 * DeliveryPolicy#requestTimeout()}, so a webhook that never answers gives up after {@link
 * DeliveryPolicy#worstCase()}.
 */
public final class WebhookClient {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookClient.class);
  private static final int BODY_SHOWN = 200;

  /**
   * How one delivery ended.
   *
   * @param lastStatus the last HTTP status received, or {@code null} when no attempt got an answer
   * @param lastError what went wrong last, or {@code null} when delivered
   */
  public record Result(boolean delivered, int attempts, Integer lastStatus, String lastError) {}

  private final DeliveryPolicy policy;
  private final HttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;

  public WebhookClient(DeliveryPolicy policy) {
    this(policy, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** With the time the pauses and {@code Retry-After} dates are measured in: fake in tests. */
  public WebhookClient(DeliveryPolicy policy, Clock clock, Sleeper sleeper) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(policy.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.backoff = new Backoff(policy.backoffBase(), policy.backoffMax(), policy.jitterSeed());
  }

  public DeliveryPolicy policy() {
    return policy;
  }

  /**
   * Delivers {@code json} to {@code webhook}, trying up to {@link DeliveryPolicy#maxAttempts()}
   * times.
   *
   * @throws InterruptedException when the forwarder stops meanwhile: the alert is neither delivered
   *     nor given up, and is read again after a restart
   */
  public Result deliver(Webhook webhook, String json) throws InterruptedException {
    Integer lastStatus = null;
    String lastError = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      Duration hint = Duration.ZERO;
      try {
        HttpResponse<String> response = send(webhook, json);
        int status = response.statusCode();
        lastStatus = status;
        if (status >= 200 && status < 300) {
          return new Result(true, attempt, status, null);
        }
        lastError = "HTTP " + status + bodyOf(response);
        if (status != 429 && status < 500) {
          LOG.warn("Alert to webhook {} refused: {}; not retried", webhook, lastError);
          return new Result(false, attempt, status, lastError);
        }
        if (status == 429) {
          hint =
              response
                  .headers()
                  .firstValue("Retry-After")
                  .flatMap(value -> RetryAfter.parse(value, clock.instant()))
                  .orElse(Duration.ZERO);
        }
      } catch (IOException e) {
        lastError = describe(e);
      }
      if (attempt < policy.maxAttempts()) {
        Duration pause = pause(attempt, hint);
        LOG.warn(
            "Alert to webhook {} failed ({}); attempt {} of {} in {} ms",
            webhook,
            lastError,
            attempt + 1,
            policy.maxAttempts(),
            pause.toMillis());
        sleeper.sleep(pause);
      }
    }
    LOG.warn(
        "Alert to webhook {} failed {} times, last: {}", webhook, policy.maxAttempts(), lastError);
    return new Result(false, policy.maxAttempts(), lastStatus, lastError);
  }

  /** The backoff before attempt {@code attempt + 1}, or a 429's longer ask (capped). */
  private Duration pause(int attempt, Duration hint) {
    return backoff.delay(attempt, hint, policy.maxRetryAfter());
  }

  /**
   * One POST, waited for at most the request time-out as a whole: {@link HttpRequest#timeout} alone
   * bounds the wait for the headers, not a body that trickles.
   */
  private HttpResponse<String> send(Webhook webhook, String json)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(policy.requestTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "trading-core-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return call.get(policy.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new java.net.http.HttpTimeoutException("timed out");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.getClass().getSimpleName(), cause);
    }
  }

  /**
   * What went wrong, without the URL: the JDK's messages for some failures quote it, and the URL is
   * the secret.
   */
  static String describe(IOException e) {
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the request time-out";
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused or unreachable (ConnectException)";
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String bodyOf(HttpResponse<String> response) {
    String body = Optional.ofNullable(response.body()).orElse("").strip();
    if (body.isEmpty()) {
      return "";
    }
    return ": " + (body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "…" : body);
  }
}
