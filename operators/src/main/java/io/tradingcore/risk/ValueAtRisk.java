package io.tradingcore.risk;

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
   * @param scenarios aligned simple returns, one array per bar
   * @return the value at risk (≥ 0), or NaN with fewer than {@link #MIN_SCENARIOS} scenarios
   */
  public static double of(double[] values, Collection<double[]> scenarios, double confidence) {
    int n = scenarios.size();
    if (n < MIN_SCENARIOS) {
      return Double.NaN;
    }
    int tail = Math.max(1, (int) Math.ceil(n * (1 - confidence) - 1e-9));
    // The `tail` largest losses seen so far, ascending: worst[0] is the tail-th worst.
    double[] worst = new double[tail];
    java.util.Arrays.fill(worst, Double.NEGATIVE_INFINITY);
    for (double[] returns : scenarios) {
      double loss = 0;
      for (int i = 0; i < values.length; i++) {
        loss -= values[i] * returns[i];
      }
      if (loss > worst[0]) {
        int at = 0;
        while (at + 1 < tail && worst[at + 1] < loss) {
          worst[at] = worst[at + 1];
          at++;
        }
        worst[at] = loss;
      }
    }
    double var = worst[0];
    return Math.max(0, var);
  }
}
