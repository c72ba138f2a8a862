package io.tradingcore.marketdata;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the bar quality gate's statistical rules ({@link BarGate}), validated together.
 *
 * @param interval the bar interval: every bar must start on a multiple of it (epoch-based, so all
 *     assets share one grid) and last exactly one interval
 * @param window how many recent accepted bars the per-symbol statistics (log-return σ, mean volume)
 *     are taken over
 * @param minHistory accepted bars a symbol needs in its window before the jump and volume rules
 *     apply (at most {@code window})
 * @param jumpSigmas k: a close whose log return against the last accepted close exceeds k·σ·√(bars
 *     elapsed) is a price jump
 * @param minSigma floor on σ (a log return per interval), so a quiet series does not flag every
 *     ordinary tick
 * @param volumeMultiple m: a volume above m × the recent mean volume is implausible
 * @param reBaseAfter n: the n-th consecutive bar refused by the jump (or volume) rule, agreeing
 *     with the one before it, is accepted as a new level and restarts that rule's statistics
 * @param missingBarsAfter g: more than g missing intervals between a symbol's bars is reported as
 *     missing bars (the bar after the gap still passes)
 * @param sessionBreak a gap at least this long is a closed market (night, weekend), not missing
 *     data; zero reports every gap (24/7 markets)
 * @param stateTtl how long a symbol's gate state outlives its last bar (processing time)
 */
public record GateParameters(
    Duration interval,
    int window,
    int minHistory,
    double jumpSigmas,
    double minSigma,
    double volumeMultiple,
    int reBaseAfter,
    int missingBarsAfter,
    Duration sessionBreak,
    Duration stateTtl)
    implements Serializable {

  /** One-minute bars; the values are discussed in operators/README.md. */
  public static final GateParameters DEFAULT =
      new GateParameters(
          Duration.ofMinutes(1),
          50,
          20,
          8.0,
          0.005,
          500.0,
          3,
          5,
          Duration.ofHours(2),
          Duration.ofDays(7));

  public GateParameters {
    List<String> errors = new ArrayList<>();
    if (interval == null
        || interval.toMillis() <= 0
        || !interval.equals(Duration.ofMillis(interval.toMillis()))) {
      errors.add("bar interval must be a positive whole number of milliseconds, got " + interval);
    }
    if (window < 2) {
      errors.add("gate window must be at least 2 bars, got " + window);
    }
    if (minHistory < 2 || minHistory > window) {
      errors.add(
          "gate minimum history must be between 2 and the window ("
              + window
              + "), got "
              + minHistory);
    }
    if (!(jumpSigmas > 0) || Double.isInfinite(jumpSigmas)) {
      errors.add("jump threshold in σ must be positive and finite, got " + jumpSigmas);
    }
    if (!(minSigma > 0) || Double.isInfinite(minSigma)) {
      errors.add("σ floor must be positive and finite, got " + minSigma);
    }
    if (!(volumeMultiple > 1) || Double.isInfinite(volumeMultiple)) {
      errors.add("volume multiple must be above 1 and finite, got " + volumeMultiple);
    }
    if (reBaseAfter < 2) {
      errors.add("re-base needs at least 2 agreeing bars, got " + reBaseAfter);
    }
    if (missingBarsAfter < 0) {
      errors.add("missing-bars threshold must be zero or positive, got " + missingBarsAfter);
    }
    if (sessionBreak == null || sessionBreak.isNegative()) {
      errors.add("session break must be zero or positive, got " + sessionBreak);
    }
    if (stateTtl == null || stateTtl.isNegative() || stateTtl.isZero()) {
      errors.add("gate state TTL must be positive, got " + stateTtl);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid quality gate configuration: " + String.join("; ", errors));
    }
  }

  public long intervalMillis() {
    return interval.toMillis();
  }

  public GateParameters withInterval(Duration interval) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withMinHistory(int minHistory) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withJumpSigmas(double jumpSigmas) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withMinSigma(double minSigma) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withVolumeMultiple(double volumeMultiple) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withMissingBarsAfter(int missingBarsAfter) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }

  public GateParameters withStateTtl(Duration stateTtl) {
    return new GateParameters(
        interval,
        window,
        minHistory,
        jumpSigmas,
        minSigma,
        volumeMultiple,
        reBaseAfter,
        missingBarsAfter,
        sessionBreak,
        stateTtl);
  }
}
