package io.tradingcore.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

  @Test
  void secondsFractionsAndHttpDatesAreWaitsFromNow() {
    assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(" 0.25 ", NOW)).contains(Duration.ofMillis(250));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:28:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:27:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void anythingElseIsNoHint() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
  }
}
