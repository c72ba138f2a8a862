package io.tradingcore.replay;

import java.util.Locale;

/**
 * Which regimes the synthetic market visits, for a curriculum that trains on one kind of market at
 * a time. Each mix is a Markov chain over {@link MarketRegime}s, per minute, plus how often the
 * current regime is entered afresh (a new trend direction, a new chop anchor, a new jump).
 */
public enum RegimeMix {
  /** Long trends and chop, shocks now and then: the default market. */
  MIXED(
      new double[][] {
        {0.9947, 0.0050, 0.0003},
        {0.0050, 0.9947, 0.0003},
        {0.0200, 0.0300, 0.9500},
      },
      0.0),
  /** Trends only; a new direction and drift about every 400 minutes. */
  TREND(
      new double[][] {
        {1.0, 0.0, 0.0},
        {1.0, 0.0, 0.0},
        {1.0, 0.0, 0.0},
      },
      0.0025),
  /** Mean-reverting chop only; a new anchor about every 400 minutes. */
  CHOP(
      new double[][] {
        {0.0, 1.0, 0.0},
        {0.0, 1.0, 0.0},
        {0.0, 1.0, 0.0},
      },
      0.0025),
  /** Trends and chop broken by a shock about every 200 minutes, ten times as often as MIXED. */
  SHOCK(
      new double[][] {
        {0.9900, 0.0050, 0.0050},
        {0.0050, 0.9900, 0.0050},
        {0.0200, 0.0300, 0.9500},
      },
      0.0);

  private final double[][] transitions;
  private final double renewal;

  RegimeMix(double[][] transitions, double renewal) {
    this.transitions = transitions;
    this.renewal = renewal;
  }

  /** Per-minute transition probabilities, rows from and columns to, in regime order. */
  double[] transitionsFrom(MarketRegime regime) {
    return transitions[regime.ordinal()];
  }

  /** Probability per minute of entering the current regime afresh. */
  double renewal() {
    return renewal;
  }

  /** The mix its lower-case name names (as on the command line). */
  public static RegimeMix fromOption(String value) {
    for (RegimeMix mix : values()) {
      if (mix.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return mix;
      }
    }
    throw new IllegalArgumentException(
        "unknown regime '" + value + "': expected one of mixed, trend, chop, shock");
  }
}
