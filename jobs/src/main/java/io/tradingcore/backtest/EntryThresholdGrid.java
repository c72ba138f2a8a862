package io.tradingcore.backtest;

import io.tradingcore.backtest.report.Figure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * How a walk-forward fits the momentum baseline on a train window: each entry threshold of a small
 * grid is backtested on the window, and the one with the highest Sharpe ratio wins; ties go to the
 * smaller threshold. A threshold whose Sharpe is undefined (e.g. no trade, so no volatility) ranks
 * below every defined one; when none is defined the smallest threshold wins.
 */
public final class EntryThresholdGrid {
  /** The default grid: momentum (close / MA5 − 1) of 2.5, 5, 10 and 20 basis points. */
  public static final List<BigDecimal> DEFAULT =
      List.of(
          new BigDecimal("0.00025"),
          new BigDecimal("0.0005"),
          new BigDecimal("0.001"),
          new BigDecimal("0.002"));

  /** One threshold and the Sharpe ratio it reached on the train window. */
  public record Candidate(BigDecimal threshold, Figure sharpe) {}

  private EntryThresholdGrid() {}

  /**
   * The grid in increasing order, each threshold once.
   *
   * @throws IllegalArgumentException for an empty grid or a negative threshold
   */
  public static List<BigDecimal> sorted(List<BigDecimal> grid) {
    if (grid == null || grid.isEmpty()) {
      throw new IllegalArgumentException("--entry-grid needs at least one threshold");
    }
    List<BigDecimal> sorted = new ArrayList<>();
    for (BigDecimal threshold : grid) {
      if (threshold.signum() < 0) {
        throw new IllegalArgumentException(
            "--entry-grid thresholds must be zero or more, got " + threshold.toPlainString());
      }
      if (sorted.stream().noneMatch(t -> t.compareTo(threshold) == 0)) {
        sorted.add(threshold);
      }
    }
    sorted.sort(null);
    return List.copyOf(sorted);
  }

  /** The winning candidate: highest defined Sharpe, ties and the undefined to the smaller. */
  public static Candidate choose(List<Candidate> candidates) {
    Candidate best = null;
    for (Candidate c : candidates) {
      if (best == null || better(c, best)) {
        best = c;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no candidate to choose from");
    }
    return best;
  }

  private static boolean better(Candidate c, Candidate best) {
    if (!c.sharpe().isDefined()) {
      return !best.sharpe().isDefined() && c.threshold().compareTo(best.threshold()) < 0;
    }
    if (!best.sharpe().isDefined()) {
      return true;
    }
    int bySharpe = Double.compare(c.sharpe().orThrow(), best.sharpe().orThrow());
    return bySharpe > 0 || (bySharpe == 0 && c.threshold().compareTo(best.threshold()) < 0);
  }
}
