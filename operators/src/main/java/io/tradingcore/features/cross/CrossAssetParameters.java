package io.tradingcore.features.cross;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a portfolio's symbols are aligned and compared.
 *
 * @param window aligned bars in the rolling correlation and beta (50 by default)
 * @param benchmark symbol betas are measured against (SPY by default); aligned even when the
 *     portfolio does not trade it
 * @param stalenessLimit bars a missing symbol's last features are carried forward; beyond it the
 *     symbol is unusable and the observation incomplete
 */
public record CrossAssetParameters(int window, String benchmark, int stalenessLimit)
    implements Serializable {
  public static final CrossAssetParameters DEFAULT = new CrossAssetParameters(50, "SPY", 5);

  /** Portfolios of more symbols than this would make the O(N²) matrix per bar too costly. */
  public static final int MAX_SYMBOLS = 50;

  public CrossAssetParameters {
    List<String> errors = new ArrayList<>();
    if (window < 2) {
      errors.add("correlation window must be at least 2 bars, got " + window);
    }
    if (benchmark == null || benchmark.isBlank()) {
      errors.add("benchmark symbol is blank");
    }
    if (stalenessLimit < 0) {
      errors.add("staleness limit must be zero or more bars, got " + stalenessLimit);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid cross-asset parameters: " + String.join("; ", errors));
    }
  }
}
