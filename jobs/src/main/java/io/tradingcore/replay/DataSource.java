package io.tradingcore.replay;

/** Where the local stack's market data comes from. */
public enum DataSource {
  /** Seeded synthetic bars with trend, chop and shock regimes (the default). */
  SYNTHETIC,
  /** One-minute bar CSV files, one per symbol, as in ../shared/data. */
  CSV,
  /** The real Bitstamp BTC/USD trades shipped in org.ta4j:ta4j-examples, as one-minute bars. */
  BITSTAMP
}
