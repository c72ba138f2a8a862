package io.tradingcore.testing;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Hands a MiniCluster test the counters its operators register, by job, operator and name, read
 * live: what a test waits on to know an operator has taken a record.
 */
public final class CounterReporter implements MetricReporter {
  /** Counters by {@code job/operator/name}, summed over subtasks when read. */
  private static final Map<String, Map<MetricGroup, Counter>> COUNTERS = new ConcurrentHashMap<>();

  /** {@code configuration} with this reporter added. */
  public static Configuration addTo(Configuration configuration) {
    configuration.set(
        ConfigOptions.key("metrics.reporter.test-counters.factory.class")
            .stringType()
            .noDefaultValue(),
        Factory.class.getName());
    return configuration;
  }

  /**
   * The sum over subtasks of counter {@code name} of operator {@code operator} in job {@code job}.
   */
  public static long count(String job, String operator, String name) {
    return COUNTERS.getOrDefault(key(job, operator, name), Map.of()).values().stream()
        .mapToLong(Counter::getCount)
        .sum();
  }

  private static String key(String job, String operator, String name) {
    return job + "/" + operator + "/" + name;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    Map<String, String> variables = group.getAllVariables();
    String operator = variables.get("<operator_name>");
    String job = variables.get("<job_name>");
    if (metric instanceof Counter && operator != null && job != null) {
      COUNTERS
          .computeIfAbsent(key(job, operator, name), k -> new ConcurrentHashMap<>())
          .put(group, (Counter) metric);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

  /** Configured by class name. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new CounterReporter();
    }
  }
}
