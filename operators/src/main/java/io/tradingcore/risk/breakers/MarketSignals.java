package io.tradingcore.risk.breakers;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.marketdata.Bar;

/**
 * Turns market data into the signals the market-breaker patterns match, each stamped with the
 * thresholds in force, and computes what a pattern cannot see in one event: the mean volume before
 * a bar and the volatility before a bar. Plain Java; the state lives in a {@link
 * MarketBreakerMemory} per symbol.
 *
 * <p>Why the volatility <em>before</em> the bar: {@link BarFeatures#volatility()} is the stdev of a
 * window that already holds the bar's own return, so a spike inflates the σ it is compared with
 * (after 19 zero returns, a return of any size is exactly √20 ≈ 4.5 σ of the window that includes
 * it). The honest yardstick is the previous bar's volatility, de-annualised by {@link
 * FeatureCalculator#ANNUALISATION}: the per-bar σ of the 20 returns before this one.
 */
public final class MarketSignals {
  /** Bars whose mean volume an unusual volume is measured against. */
  public static final int VOLUME_BARS = 20;

  private MarketSignals() {}

  /** A fresh memory for a symbol not seen yet (or forgotten). */
  public static MarketBreakerMemory newMemory() {
    return MarketBreakerMemory.create(VOLUME_BARS);
  }

  /** A gated bar's signal; then remembers its volume. */
  public static MarketBarSignal onBar(
      MarketBreakerMemory memory, Bar bar, MarketThresholds thresholds) {
    double meanVolume = memory.getVolumes().isFull() ? memory.getVolumes().mean() : Double.NaN;
    memory.getVolumes().add(bar.volume().doubleValue());
    return new MarketBarSignal(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.close(),
        bar.volume(),
        meanVolume,
        thresholds);
  }

  /** A bar's return beside the per-bar σ before it; then remembers the bar's volatility. */
  public static MarketReturnSignal onFeatures(
      MarketBreakerMemory memory, BarFeatures features, MarketThresholds thresholds) {
    double sigmaBefore = memory.getPreviousVolatility() / FeatureCalculator.ANNUALISATION;
    memory.setPreviousVolatility(features.volatility());
    return new MarketReturnSignal(
        features.symbol(),
        features.barStart(),
        features.barEnd(),
        features.logReturn(),
        sigmaBefore,
        features.warm(),
        thresholds);
  }

  /** A pre-gate bar of one feed: no memory needed. */
  public static MarketFeedSignal onFeedBar(Bar bar, MarketFeed feed, MarketThresholds thresholds) {
    return new MarketFeedSignal(
        bar.symbol(), feed, bar.startMillis(), bar.endMillis(), bar.close(), thresholds);
  }
}
