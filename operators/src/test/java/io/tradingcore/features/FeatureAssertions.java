package io.tradingcore.features;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agreement of computed features with a reference: |actual − expected| ≤ 1e-9 · max(|expected|,
 * floor), with a floor per feature below which relative agreement means nothing.
 */
final class FeatureAssertions {
  static final double RELATIVE = 1e-9;

  /**
   * close / x − 1 features: the division leaves an absolute error of a few ulps of 1 (2.2e-16 each)
   * whatever the feature's size, so near zero only absolute agreement is meaningful; 1e-13 is still
   * a billionth of a one-basis-point deviation.
   */
  static final double RATIO_FLOOR = 1e-4;

  /**
   * Skewness and kurtosis are dimensionless O(1) numbers; for a nearly symmetric window m3 is a
   * difference of similar cubes whose rounding is ~1e-14 in skew units however small the skew.
   */
  static final double SHAPE_FLOOR = 1e-3;

  /** RSI lives in [0, 100]: agreement to 1e-9 points near 0 or 100. */
  static final double RSI_FLOOR = 1.0;

  /** VPIN lives in [0, 1]. */
  static final double VPIN_FLOOR = 1e-3;

  /**
   * Volatilities, spread, book imbalance and returns keep full relative precision down to tiny
   * values (the adversarial series has minute volatility near 1e-10); the floor only admits values
   * that are zero up to rounding, e.g. a two-pass mean of a constant window off by an ulp.
   */
  static final double TINY_FLOOR = 1e-12;

  private FeatureAssertions() {}

  static void assertMatches(BarFeatures actual, BarFeatures expected, String where) {
    close(where, "logReturn", actual.logReturn(), expected.logReturn(), TINY_FLOOR);
    close(where, "momentum", actual.momentum(), expected.momentum(), RATIO_FLOOR);
    close(where, "volatility", actual.volatility(), expected.volatility(), TINY_FLOOR);
    close(where, "spread", actual.spread(), expected.spread(), TINY_FLOOR);
    close(where, "vwapDeviation", actual.vwapDeviation(), expected.vwapDeviation(), RATIO_FLOOR);
    close(where, "bookImbalance", actual.bookImbalance(), expected.bookImbalance(), TINY_FLOOR);
    close(where, "tradeIntensity", actual.tradeIntensity(), expected.tradeIntensity(), RATIO_FLOOR);
    close(where, "volOfVol", actual.volOfVol(), expected.volOfVol(), TINY_FLOOR);
    close(where, "skewness", actual.skewness(), expected.skewness(), SHAPE_FLOOR);
    close(where, "kurtosis", actual.kurtosis(), expected.kurtosis(), SHAPE_FLOOR);
    close(where, "rsi", actual.rsi(), expected.rsi(), RSI_FLOOR);
    close(where, "emaDeviation", actual.emaDeviation(), expected.emaDeviation(), RATIO_FLOOR);
    close(where, "vpin", actual.vpin(), expected.vpin(), VPIN_FLOOR);
    assertThat(Double.valueOf(actual.quoteImbalance()))
        .as(where + " quoteImbalance")
        .isEqualTo(Double.valueOf(expected.quoteImbalance()));
    assertThat(actual.warm()).as(where + " warm").isEqualTo(expected.warm());
    assertThat(actual.barEnd()).as(where + " barEnd").isEqualTo(expected.barEnd());
  }

  static void close(String where, String name, double actual, double expected, double floor) {
    assertThat(actual).as("%s %s is finite", where, name).isFinite();
    double tolerance = RELATIVE * Math.max(Math.abs(expected), floor);
    assertThat(Math.abs(actual - expected))
        .as("%s %s: %s vs reference %s", where, name, actual, expected)
        .isLessThanOrEqualTo(tolerance);
  }
}
