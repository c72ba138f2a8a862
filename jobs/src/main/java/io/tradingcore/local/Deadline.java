package io.tradingcore.local;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline: the only way the local stack waits on anything. */
public final class Deadline {
  private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

  private Deadline() {}

  /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
  public static boolean await(BooleanSupplier condition, Duration timeout) {
    return await(condition, timeout, Duration.ofNanos(POLL_NANOS));
  }

  /**
   * As {@link #await(BooleanSupplier, Duration)}, polling every {@code pollEvery}: for a state that
   * lasts only milliseconds, such as a checkpoint in progress.
   */
  public static boolean await(BooleanSupplier condition, Duration timeout, Duration pollEvery) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(remaining, pollEvery.toNanos()));
    }
    return true;
  }

  /**
   * Waits until {@code value} has not changed for {@code quiet}, or {@code timeout} passes: for
   * "the pipeline has caught up" where no single event says so.
   */
  public static boolean awaitQuiet(
      java.util.function.LongSupplier value, Duration quiet, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = value.getAsLong();
    long lastChange = System.nanoTime();
    while (System.nanoTime() - lastChange < quiet.toNanos()) {
      if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return true;
  }
}
