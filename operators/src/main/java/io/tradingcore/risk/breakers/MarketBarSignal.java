package io.tradingcore.risk.breakers;

import java.math.BigDecimal;

/**
 * One bar the quality gate accepted, as the price-jump, unusual-volume and stale-feed patterns see
 * it: its close and volume, the mean volume before it, and the thresholds in force.
 *
 * @param meanVolume mean volume of the symbol's previous {@link MarketSignals#VOLUME_BARS} bars, or
 *     NaN while fewer have been seen
 */
public record MarketBarSignal(
    String symbol,
    long startMillis,
    long endMillis,
    BigDecimal close,
    BigDecimal volume,
    double meanVolume,
    MarketThresholds thresholds) {}
