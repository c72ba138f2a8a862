package io.tradingcore.bench.pipeline;

import java.util.Arrays;
import java.util.Locale;

/**
 * A latency distribution in milliseconds: count, nearest-rank percentiles, maximum and mean.
 *
 * @param count how many samples
 * @param p50 median (nearest rank)
 * @param p90 90th percentile (nearest rank)
 * @param p99 99th percentile (nearest rank)
 * @param max the largest sample
 * @param mean the arithmetic mean
 */
record Latencies(int count, long p50, long p90, long p99, long max, double mean) {

  /** The distribution of {@code samples} (any order; the array is left as it was). */
  static Latencies of(long[] samples) {
    if (samples.length == 0) {
      return new Latencies(0, 0, 0, 0, 0, Double.NaN);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new Latencies(
        sorted.length,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(Double.NaN));
  }

  /**
   * Nearest-rank percentile of an ascending array: the smallest sample with at least {@code p} of
   * all samples at or below it.
   */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (p <= 0 || p > 1) {
      throw new IllegalArgumentException("p must be in (0, 1], got " + p);
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** One line: {@code label N samples p50 … p90 … p99 … max … mean …}. */
  String format(String label, String unit) {
    if (count == 0) {
      return String.format(Locale.ROOT, "%-13s no %s in the measured window", label, unit);
    }
    return String.format(
        Locale.ROOT,
        "%-13s %,6d %s  p50 %,6d ms  p90 %,6d ms  p99 %,6d ms  max %,6d ms  mean %,8.1f ms",
        label,
        count,
        unit,
        p50,
        p90,
        p99,
        max,
        mean);
  }
}
