package io.tradingcore.risk.breakers;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Holds a test's {@code DataGeneratorSource} before chosen records until the test opens a gate, so
 * a MiniCluster scenario can order what two sources emit without sleeping. The source asks its rate
 * limiter once before each record and waits on the returned future without blocking its task, so
 * its watermarks keep flowing while it waits. Gates are named per test run; parallelism 1.
 */
final class SourceGates {
  private static final Map<String, CompletableFuture<Void>> GATES = new ConcurrentHashMap<>();

  private SourceGates() {}

  static void open(String gate) {
    gate(gate).complete(null);
  }

  /** A strategy that waits, before record {@code i}, for the gate {@code before.get(i)}. */
  @SuppressWarnings("rawtypes")
  static RateLimiterStrategy holdingBefore(Map<Integer, String> before) {
    Map<Integer, String> gates = Map.copyOf(before);
    return parallelism ->
        new RateLimiter() {
          private int next;

          @Override
          public CompletionStage<Void> acquire(int permits) {
            String gate = gates.get(next++);
            return gate == null ? CompletableFuture.completedFuture(null) : gate(gate);
          }
        };
  }

  private static CompletableFuture<Void> gate(String name) {
    return GATES.computeIfAbsent(name, n -> new CompletableFuture<>());
  }
}
