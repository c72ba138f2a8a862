package io.tradingcore.risk.breakers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class QuietPeriodWatermarksTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(500);

  private final ManualClock clock = new ManualClock();
  private final QuietPeriodWatermarks<String> watermarks =
      new QuietPeriodWatermarks<>(BOUND, QUIET, clock);
  private final Emitted emitted = new Emitted();

  @Test
  void emitsNothingBeforeTheFirstRecord() {
    clock.advanceTime(Duration.ofMinutes(1));
    watermarks.onPeriodicEmit(emitted);

    assertThat(emitted.watermarks).isEmpty();
  }

  @Test
  void trailsTheNewestRecordByTheBoundWhileRecordsKeepComing() {
    watermarks.onEvent("reject", 60_000, emitted);
    watermarks.onEvent("older reject", 58_000, emitted);
    clock.advanceTime(Duration.ofMillis(499));
    watermarks.onPeriodicEmit(emitted);

    // 60 000 − 5 000 − 1
    assertThat(emitted.watermarks).containsExactly(54_999L);
  }

  @Test
  void movesUpToTheNewestRecordOnceNothingArrivedForTheQuietPeriod() {
    watermarks.onEvent("reject", 60_000, emitted);
    watermarks.onPeriodicEmit(emitted);
    clock.advanceTime(QUIET);
    watermarks.onPeriodicEmit(emitted);

    assertThat(emitted.watermarks).containsExactly(54_999L, 60_000L);
  }

  @Test
  void neverGoesBackWhenRecordsResumeAfterAQuietPeriod() {
    watermarks.onEvent("reject", 60_000, emitted);
    clock.advanceTime(QUIET);
    watermarks.onPeriodicEmit(emitted);
    watermarks.onEvent("next reject", 62_000, emitted);
    watermarks.onPeriodicEmit(emitted);
    watermarks.onEvent("one more", 70_000, emitted);
    watermarks.onPeriodicEmit(emitted);

    // 62 000 − 5 001 = 56 999 would go back: nothing; 70 000 − 5 001 = 64 999 moves on.
    assertThat(emitted.watermarks).containsExactly(60_000L, 64_999L);
  }

  private static final class Emitted implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  }
}
