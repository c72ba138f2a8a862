package io.tradingcore.risk.breakers;

/**
 * One bar's log return beside the symbol's per-bar volatility before that bar, as the
 * volatility-spike pattern sees it.
 *
 * @param logReturn the bar's {@link io.tradingcore.features.BarFeatures#logReturn()}
 * @param sigmaBefore per-bar standard deviation of log returns over the window that ended with the
 *     previous bar: the previous {@link io.tradingcore.features.BarFeatures#volatility()} divided
 *     by {@link io.tradingcore.features.FeatureCalculator#ANNUALISATION}; NaN without a previous
 *     bar
 * @param warm whether the bar's features are {@linkplain io.tradingcore.features.BarFeatures#warm()
 *     warm}
 */
public record MarketReturnSignal(
    String symbol,
    long barStart,
    long barEnd,
    double logReturn,
    double sigmaBefore,
    boolean warm,
    MarketThresholds thresholds) {}
