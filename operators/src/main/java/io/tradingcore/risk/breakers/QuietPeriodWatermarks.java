package io.tradingcore.risk.breakers;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded out-of-orderness watermarks that also move up to the newest timestamp seen once no record
 * arrived for a short quiet period of processing time.
 *
 * <p>Why: a CEP pattern only sees a record when the watermark passes it. With plain bounded
 * out-of-orderness the watermark trails the newest report by the bound and moves only when another
 * report arrives, so the reject that completes a burst would wait for the next report, and once the
 * burst has halted trading there may be none. After the quiet period nothing else is on its way, so
 * the newest timestamp is as far as event time can safely go; the pattern then sees the last reject
 * at once. The cost: a report that arrives after a quiet period carrying a timestamp at or before
 * the newest one is late (side output, counted).
 *
 * <p>Emitted watermarks never go back.
 */
public final class QuietPeriodWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrderness;
  private final long quietPeriod;
  private final RelativeClock clock;

  private long newest = Long.MIN_VALUE;
  private long lastRecordAt;
  private long emitted = Long.MIN_VALUE;

  /**
   * @param clock processing time, {@code WatermarkGeneratorSupplier.Context#getInputActivityClock}
   */
  public QuietPeriodWatermarks(Duration outOfOrderness, Duration quietPeriod, RelativeClock clock) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.quietPeriod = quietPeriod.toMillis();
    this.clock = clock;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    newest = Math.max(newest, eventTimestamp);
    lastRecordAt = clock.relativeTimeMillis();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newest == Long.MIN_VALUE) {
      return;
    }
    boolean quiet = clock.relativeTimeMillis() - lastRecordAt >= quietPeriod;
    long watermark = quiet ? newest : newest - outOfOrderness - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
