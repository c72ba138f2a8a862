package io.tradingcore.features.cross;

import java.util.ArrayList;
import java.util.List;

/**
 * A portfolio's cross-asset features after one bar as one named vector: feature set {@value
 * #FEATURE_SET}, the {@code PORTFOLIO} scope of {@code features.v1}.
 *
 * <p>Names depend on the portfolio's symbols, in the observation's order (traded symbols, then the
 * benchmark when it is not traded): per symbol {@code <SYMBOL>.beta}, {@code
 * <SYMBOL>.correlation_to_benchmark}, {@code <SYMBOL>.momentum_divergence}, {@code
 * <SYMBOL>.spread_ratio}, {@code <SYMBOL>.bars_stale}; then every pair above the diagonal, row by
 * row, as {@code correlation.<A>.<B>}.
 *
 * @param barStart start of the aligned bar (its end when no symbol has features yet)
 * @param warm the observation is complete and every symbol's features are warm
 */
public record PortfolioFeatureVector(
    String portfolio,
    long barStart,
    long barEnd,
    List<String> names,
    double[] values,
    boolean warm) {

  public static final String FEATURE_SET = "portfolio";

  /** Bumped whenever a definition or the naming of the vector changes. */
  public static final int FEATURE_SET_VERSION = 1;

  private static final String[] PER_SYMBOL = {
    "beta", "correlation_to_benchmark", "momentum_divergence", "spread_ratio", "bars_stale"
  };

  /** The vector of {@code observation}. */
  public static PortfolioFeatureVector of(PortfolioObservation observation) {
    List<ObservedSymbol> symbols = observation.symbols();
    int n = symbols.size();
    List<String> names = new ArrayList<>(n * PER_SYMBOL.length + n * (n - 1) / 2);
    double[] values = new double[n * PER_SYMBOL.length + n * (n - 1) / 2];
    int k = 0;
    boolean warm = observation.complete();
    long barStart = observation.barEnd();
    for (ObservedSymbol s : symbols) {
      for (String feature : PER_SYMBOL) {
        names.add(s.symbol() + "." + feature);
      }
      values[k++] = s.beta();
      values[k++] = s.correlationToBenchmark();
      values[k++] = s.momentumDivergence();
      values[k++] = s.spreadRatio();
      values[k++] = s.barsStale();
      warm &= s.features() != null && s.features().warm();
      if (s.features() != null && !s.stale()) {
        barStart = Math.min(barStart, s.features().barStart());
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        names.add("correlation." + symbols.get(i).symbol() + "." + symbols.get(j).symbol());
        values[k++] = observation.correlations()[CorrelationMatrix.upperIndex(n, i, j)];
      }
    }
    return new PortfolioFeatureVector(
        observation.portfolio(), barStart, observation.barEnd(), List.copyOf(names), values, warm);
  }
}
