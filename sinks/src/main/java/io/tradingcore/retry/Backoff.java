package io.tradingcore.retry;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: before retry {@code n} a delay drawn evenly between half and all
 * of {@code min(max, base·2^(n−1))}, so clients that failed together do not retry together. Seeded,
 * so a test sees the same delays on every run.
 */
public final class Backoff {
  private final Duration base;
  private final Duration max;
  private final Random random;

  public Backoff(Duration base, Duration max, long seed) {
    this.base = base;
    this.max = max;
    this.random = new Random(seed);
  }

  /** The delay before retry number {@code retry} (1 for the first retry). */
  public synchronized Duration delay(int retry) {
    long ceiling = base.toNanos();
    for (int i = 1; i < retry && ceiling < max.toNanos(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toNanos());
    long half = ceiling / 2;
    return Duration.ofNanos(half + (long) (random.nextDouble() * (ceiling - half)));
  }

  /**
   * The delay before retry {@code retry}, or the server's longer ask ({@code hint}, e.g. a 429's
   * {@code Retry-After}) capped at {@code maxHint}; a hint no longer than the backoff changes
   * nothing.
   */
  public Duration delay(int retry, Duration hint, Duration maxHint) {
    Duration delay = delay(retry);
    if (hint.compareTo(delay) <= 0) {
      return delay;
    }
    return hint.compareTo(maxHint) > 0 ? maxHint : hint;
  }
}
