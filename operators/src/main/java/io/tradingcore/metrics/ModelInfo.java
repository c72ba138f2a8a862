package io.tradingcore.metrics;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The {@value TradingMetrics#MODEL_INFO} gauges of a deciding operator: one per model or strategy
 * version it has used, under the group {@code model_version=<version>}, 1 while that version
 * decides and 0 after another took over.
 *
 * <p>A Prometheus sample is a number, so the version travels as a label (the reporter exports
 * string gauges as 0). Flink cannot unregister a single metric, hence the 0 for past versions
 * rather than a series that disappears.
 */
public final class ModelInfo {
  private final MetricGroup operator;
  private final Set<String> registered = new HashSet<>();
  private volatile String current;

  private ModelInfo(MetricGroup operator) {
    this.operator = requireNonNull(operator, "operator");
  }

  /** Gauges under {@code operator}; none until {@link #inUse} names the first version. */
  public static ModelInfo register(MetricGroup operator) {
    return new ModelInfo(operator);
  }

  /** {@code version} decides from now on. */
  public void inUse(String version) {
    requireNonNull(version, "version");
    current = version;
    if (registered.add(version)) {
      operator
          .addGroup(TradingMetrics.MODEL_VERSION, version)
          .gauge(TradingMetrics.MODEL_INFO, (Gauge<Integer>) () -> version.equals(current) ? 1 : 0);
    }
  }
}
