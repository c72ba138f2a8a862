package io.tradingcore.risk.breakers;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * How the breakers keep event time on their inputs, which arrive without usable watermarks.
 *
 * @param outOfOrderness how far a signal may trail the newest one and still be used; the bound of
 *     both watermark generators
 * @param idleness after this long without a record a parallel instance stops holding event time
 *     back (an instance that watches no active portfolio, a night without marks)
 * @param quietPeriod after this long without an execution report the fills' watermark moves up to
 *     the newest report (see {@link QuietPeriodWatermarks}); shorter than {@code idleness}
 */
public record BreakerTiming(Duration outOfOrderness, Duration idleness, Duration quietPeriod)
    implements Serializable {

  public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(500);

  public BreakerTiming {
    List<String> errors = new ArrayList<>();
    if (outOfOrderness == null || outOfOrderness.isNegative()) {
      errors.add("out-of-orderness must be zero or positive, got " + outOfOrderness);
    }
    if (idleness == null || idleness.isNegative() || idleness.isZero()) {
      errors.add("idleness must be positive, got " + idleness);
    }
    if (quietPeriod == null || quietPeriod.isNegative() || quietPeriod.isZero()) {
      errors.add("quiet period must be positive, got " + quietPeriod);
    } else if (idleness != null && quietPeriod.compareTo(idleness) >= 0) {
      errors.add(
          "quiet period ("
              + quietPeriod
              + ") must be shorter than idleness ("
              + idleness
              + "): an idle input never moves its watermark up");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid breaker timing: " + String.join("; ", errors));
    }
  }

  /** {@code outOfOrderness} with the default idleness and quiet period. */
  public static BreakerTiming of(Duration outOfOrderness) {
    return new BreakerTiming(outOfOrderness, DEFAULT_IDLENESS, DEFAULT_QUIET_PERIOD);
  }

  /** Book signals: their time, bounded out-of-orderness, idleness. */
  WatermarkStrategy<BookSignal> bookWatermarks() {
    return WatermarkStrategy.<BookSignal>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((signal, previous) -> signal.timestamp())
        .withIdleness(idleness);
  }

  /** Fill signals: their report's time, bounded out-of-orderness with a quiet period, idleness. */
  WatermarkStrategy<FillSignal> fillWatermarks() {
    Duration bound = outOfOrderness;
    Duration quiet = quietPeriod;
    return WatermarkStrategy.<FillSignal>forGenerator(
            context -> new QuietPeriodWatermarks<>(bound, quiet, context.getInputActivityClock()))
        .withTimestampAssigner((signal, previous) -> signal.timestamp())
        .withIdleness(idleness);
  }
}
