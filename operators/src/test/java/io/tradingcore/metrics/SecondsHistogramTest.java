package io.tradingcore.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.flink.metrics.HistogramStatistics;
import org.junit.jupiter.api.Test;

class SecondsHistogramTest {
  private static final long MILLISECOND = 1_000_000L;

  @Test
  void reportsNanosecondDurationsAsFractionalSeconds() {
    SecondsHistogram histogram = SecondsHistogram.ofLast(16);
    histogram.update(2 * MILLISECOND);
    histogram.update(4 * MILLISECOND);
    histogram.update(6 * MILLISECOND);

    HistogramStatistics seconds = histogram.getStatistics();
    assertThat(histogram.getCount()).isEqualTo(3);
    assertThat(seconds.size()).isEqualTo(3);
    assertThat(seconds.getQuantile(0.5)).isCloseTo(0.004, within(1e-12));
    assertThat(seconds.getMean()).isCloseTo(0.004, within(1e-12));
    assertThat(seconds.getStdDev()).isCloseTo(0.002, within(1e-12));
    assertThat(histogram.nanos().getStatistics().getMax()).isEqualTo(6 * MILLISECOND);
  }

  @Test
  void boundsInWholeSecondsStayBounds() {
    SecondsHistogram histogram = SecondsHistogram.ofLast(16);
    histogram.update(1_500 * MILLISECOND);
    histogram.update(2_500 * MILLISECOND);

    HistogramStatistics seconds = histogram.getStatistics();
    assertThat(seconds.getMin()).as("1.5 s rounded down").isEqualTo(1);
    assertThat(seconds.getMax()).as("2.5 s rounded up").isEqualTo(3);
    assertThat(seconds.getValues()).containsExactly(1, 2);
  }

  @Test
  void sharesItsSamplesWithTheNanosecondHistogram() {
    SecondsHistogram histogram = SecondsHistogram.ofLast(16);
    histogram.nanos().update(3 * MILLISECOND);

    assertThat(histogram.getCount()).isEqualTo(1);
    assertThat(histogram.getStatistics().getQuantile(0.99)).isCloseTo(0.003, within(1e-12));
  }
}
