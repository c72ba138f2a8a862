package io.tradingcore.backtest.report;

import java.util.Locale;

/**
 * The verdict of a look-ahead check: the primary run beside the same strategy with its features one
 * bar late ({@link RunRole#LOOK_AHEAD_CHECK}), judged by a written rule ({@link #RULE}).
 *
 * <p>Why the rule looks both ways: a strategy that reads only the past loses a little when it reads
 * the past one bar later. One that does much better late is mistimed (it acts a bar early, on
 * information its decision bar should not have had); one whose positive edge vanishes with a single
 * bar of delay may owe that edge to a bar it could not have had. Either is flagged, and is a reason
 * to look, not a proof.
 *
 * @param primary the primary run's name
 * @param delayed the delayed run's name
 */
public record LookAheadCheck(
    String primary,
    String delayed,
    Verdict verdict,
    Figure primarySharpe,
    Figure delayedSharpe,
    Figure primaryReturn,
    Figure delayedReturn) {

  /** How much higher the delayed run's Sharpe ratio must be to count as much better. */
  public static final double SHARPE_MARGIN = 1.0;

  /** How much higher its total return must be as well (0.005: half a percentage point). */
  public static final double RETURN_MARGIN = 0.005;

  /** The primary's Sharpe ratio at or above which it counts as having an edge. */
  public static final double EDGE_SHARPE = 1.0;

  /** The rule, as the report prints it. */
  public static final String RULE =
      String.format(
          Locale.ROOT,
          "Flagged when the run one bar late does much better (its Sharpe ratio at least %.1f"
              + " higher and its total return at least %.1f percentage points higher than the"
              + " primary's), or when the primary's edge vanishes one bar late (the primary's"
              + " Sharpe ratio at least %.1f with a positive return, the late run's return zero or"
              + " negative). Undecided when a Sharpe ratio or a return is undefined.",
          SHARPE_MARGIN,
          RETURN_MARGIN * 100,
          EDGE_SHARPE);

  /** What the rule says. */
  public enum Verdict {
    /** Neither flag: the late run does not do much better, and the edge does not vanish. */
    NO_SIGN_OF_LOOK_AHEAD(false),
    /** The late run does much better than the primary. */
    LATE_RUN_DOES_MUCH_BETTER(true),
    /** The primary's edge vanishes one bar late. */
    EDGE_VANISHES_ONE_BAR_LATE(true),
    /** A figure the rule needs is undefined (e.g. a run that never trades has no Sharpe ratio). */
    UNDECIDED(false);

    private final boolean flagged;

    Verdict(boolean flagged) {
      this.flagged = flagged;
    }

    /** Whether the report flags the primary for a look. */
    public boolean flagged() {
      return flagged;
    }
  }

  /** Judges {@code delayed} against {@code primary} by {@link #RULE}. */
  public static LookAheadCheck of(BacktestReport.Entry primary, BacktestReport.Entry delayed) {
    PerformanceMetrics p = primary.metrics();
    PerformanceMetrics d = delayed.metrics();
    return new LookAheadCheck(
        primary.run().name(),
        delayed.run().name(),
        verdict(p.sharpe(), d.sharpe(), p.totalReturn(), d.totalReturn()),
        p.sharpe(),
        d.sharpe(),
        p.totalReturn(),
        d.totalReturn());
  }

  static Verdict verdict(
      Figure primarySharpe, Figure delayedSharpe, Figure primaryReturn, Figure delayedReturn) {
    if (!primarySharpe.isDefined()
        || !delayedSharpe.isDefined()
        || !primaryReturn.isDefined()
        || !delayedReturn.isDefined()) {
      return Verdict.UNDECIDED;
    }
    double ps = primarySharpe.orThrow();
    double ds = delayedSharpe.orThrow();
    double pr = primaryReturn.orThrow();
    double dr = delayedReturn.orThrow();
    if (ds >= ps + SHARPE_MARGIN && dr >= pr + RETURN_MARGIN) {
      return Verdict.LATE_RUN_DOES_MUCH_BETTER;
    }
    if (ps >= EDGE_SHARPE && pr > 0 && dr <= 0) {
      return Verdict.EDGE_VANISHES_ONE_BAR_LATE;
    }
    return Verdict.NO_SIGN_OF_LOOK_AHEAD;
  }

  /** The verdict in one plain sentence. */
  public String sentence() {
    return switch (verdict) {
      case NO_SIGN_OF_LOOK_AHEAD ->
          "No sign of look-ahead: one bar late, "
              + primary
              + " does not do much better and does not lose its edge.";
      case LATE_RUN_DOES_MUCH_BETTER ->
          "FLAGGED: one bar late, "
              + primary
              + " does much better; its timing may be off by a bar (look for information its"
              + " decisions could not have had).";
      case EDGE_VANISHES_ONE_BAR_LATE ->
          "FLAGGED: "
              + primary
              + "'s edge vanishes one bar late; it may rest on a bar it could not have had.";
      case UNDECIDED ->
          "Undecided: "
              + (primarySharpe.isDefined() && primaryReturn.isDefined() ? delayed : primary)
              + " has no Sharpe ratio or return ("
              + firstReason()
              + ").";
    };
  }

  private String firstReason() {
    for (Figure figure :
        new Figure[] {primarySharpe, delayedSharpe, primaryReturn, delayedReturn}) {
      if (!figure.isDefined()) {
        return figure.undefinedBecause();
      }
    }
    return "every figure is defined";
  }
}
