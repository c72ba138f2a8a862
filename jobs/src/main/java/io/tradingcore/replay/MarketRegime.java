package io.tradingcore.replay;

/**
 * The state of the synthetic market in one minute; {@link SyntheticBarSource} switches between them
 * with a seeded Markov chain. Volatilities are of the log market factor per minute.
 */
public enum MarketRegime {
  /** Steady drift in one direction (chosen on entry) with low volatility, about 12% a year. */
  TREND(0.0004, 1.0, 1.0),
  /** Mean reversion towards the level where the regime began, medium volatility (about 22%). */
  CHOP(0.0007, 1.5, 1.3),
  /** A market-wide jump on entry (mostly down), then high volatility (about 80%) and volume. */
  SHOCK(0.0025, 3.0, 1.5);

  private final double factorVolPerMinute;
  private final double idiosyncraticVolMultiplier;
  private final double volumeMultiplier;

  MarketRegime(
      double factorVolPerMinute, double idiosyncraticVolMultiplier, double volumeMultiplier) {
    this.factorVolPerMinute = factorVolPerMinute;
    this.idiosyncraticVolMultiplier = idiosyncraticVolMultiplier;
    this.volumeMultiplier = volumeMultiplier;
  }

  double factorVolPerMinute() {
    return factorVolPerMinute;
  }

  double idiosyncraticVolMultiplier() {
    return idiosyncraticVolMultiplier;
  }

  double volumeMultiplier() {
    return volumeMultiplier;
  }
}
