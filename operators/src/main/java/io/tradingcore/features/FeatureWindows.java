package io.tradingcore.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Window lengths of the per-asset features, in bars. See {@link BarFeatures} for what each feature
 * computes over its window.
 *
 * @param momentum closes averaged for momentum (MA5 by default)
 * @param volatility log returns in realised volatility
 * @param vwap bars in the rolling VWAP the deviation is measured against
 * @param intensityShort bars in the short mean volume of trade intensity
 * @param intensityLong bars in the long mean volume of trade intensity
 * @param volOfVol full-window volatility values whose standard deviation is vol of vol
 * @param moments log returns in skewness and kurtosis
 * @param rsi Wilder smoothing length of the RSI (RSI(14) by default)
 * @param ema length of the EMA the deviation is measured against (multiplier 2 / (ema + 1))
 * @param vpin bars in VPIN, and in the stdev of price changes used to classify their volume
 */
public record FeatureWindows(
    int momentum,
    int volatility,
    int vwap,
    int intensityShort,
    int intensityLong,
    int volOfVol,
    int moments,
    int rsi,
    int ema,
    int vpin)
    implements Serializable {

  /** The design's windows: MA5, 20-bar volatility, 10-bar VWAP, 5/20 intensity, RSI(14), … */
  public static final FeatureWindows DEFAULT =
      new FeatureWindows(5, 20, 10, 5, 20, 20, 20, 14, 20, 50);

  /**
   * @throws IllegalArgumentException listing every invalid window at once
   */
  public FeatureWindows {
    List<String> errors = new ArrayList<>();
    atLeast(errors, "momentum", momentum, 1);
    atLeast(errors, "volatility", volatility, 2);
    atLeast(errors, "vwap", vwap, 1);
    atLeast(errors, "intensityShort", intensityShort, 1);
    atLeast(errors, "intensityLong", intensityLong, 1);
    if (intensityShort > intensityLong) {
      errors.add(
          String.format(
              "intensityShort (%d) must not exceed intensityLong (%d)",
              intensityShort, intensityLong));
    }
    atLeast(errors, "volOfVol", volOfVol, 2);
    atLeast(errors, "moments", moments, 2);
    atLeast(errors, "rsi", rsi, 1);
    atLeast(errors, "ema", ema, 1);
    atLeast(errors, "vpin", vpin, 2);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid feature windows: " + String.join("; ", errors));
    }
  }

  /** The names {@link #with(Map)} accepts: the record's components. */
  public static final List<String> NAMES =
      List.of(
          "momentum",
          "volatility",
          "vwap",
          "intensityShort",
          "intensityLong",
          "volOfVol",
          "moments",
          "rsi",
          "ema",
          "vpin");

  /**
   * These windows with some replaced by name, e.g. {@code {vpin=100, rsi=10}}.
   *
   * @throws IllegalArgumentException naming an unknown window (and the valid names) or every
   *     invalid length at once
   */
  public FeatureWindows with(Map<String, Integer> overrides) {
    List<String> unknown = new ArrayList<>();
    for (String name : overrides.keySet()) {
      if (!NAMES.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown feature window " + String.join(", ", unknown) + "; valid: " + NAMES);
    }
    return new FeatureWindows(
        overrides.getOrDefault("momentum", momentum),
        overrides.getOrDefault("volatility", volatility),
        overrides.getOrDefault("vwap", vwap),
        overrides.getOrDefault("intensityShort", intensityShort),
        overrides.getOrDefault("intensityLong", intensityLong),
        overrides.getOrDefault("volOfVol", volOfVol),
        overrides.getOrDefault("moments", moments),
        overrides.getOrDefault("rsi", rsi),
        overrides.getOrDefault("ema", ema),
        overrides.getOrDefault("vpin", vpin));
  }

  /** These windows with another momentum window, e.g. a strategy's own MA length. */
  public FeatureWindows withMomentum(int momentum) {
    return new FeatureWindows(
        momentum,
        volatility,
        vwap,
        intensityShort,
        intensityLong,
        volOfVol,
        moments,
        rsi,
        ema,
        vpin);
  }

  /**
   * Bars a symbol needs before {@link BarFeatures#warm()}: the longest of every window, counting
   * the extra first bar that windows over returns or price changes need, and vol of vol's wait for
   * a full volatility window.
   */
  public int warmUpBars() {
    return Math.max(
        Math.max(Math.max(momentum, vwap), Math.max(intensityLong, ema)),
        Math.max(Math.max(volatility + volOfVol, moments + 1), Math.max(rsi + 1, vpin + 1)));
  }

  private static void atLeast(List<String> errors, String name, int value, int minimum) {
    if (value < minimum) {
      errors.add(String.format("%s must be at least %d bars, got %d", name, minimum, value));
    }
  }
}
