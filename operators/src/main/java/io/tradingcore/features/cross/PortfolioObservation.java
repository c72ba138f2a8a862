package io.tradingcore.features.cross;

import java.util.List;

/**
 * A portfolio's symbols aligned on one bar end, with their cross-asset features: what a strategy
 * decides on.
 *
 * @param barEnd event time of the bar end every symbol is aligned on
 * @param benchmark the symbol betas are measured against
 * @param complete every symbol (benchmark included) has fresh features for this bar; an observation
 *     decided by the watermark with a symbol missing is not
 * @param symbols the traded symbols in the portfolio's order, then the benchmark when it is not
 *     traded
 * @param correlations rolling correlations of aligned log returns, every pair above the diagonal in
 *     the order of {@code symbols}, row by row (see {@link #correlation(String, String)})
 */
public record PortfolioObservation(
    String portfolio,
    long barEnd,
    String benchmark,
    boolean complete,
    List<ObservedSymbol> symbols,
    double[] correlations) {

  /** The symbol's entry, or null when the portfolio does not align it. */
  public ObservedSymbol symbol(String symbol) {
    for (ObservedSymbol observed : symbols) {
      if (observed.symbol().equals(symbol)) {
        return observed;
      }
    }
    return null;
  }

  /** Rolling correlation of two aligned symbols' log returns (1 for a symbol with itself). */
  public double correlation(String a, String b) {
    int i = indexOf(a);
    int j = indexOf(b);
    if (i < 0 || j < 0) {
      throw new IllegalArgumentException(a + " or " + b + " is not aligned in " + portfolio);
    }
    if (i == j) {
      return 1.0;
    }
    return correlations[CorrelationMatrix.upperIndex(symbols.size(), i, j)];
  }

  private int indexOf(String symbol) {
    for (int i = 0; i < symbols.size(); i++) {
      if (symbols.get(i).symbol().equals(symbol)) {
        return i;
      }
    }
    return -1;
  }
}
