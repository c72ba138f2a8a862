package io.tradingcore.retry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits: the real clock in production, a fake one that only advances time in tests. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM =
      duration -> {
        if (duration.isNegative() || duration.isZero()) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
      };

  void sleep(Duration duration) throws InterruptedException;
}
