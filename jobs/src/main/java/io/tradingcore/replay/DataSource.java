package io.tradingcore.replay;

/** Where the local stack's market data comes from. */
public enum DataSource {
  /** Seeded synthetic bars with trend, chop and shock regimes (the default). */
  SYNTHETIC,
  /** One-minute bar CSV files, one per symbol, as in ../shared/data. */
  CSV,
  /** The real Bitstamp BTC/USD trades shipped in org.ta4j:ta4j-examples, as one-minute bars. */
  BITSTAMP,
  /**
   * The same Bitstamp trades published as ticks to md.ticks.v1: the trading job aggregates them
   * into bars.
   */
  BITSTAMP_TICKS;

  /** The spelling on the command line, e.g. {@code bitstamp-ticks}. */
  public String optionValue() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Reads {@code bitstamp-ticks}, {@code BITSTAMP_TICKS} and the like. */
  public static DataSource fromOption(String value) {
    for (DataSource source : values()) {
      if (source.optionValue().equalsIgnoreCase(value.strip().replace('_', '-'))) {
        return source;
      }
    }
    throw new IllegalArgumentException(
        "unknown source '"
            + value
            + "'; valid: "
            + java.util.Arrays.stream(values()).map(DataSource::optionValue).toList());
  }
}
