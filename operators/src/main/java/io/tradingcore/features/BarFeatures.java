package io.tradingcore.features;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the strategy sees of one instrument after one bar: the first, baseline subset of the
 * design's per-asset features.
 *
 * @param close the bar's close, exact, for sizing orders
 * @param logReturn ln(close / previous close); 0 on the first bar
 * @param momentum close / mean of the last {@code momentumWindow} closes − 1
 * @param volatility sample standard deviation of log returns over the volatility window, annualised
 *     with √(252 × 390)
 * @param spread (high − low) / close, a spread proxy
 * @param vwapDeviation close / volume-weighted price of the last {@code vwapWindow} bars − 1
 * @param warm whether every window is full, so every feature is defined
 */
public record BarFeatures(
    String symbol,
    long barStart,
    long barEnd,
    BigDecimal close,
    double logReturn,
    double momentum,
    double volatility,
    double spread,
    double vwapDeviation,
    boolean warm) {

  /** Name of the feature set on {@code features.v1}; with the version it fixes every name. */
  public static final String FEATURE_SET = "asset";

  /** Bumped whenever a definition, a window or the order of {@link #NAMES} changes. */
  public static final int FEATURE_SET_VERSION = 0;

  /** The features in {@link #vector()}, in order. */
  public static final List<String> NAMES =
      List.of("log_return", "momentum", "volatility", "spread", "vwap_deviation");

  /** The values of {@link #NAMES}, in order. */
  public double[] vector() {
    return new double[] {logReturn, momentum, volatility, spread, vwapDeviation};
  }
}
