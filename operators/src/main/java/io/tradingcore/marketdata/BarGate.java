package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import io.tradingcore.features.RollingWindow;
import io.tradingcore.marketdata.BarChecks.Problem;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.Serializable;
import java.util.Optional;

/**
 * The data-quality gate for one symbol's bars, in order: the bar's own checks ({@link
 * BarChecks#check}), the interval grid, time moving forward, then the statistical rules against the
 * symbol's recent accepted bars: price continuity and volume sanity. A gap of missing bars is
 * reported beside the bar, which still passes. The rules and their defaults are in
 * operators/README.md.
 *
 * <p>Plain Java: the caller keeps the {@link GateState} (Flink keyed state in the job).
 */
public final class BarGate implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GateParameters parameters;

  public BarGate(GateParameters parameters) {
    this.parameters = requireNonNull(parameters, "parameters");
  }

  /** A symbol's state before its first bar. */
  public GateState newState() {
    return GateState.create(parameters.window());
  }

  /**
   * Judges {@code bar} against {@code state} (its symbol's), updating the state.
   *
   * @return whether the bar passes, why not, and any gap to report beside it
   */
  public Verdict judge(GateState state, Bar bar) {
    Optional<Problem> problem = BarChecks.check(bar);
    if (problem.isEmpty()) {
      problem = BarChecks.checkAlignment(bar, parameters.intervalMillis());
    }
    if (problem.isEmpty() && state.hasLastBar()) {
      problem = BarChecks.checkSequence(bar, state.getLastEnd());
    }
    if (problem.isPresent()) {
      return new Verdict(problem.get(), null, false);
    }
    Problem gap = missingBars(state, bar);
    // The slot is taken even if a statistical rule refuses the bar: a second bar for it is a
    // duplicate, and a refused bar cannot be replayed into a re-base.
    state.setLastEnd(bar.endMillis());

    double close = bar.close().doubleValue();
    double scale = Math.sqrt(Math.max(1, intervalsBetween(state.getLastCloseEnd(), bar)));
    double logReturn =
        Double.isNaN(state.getLastClose()) ? Double.NaN : Math.log(close / state.getLastClose());
    boolean rebased = false;
    if (!Double.isNaN(logReturn) && isJump(state, logReturn, scale)) {
      if (!rebases(state, bar, close)) {
        return new Verdict(jumpProblem(state, bar, logReturn, scale), gap, true);
      }
      rebased = true;
    }
    // A new price level often comes with a burst of volume: a re-basing bar skips the volume rule.
    if (!rebased && isVolumeSpike(state, bar)) {
      state.setVolumeStreak(state.getVolumeStreak() + 1);
      if (state.getVolumeStreak() < parameters.reBaseAfter()) {
        return new Verdict(volumeProblem(state, bar), gap, true);
      }
      state.setVolumes(new RollingWindow(parameters.window()));
    }
    accept(state, bar, close, rebased ? Double.NaN : logReturn / scale);
    return new Verdict(null, gap, true);
  }

  private boolean isJump(GateState state, double logReturn, double scale) {
    RollingWindow returns = state.getReturns();
    return returns.count() >= parameters.minHistory()
        && Math.abs(logReturn) > jumpLimit(returns) * scale;
  }

  private double jumpLimit(RollingWindow returns) {
    double sigma = returns.standardDeviation();
    return parameters.jumpSigmas()
        * (Double.isNaN(sigma) ? parameters.minSigma() : Math.max(sigma, parameters.minSigma()));
  }

  /**
   * Counts {@code bar} into the streak of jump bars; true when it completes the streak, so the new
   * level is accepted. A streak bar agrees with the one before it when the move between them is
   * within the jump limit; one that does not starts a new streak.
   */
  private boolean rebases(GateState state, Bar bar, double close) {
    boolean agrees =
        state.getJumpStreak() > 0
            && Math.abs(Math.log(close / state.getPendingClose()))
                <= jumpLimit(state.getReturns())
                    * Math.sqrt(Math.max(1, intervalsBetween(state.getPendingEnd(), bar)));
    int streak = agrees ? state.getJumpStreak() + 1 : 1;
    if (streak >= parameters.reBaseAfter()) {
      return true;
    }
    state.setJumpStreak(streak);
    state.setPendingClose(close);
    state.setPendingEnd(bar.endMillis());
    return false;
  }

  private boolean isVolumeSpike(GateState state, Bar bar) {
    RollingWindow volumes = state.getVolumes();
    return volumes.count() >= parameters.minHistory()
        && volumes.mean() > 0
        && bar.volume().doubleValue() > parameters.volumeMultiple() * volumes.mean();
  }

  private void accept(GateState state, Bar bar, double close, double scaledReturn) {
    if (!Double.isNaN(scaledReturn)) {
      state.getReturns().add(scaledReturn);
    }
    state.getVolumes().add(bar.volume().doubleValue());
    state.setLastClose(close);
    state.setLastCloseEnd(bar.endMillis());
    state.setJumpStreak(0);
    state.setPendingClose(Double.NaN);
    state.setPendingEnd(Long.MIN_VALUE);
    state.setVolumeStreak(0);
  }

  /** A gap of more than the threshold, shorter than a session break; null when there is none. */
  private Problem missingBars(GateState state, Bar bar) {
    if (!state.hasLastBar()) {
      return null;
    }
    long gapMillis = bar.startMillis() - state.getLastEnd();
    long missing = gapMillis / parameters.intervalMillis();
    boolean sessionBreak =
        !parameters.sessionBreak().isZero() && gapMillis >= parameters.sessionBreak().toMillis();
    if (missing <= parameters.missingBarsAfter() || sessionBreak) {
      return null;
    }
    return new Problem(
        QuarantineReason.MISSING_BARS,
        missing
            + " bars of "
            + bar.symbol()
            + " missing between "
            + state.getLastEnd()
            + " and "
            + bar.startMillis()
            + " (more than "
            + parameters.missingBarsAfter()
            + "); this bar, after the gap, was accepted");
  }

  private long intervalsBetween(long earlierEnd, Bar bar) {
    if (earlierEnd == Long.MIN_VALUE) {
      return 1;
    }
    return (bar.endMillis() - earlierEnd) / parameters.intervalMillis();
  }

  private Problem jumpProblem(GateState state, Bar bar, double logReturn, double scale) {
    return new Problem(
        QuarantineReason.PRICE_JUMP,
        String.format(
            java.util.Locale.ROOT,
            "close %s is a log return of %.6f from the last accepted close %s, beyond %.6f"
                + " (%.1f σ of %.6f over √%d bars); jump bar %d of %d before re-basing",
            bar.close().toPlainString(),
            logReturn,
            state.getLastClose(),
            jumpLimit(state.getReturns()) * scale,
            parameters.jumpSigmas(),
            Math.max(state.getReturns().standardDeviation(), parameters.minSigma()),
            Math.round(scale * scale),
            state.getJumpStreak(),
            parameters.reBaseAfter()));
  }

  private Problem volumeProblem(GateState state, Bar bar) {
    return new Problem(
        QuarantineReason.IMPLAUSIBLE_VOLUME,
        String.format(
            java.util.Locale.ROOT,
            "volume %s is over %.1f × the recent mean %.2f; bar %d of %d before re-basing",
            bar.volume().toPlainString(),
            parameters.volumeMultiple(),
            state.getVolumes().mean(),
            state.getVolumeStreak(),
            parameters.reBaseAfter()));
  }

  /**
   * What the gate decided about one bar.
   *
   * @param refusal why the bar was refused, or {@code null} when it passes
   * @param report a data-quality finding beside the bar (missing bars before it), or {@code null}
   * @param stateChanged whether the symbol's state was updated (false for bars refused on their
   *     own, which leave no trace)
   */
  public record Verdict(Problem refusal, Problem report, boolean stateChanged) {
    public boolean accepted() {
      return refusal == null;
    }
  }
}
