package io.tradingcore.bridge.alpaca;

import io.tradingcore.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code limit} requests in any window of {@code window}: a sliding log of the send times,
 * so a burst after a quiet minute cannot exceed the broker's limit either. One per account, since
 * Alpaca counts per account.
 */
final class RateLimiter {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Deque<Instant> sent = new ArrayDeque<>();

  RateLimiter(int limit, Duration window, Clock clock, Sleeper sleeper) {
    if (limit < 1) {
      throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
    }
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Waits until one more request fits the window and counts it; returns how long it waited. */
  synchronized Duration acquire() throws InterruptedException {
    Duration waited = Duration.ZERO;
    while (true) {
      Instant now = clock.instant();
      while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) {
        sent.removeFirst();
      }
      if (sent.size() < limit) {
        sent.addLast(now);
        return waited;
      }
      Duration wait = Duration.between(now, sent.peekFirst().plus(window));
      sleeper.sleep(wait);
      waited = waited.plus(wait);
    }
  }
}
