package io.tradingcore.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void theBackoffIsCappedAndItsJitterVaries() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(250), 7);

    List<Duration> delays = IntStream.rangeClosed(1, 20).mapToObj(backoff::delay).toList();

    assertThat(delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(250)));
    assertThat(delays.subList(2, 20))
        .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(125)));
    assertThat(delays.stream().distinct().count()).as("jitter").isGreaterThan(10);
  }
}
