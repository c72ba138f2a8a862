package io.tradingcore.risk.breakers;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.marketdata.Bar;

/**
 * One record into the market breakers' annotate step: the market-data streams it watches are
 * different types, so they travel as one, keyed by symbol, with exactly one of {@code bar} and
 * {@code features} set.
 */
public record MarketBreakerInput(Kind kind, Bar bar, BarFeatures features) {

  /** Which stream the record came from. */
  public enum Kind {
    /** A bar the quality gate accepted. */
    GATED_BAR,
    /** The features of an accepted bar. */
    FEATURES,
    /** A bar of the bar feed, before the gate. */
    FEED_BAR,
    /** A bar built from ticks, before the gate. */
    TICK_BAR
  }

  public MarketBreakerInput {
    if (kind == null
        || (kind == Kind.FEATURES) == (features == null)
        || (bar == null) == (features == null)) {
      throw new IllegalArgumentException(
          "a " + kind + " input carries exactly one bar or features record");
    }
  }

  public static MarketBreakerInput gated(Bar bar) {
    return new MarketBreakerInput(Kind.GATED_BAR, bar, null);
  }

  public static MarketBreakerInput features(BarFeatures features) {
    return new MarketBreakerInput(Kind.FEATURES, null, features);
  }

  public static MarketBreakerInput feedBar(Bar bar) {
    return new MarketBreakerInput(Kind.FEED_BAR, bar, null);
  }

  public static MarketBreakerInput tickBar(Bar bar) {
    return new MarketBreakerInput(Kind.TICK_BAR, bar, null);
  }

  public String symbol() {
    return bar != null ? bar.symbol() : features.symbol();
  }
}
