package io.tradingcore.backtest.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The design documents' acceptance gates for a strategy, with their thresholds.
 *
 * <ul>
 *   <li>{@code SHARPE}: annualised Sharpe ratio ≥ {@link #minSharpe} (1.0); an undefined Sharpe
 *       ratio (flat equity, fewer than 2 steps) fails.
 *   <li>{@code MAX_DRAWDOWN}: max drawdown ≤ {@link #maxDrawdown} (2 %, the hard drawdown limit of
 *       the risk design).
 *   <li>{@code RETURN}: total return ≥ {@link #minReturn} (+1 %) over a run of at least {@link
 *       #minSteps} steps (20,000, the training evaluation's held-out length); a shorter run fails
 *       and says so.
 * </ul>
 */
public record Gates(double minSharpe, double maxDrawdown, double minReturn, int minSteps) {
  public static final Gates DESIGN = new Gates(1.0, 0.02, 0.01, 20_000);

  public Gates {
    if (!Double.isFinite(minSharpe)
        || !(maxDrawdown >= 0 && maxDrawdown <= 1)
        || !Double.isFinite(minReturn)
        || minSteps < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "gates need a finite Sharpe and return threshold, a drawdown limit in [0, 1] and at"
                  + " least 1 step, got Sharpe %s, drawdown %s, return %s, steps %d",
              minSharpe,
              maxDrawdown,
              minReturn,
              minSteps));
    }
  }

  /** Which gate. */
  public enum Gate {
    SHARPE,
    MAX_DRAWDOWN,
    RETURN
  }

  /**
   * One gate's verdict.
   *
   * @param figure the value the gate judged, or undefined with the reason
   * @param threshold the rule, e.g. {@code ≥ 1.0}
   * @param detail why it failed when the figure alone does not say, else empty
   */
  public record Result(Gate gate, boolean passed, Figure figure, String threshold, String detail) {}

  public List<Result> judge(PerformanceMetrics metrics) {
    Figure sharpe = metrics.sharpe();
    Result sharpeResult =
        new Result(
            Gate.SHARPE,
            sharpe.isDefined() && sharpe.orThrow() >= minSharpe,
            sharpe,
            "≥ " + plain(minSharpe),
            sharpe.isDefined() ? "" : "Sharpe ratio undefined: " + sharpe.undefinedBecause());
    double drawdown = metrics.drawdown().max();
    Result drawdownResult =
        new Result(
            Gate.MAX_DRAWDOWN,
            metrics.steps() > 0 && drawdown <= maxDrawdown,
            metrics.steps() > 0
                ? Figure.of(drawdown, "max drawdown is not a number")
                : Figure.undefined("no steps"),
            "≤ " + percent(maxDrawdown),
            "");
    Figure total = metrics.totalReturn();
    boolean longEnough = metrics.steps() >= minSteps;
    Result returnResult =
        new Result(
            Gate.RETURN,
            longEnough && total.isDefined() && total.orThrow() >= minReturn,
            total,
            "≥ "
                + percent(minReturn)
                + " over ≥ "
                + String.format(Locale.ROOT, "%,d", minSteps)
                + " steps",
            longEnough
                ? ""
                : String.format(
                    Locale.ROOT,
                    "the run has %,d steps, fewer than the %,d the gate needs",
                    metrics.steps(),
                    minSteps));
    return List.of(sharpeResult, drawdownResult, returnResult);
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String percent(double fraction) {
    return plain(fraction * 100) + " %";
  }
}
