package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;

/**
 * The market-breaker thresholds in force when a signal was annotated: every signal carries them, so
 * a CEP condition compares an event with the limits of its own moment and a SET_LIMIT changes later
 * decisions without touching the patterns or their partial matches.
 *
 * @param volatilitySpikeSigmas {@link RiskParameter#VOLATILITY_SPIKE_SIGMAS}
 * @param staleFeedAfterMillis {@link RiskParameter#STALE_FEED_AFTER}; informative only: the stale
 *     pattern's window is fixed when the job starts
 * @param priceJump {@link RiskParameter#PRICE_JUMP}, a fraction
 * @param feedDivergence {@link RiskParameter#FEED_DIVERGENCE}, a fraction
 * @param unusualVolume {@link RiskParameter#UNUSUAL_VOLUME}, a multiple
 * @param pauseForMillis {@link RiskParameter#PAUSE_FOR}
 */
public record MarketThresholds(
    double volatilitySpikeSigmas,
    long staleFeedAfterMillis,
    double priceJump,
    double feedDivergence,
    double unusualVolume,
    long pauseForMillis) {

  /** The market-breaker part of {@code limits}. */
  public static MarketThresholds of(RiskLimits limits) {
    return new MarketThresholds(
        limits.asDouble(RiskParameter.VOLATILITY_SPIKE_SIGMAS),
        limits.millis(RiskParameter.STALE_FEED_AFTER),
        limits.asDouble(RiskParameter.PRICE_JUMP),
        limits.asDouble(RiskParameter.FEED_DIVERGENCE),
        limits.asDouble(RiskParameter.UNUSUAL_VOLUME),
        limits.millis(RiskParameter.PAUSE_FOR));
  }
}
