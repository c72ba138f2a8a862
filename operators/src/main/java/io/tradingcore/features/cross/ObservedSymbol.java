package io.tradingcore.features.cross;

import io.tradingcore.features.BarFeatures;

/**
 * One symbol in a {@link PortfolioObservation}.
 *
 * @param features the symbol's features for this bar, or its last ones when stale; null when none
 *     ever arrived
 * @param traded whether the portfolio trades it (false for a benchmark it only watches)
 * @param stale whether {@code features} are carried forward from an earlier bar
 * @param barsStale aligned bars since the symbol's last own bar (0 when fresh)
 * @param usable features present and at most the staleness limit old; a strategy must not trade a
 *     symbol that is not usable
 * @param alignedReturn the log return that entered the correlation window for this bar: the
 *     symbol's own when fresh, 0 when carried forward (its next bar's return spans the gap)
 * @param correlationToBenchmark rolling correlation of aligned log returns with the benchmark
 * @param beta cov(r, r_benchmark) / var(r_benchmark) over the window; 0 when var is 0
 * @param momentumDivergence momentum − mean momentum of the usable traded symbols
 * @param spreadRatio spread proxy (high − low) / close ÷ mean spread proxy of the usable traded
 *     symbols; 1 is an average spread, 0 when that mean is 0
 */
public record ObservedSymbol(
    String symbol,
    BarFeatures features,
    boolean traded,
    boolean stale,
    int barsStale,
    boolean usable,
    double alignedReturn,
    double correlationToBenchmark,
    double beta,
    double momentumDivergence,
    double spreadRatio) {

  /** Fresh features of this very bar: what a strategy that trades only on news acts on. */
  public boolean fresh() {
    return features != null && !stale;
  }
}
