package io.tradingcore.risk;

import java.util.Arrays;
import java.util.Collection;

/**
 * One-bar historical-simulation value at risk: the portfolio's holdings revalued under each of the
 * recent aligned bars' returns, and the loss at the confidence level.
 *
 * <p>Scenario k moves every symbol by its own return of aligned bar k (so correlations are those
 * history had). The loss of a holding worth {@code v} under a log return {@code r} is {@code −v ·
 * (e^r − 1)}. With n scenarios sorted from worst, VaR at confidence c is the ⌈n · (1 − c)⌉-th worst
 * loss (so 500 scenarios at 95 % take the 25th); a gain is reported as 0.
 */
public final class ValueAtRisk {
  /** Fewer scenarios than this say nothing about a 5 % tail: the check waits for more. */
  public static final int MIN_SCENARIOS = 20;

  private ValueAtRisk() {}

  /**
   * @param values market value of each symbol's holding (signed), in the order of each scenario's
   *     returns
   * @param scenarios aligned log returns, one array per bar
   * @return the value at risk (≥ 0), or NaN with fewer than {@link #MIN_SCENARIOS} scenarios
   */
  public static double of(double[] values, Collection<double[]> scenarios, double confidence) {
    int n = scenarios.size();
    if (n < MIN_SCENARIOS) {
      return Double.NaN;
    }
    double[] losses = new double[n];
    int k = 0;
    for (double[] returns : scenarios) {
      double loss = 0;
      for (int i = 0; i < values.length; i++) {
        if (values[i] != 0) {
          loss -= values[i] * Math.expm1(returns[i]);
        }
      }
      losses[k++] = loss;
    }
    Arrays.sort(losses);
    int tail = (int) Math.ceil(n * (1 - confidence) - 1e-9);
    double var = losses[n - Math.max(1, tail)];
    return Math.max(0, var);
  }
}
