package io.tradingcore.metrics;

import static java.util.Objects.requireNonNull;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A histogram of durations measured in nanoseconds and reported in seconds, as Prometheus names
 * durations ({@code *_seconds}).
 *
 * <p>Flink histograms hold {@code long} values, so a duration recorded in seconds would be 0 for
 * everything under a second. This view records nanoseconds into another histogram (shared, so the
 * exact nanosecond histogram can be registered beside it at no extra cost per record) and divides
 * when read: quantiles, mean and standard deviation are fractional seconds. Minimum and maximum are
 * {@code long} in Flink's interface, so they are whole seconds: the minimum rounded down, the
 * maximum rounded up (both stay true bounds); the web UI and REST API show them, Flink 2.2's
 * Prometheus reporter exports only the quantiles 0.5 to 0.999 and the count.
 */
public final class SecondsHistogram implements Histogram {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final long WHOLE_SECOND = 1_000_000_000L;

  private final Histogram nanos;

  private SecondsHistogram(Histogram nanos) {
    this.nanos = requireNonNull(nanos, "nanos");
  }

  /** A view in seconds over a new histogram of the last {@code window} nanosecond durations. */
  public static SecondsHistogram ofLast(int window) {
    return new SecondsHistogram(new DescriptiveStatisticsHistogram(window));
  }

  /** The histogram of nanoseconds behind this view. */
  public Histogram nanos() {
    return nanos;
  }

  /** Records one duration of {@code durationNanos} nanoseconds. */
  @Override
  public void update(long durationNanos) {
    nanos.update(durationNanos);
  }

  @Override
  public long getCount() {
    return nanos.getCount();
  }

  @Override
  public HistogramStatistics getStatistics() {
    HistogramStatistics inner = nanos.getStatistics();
    return new HistogramStatistics() {
      @Override
      public double getQuantile(double quantile) {
        return inner.getQuantile(quantile) / NANOS_PER_SECOND;
      }

      @Override
      public long[] getValues() {
        long[] values = inner.getValues();
        long[] seconds = new long[values.length];
        for (int i = 0; i < values.length; i++) {
          seconds[i] = values[i] / WHOLE_SECOND;
        }
        return seconds;
      }

      @Override
      public int size() {
        return inner.size();
      }

      @Override
      public double getMean() {
        return inner.getMean() / NANOS_PER_SECOND;
      }

      @Override
      public double getStdDev() {
        return inner.getStdDev() / NANOS_PER_SECOND;
      }

      @Override
      public long getMax() {
        return -Math.floorDiv(-inner.getMax(), WHOLE_SECOND);
      }

      @Override
      public long getMin() {
        return Math.floorDiv(inner.getMin(), WHOLE_SECOND);
      }
    };
  }
}
