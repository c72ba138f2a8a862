package io.tradingcore.risk.breakers;

/** Where a bar came from, before the quality gate: what the feed-divergence breaker compares. */
public enum MarketFeed {
  /** The bar feed ({@code md.bars.1m.v1}, or a history of bars). */
  BARS,
  /** Bars built from trades in the job ({@code md.ticks.v1}). */
  TICKS
}
