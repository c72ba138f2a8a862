package io.tradingcore.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How hard the forwarder tries one alert on one webhook before it dead-letters it.
 *
 * @param maxAttempts requests in all, the first included
 * @param requestTimeout longest one request may take, connecting included: a webhook that hangs
 *     costs at most this per attempt
 * @param backoffBase the ceiling of the first pause; it doubles on each retry up to {@code
 *     backoffMax}, and the pause is drawn between half and all of it
 * @param maxRetryAfter longest a 429's {@code Retry-After} is obeyed (a longer ask waits this long)
 * @param jitterSeed seeds the jitter, so a test sees the same pauses on every run
 */
public record DeliveryPolicy(
    int maxAttempts,
    Duration requestTimeout,
    Duration backoffBase,
    Duration backoffMax,
    Duration maxRetryAfter,
    long jitterSeed) {

  public static final int DEFAULT_ATTEMPTS = 5;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public DeliveryPolicy {
    List<String> problems = new ArrayList<>();
    if (maxAttempts < 1 || maxAttempts > 100) {
      problems.add("attempts must be between 1 and 100, got " + maxAttempts);
    }
    requirePositive("request timeout", requestTimeout, problems);
    requirePositive("backoff", backoffBase, problems);
    requirePositive("longest backoff", backoffMax, problems);
    requirePositive("longest Retry-After wait", maxRetryAfter, problems);
    if (problems.isEmpty() && backoffMax.compareTo(backoffBase) < 0) {
      problems.add(
          "the longest backoff " + backoffMax + " is shorter than the backoff " + backoffBase);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults, with jitter seeded from the clock (forwarders that failed together part). */
  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(
        DEFAULT_ATTEMPTS,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_BACKOFF,
        DEFAULT_BACKOFF_MAX,
        DEFAULT_MAX_RETRY_AFTER,
        System.nanoTime());
  }

  /**
   * The longest one alert can hold its webhook up: every attempt timing out and every pause as long
   * as allowed. The forwarder sizes its Kafka poll interval from it.
   */
  public Duration worstCase() {
    Duration longestPause = backoffMax.compareTo(maxRetryAfter) > 0 ? backoffMax : maxRetryAfter;
    return requestTimeout
        .multipliedBy(maxAttempts)
        .plus(longestPause.multipliedBy(maxAttempts - 1L));
  }

  private static void requirePositive(String what, Duration value, List<String> problems) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(what + " must be positive, got " + value);
    }
  }
}
