package io.tradingcore.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankPercentilesOfOneToHundred() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // descending: of() must sort
    }
    Latencies latencies = Latencies.of(samples);
    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.p50()).isEqualTo(50);
    assertThat(latencies.p90()).isEqualTo(90);
    assertThat(latencies.p99()).isEqualTo(99);
    assertThat(latencies.max()).isEqualTo(100);
    assertThat(latencies.mean()).isEqualTo(50.5);
    assertThat(samples[0]).as("the caller's array is left as it was").isEqualTo(100);
  }

  @Test
  void fewSamplesRoundTheRankUp() {
    long[] sorted = {10, 20, 30};
    assertThat(Latencies.percentile(sorted, 0.50)).isEqualTo(20);
    assertThat(Latencies.percentile(sorted, 0.34)).isEqualTo(20);
    assertThat(Latencies.percentile(sorted, 0.33)).isEqualTo(10);
    assertThat(Latencies.percentile(sorted, 0.99)).isEqualTo(30);
    assertThat(Latencies.percentile(new long[] {7}, 0.01)).isEqualTo(7);
  }

  @Test
  void noSamplesIsAnEmptyDistributionNotAFigure() {
    Latencies none = Latencies.of(new long[0]);
    assertThat(none.count()).isZero();
    assertThat(none.format("bar → order", "orders"))
        .isEqualTo("bar → order   no orders in the measured window");
    assertThatThrownBy(() -> Latencies.percentile(new long[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsOneLine() {
    assertThat(Latencies.of(new long[] {1, 2, 3, 1000}).format("sink → order", "orders"))
        .isEqualTo(
            "sink → order       4 orders  p50      2 ms  p90  1,000 ms  p99  1,000 ms  max  1,000"
                + " ms  mean    251.5 ms");
  }
}
