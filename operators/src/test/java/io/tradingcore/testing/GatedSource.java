package io.tradingcore.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A bounded source of scripted records that stops before chosen records until the test opens a
 * gate: how a MiniCluster test puts one input's record after another input's has been processed,
 * which no bounded source can promise by itself. Run it with parallelism 1.
 *
 * <pre>{@code
 * env.fromSource(GatedSource.of("burst", reports, Map.of(7, "limit-applied"), type), ...)
 * ...
 * GatedSource.open("limit-applied"); // record 7 (0-based) and the rest now flow
 * }</pre>
 *
 * <p>Scripts and gates live in static maps (the MiniCluster runs in the test's JVM), named per test
 * so tests do not share them.
 */
public final class GatedSource {
  private static final Map<String, List<?>> SCRIPTS = new ConcurrentHashMap<>();
  private static final Map<String, CompletableFuture<Void>> GATES = new ConcurrentHashMap<>();

  private GatedSource() {}

  /**
   * @param script a name unique to the test
   * @param gatesBefore gate name by the index of the first record it holds back
   */
  public static <T> DataGeneratorSource<T> of(
      String script, List<T> records, Map<Integer, String> gatesBefore, TypeInformation<T> type) {
    SCRIPTS.put(script, List.copyOf(records));
    gatesBefore.values().forEach(GatedSource::gate);
    return new DataGeneratorSource<>(
        new Scripted<>(script), records.size(), new Gates(Map.copyOf(gatesBefore)), type);
  }

  /** Lets the records behind {@code gate} flow. */
  public static void open(String gate) {
    gate(gate).complete(null);
  }

  private static CompletableFuture<Void> gate(String name) {
    return GATES.computeIfAbsent(name, n -> new CompletableFuture<>());
  }

  private static final class Scripted<T> implements GeneratorFunction<Long, T> {
    private static final long serialVersionUID = 1L;
    private final String script;

    Scripted(String script) {
      this.script = script;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T map(Long index) {
      return (T) SCRIPTS.get(script).get(index.intValue());
    }
  }

  /** The source asks once before each record: the n-th request (from 0) is for record n. */
  private static final class Gates implements RateLimiterStrategy<SourceSplit> {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, String> before;

    Gates(Map<Integer, String> before) {
      this.before = before;
    }

    @Override
    public RateLimiter<SourceSplit> createRateLimiter(int parallelism) {
      return new RateLimiter<>() {
        private int next;

        @Override
        public CompletionStage<Void> acquire(int permits) {
          String gate = before.get(next++);
          return gate == null ? CompletableFuture.completedFuture(null) : gate(gate);
        }
      };
    }
  }
}
