package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplaySpeedTest {

  @Test
  void aMinuteOfMarketTimeTakesAMinuteDividedBySpeed() {
    assertThat(new ReplaySpeed(600).wallNanos(60_000))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(ReplaySpeed.MAX.wallNanos(60_000)).isZero();
  }

  @Test
  void parsesMultiplesAndMax() {
    assertThat(ReplaySpeed.parse("1200x")).isEqualTo(new ReplaySpeed(1200));
    assertThat(ReplaySpeed.parse(" 600 ")).isEqualTo(new ReplaySpeed(600));
    assertThat(ReplaySpeed.parse("MAX").isMax()).isTrue();
    assertThat(ReplaySpeed.parse("1200").toString()).isEqualTo("1200x");
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> ReplaySpeed.parse("fast")).hasMessageContaining("'max'");
    assertThatThrownBy(() -> ReplaySpeed.parse("0")).hasMessageContaining("positive");
  }
}
