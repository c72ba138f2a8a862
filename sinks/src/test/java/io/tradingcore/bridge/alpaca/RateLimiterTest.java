package io.tradingcore.bridge.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.retry.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");

  private final FakeTime time = new FakeTime(T0);
  private final RateLimiter limiter = new RateLimiter(200, Duration.ofMinutes(1), time, time);

  @Test
  void letsTheLimitThroughAMinuteAndHoldsTheNextUntilTheFirstLeavesTheWindow() throws Exception {
    for (int i = 0; i < 200; i++) {
      assertThat(limiter.acquire()).isZero();
      time.advance(Duration.ofMillis(100));
    }

    // 200 requests in 20 s; the 201st waits until the first is a minute old.
    assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(40));
    assertThat(time.instant()).isEqualTo(T0.plusSeconds(60));
    assertThat(limiter.acquire())
        .as("the second left the window 100 ms later")
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aBurstAfterAQuietSpellStillKeepsToTheLimitInEveryWindow() throws Exception {
    RateLimiter small = new RateLimiter(2, Duration.ofMinutes(1), time, time);
    small.acquire();
    time.advance(Duration.ofMinutes(5));

    List<Instant> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      small.acquire();
      sent.add(time.instant());
    }

    // Two at 5:00, two at 6:00, two at 7:00: never three inside one minute.
    for (int i = 0; i + 2 < sent.size(); i++) {
      assertThat(Duration.between(sent.get(i), sent.get(i + 2)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
    assertThat(sent.get(5)).isEqualTo(T0.plus(Duration.ofMinutes(7)));
  }
}
