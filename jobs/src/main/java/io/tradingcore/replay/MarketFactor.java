package io.tradingcore.replay;

import java.util.Random;

/**
 * The common factor of the synthetic market: its regime, switched minute by minute by a seeded
 * Markov chain, and its log moves, which every asset takes in proportion to its beta.
 */
final class MarketFactor {

  static final double TREND_DRIFT_MIN = 0.000005;
  static final double TREND_DRIFT_MAX = 0.00002;
  static final double CHOP_REVERSION_PER_MINUTE = 0.05;
  static final double SHOCK_JUMP_MIN = 0.01;
  static final double SHOCK_JUMP_MAX = 0.03;
  static final double SHOCK_DOWN_PROBABILITY = 0.6;
  static final double OVERNIGHT_VOL = 0.006;

  /** The factor over one minute: its regime, the overnight gap before it, and its log moves. */
  record Minute(MarketRegime regime, double overnightGap, double[] steps) {}

  private final Random random;
  private final RegimeMix mix;
  private MarketRegime regime;
  private double level;
  private double trendDrift;
  private double chopAnchor;
  private double pendingJump;

  // java.util.Random's sequence (Gaussians included) is fixed by its specification, so a seed
  // gives the same market on every JVM.
  MarketFactor(long seed) {
    this(seed, RegimeMix.MIXED);
  }

  MarketFactor(long seed, RegimeMix mix) {
    this.random = new Random(Seeds.forMarket(seed));
    this.mix = mix;
    enter(mix == RegimeMix.CHOP ? MarketRegime.CHOP : MarketRegime.TREND);
  }

  MarketRegime regime() {
    return regime;
  }

  /** Advances one minute: first the regime chain, then the factor over {@code subSteps}. */
  Minute nextMinute(boolean firstOfDay, int subSteps) {
    MarketRegime next = sampleNextRegime();
    if (next != regime) {
      enter(next);
    } else if (mix.renewal() > 0 && random.nextDouble() < mix.renewal()) {
      enter(regime);
    }
    double gap = 0;
    if (firstOfDay) {
      gap = OVERNIGHT_VOL * random.nextGaussian();
      level += gap;
    }
    double dt = 1.0 / subSteps;
    double sigma = regime.factorVolPerMinute() * StrictMath.sqrt(dt);
    double[] steps = new double[subSteps];
    for (int k = 0; k < subSteps; k++) {
      double drift =
          switch (regime) {
            case TREND -> trendDrift * dt;
            case CHOP -> -CHOP_REVERSION_PER_MINUTE * dt * (level - chopAnchor);
            case SHOCK -> 0;
          };
      double step = drift + sigma * random.nextGaussian() + pendingJump;
      pendingJump = 0;
      level += step;
      steps[k] = step;
    }
    return new Minute(regime, gap, steps);
  }

  private MarketRegime sampleNextRegime() {
    double u = random.nextDouble();
    double[] row = mix.transitionsFrom(regime);
    double cumulative = 0;
    for (MarketRegime candidate : MarketRegime.values()) {
      cumulative += row[candidate.ordinal()];
      if (u < cumulative) {
        return candidate;
      }
    }
    return regime;
  }

  private void enter(MarketRegime entered) {
    regime = entered;
    switch (entered) {
      case TREND -> {
        double size = uniform(TREND_DRIFT_MIN, TREND_DRIFT_MAX);
        trendDrift = random.nextBoolean() ? size : -size;
      }
      case CHOP -> chopAnchor = level;
      case SHOCK -> {
        double size = uniform(SHOCK_JUMP_MIN, SHOCK_JUMP_MAX);
        pendingJump = random.nextDouble() < SHOCK_DOWN_PROBABILITY ? -size : size;
      }
    }
  }

  private double uniform(double min, double max) {
    return min + (max - min) * random.nextDouble();
  }
}
