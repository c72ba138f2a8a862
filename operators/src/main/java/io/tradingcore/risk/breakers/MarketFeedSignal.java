package io.tradingcore.risk.breakers;

import java.math.BigDecimal;

/** One bar of one feed before the quality gate, as the feed-divergence pattern sees it. */
public record MarketFeedSignal(
    String symbol,
    MarketFeed feed,
    long startMillis,
    long endMillis,
    BigDecimal close,
    MarketThresholds thresholds) {}
