package io.tradingcore.features;

import java.io.Serializable;

/**
 * Window lengths of the baseline features, in bars.
 *
 * @param momentum closes averaged for momentum (MA5 by default)
 * @param volatility log returns in realised volatility
 * @param vwap bars in the rolling VWAP the deviation is measured against
 */
public record FeatureWindows(int momentum, int volatility, int vwap) implements Serializable {
  public static final FeatureWindows DEFAULT = new FeatureWindows(5, 20, 10);

  public FeatureWindows {
    if (momentum < 1 || volatility < 2 || vwap < 1) {
      throw new IllegalArgumentException(
          String.format(
              "feature windows must be momentum >= 1, volatility >= 2, vwap >= 1 bars; got %d, %d, %d",
              momentum, volatility, vwap));
    }
  }
}
