package io.tradingcore.features;

import java.math.BigDecimal;

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
    boolean warm) {}
