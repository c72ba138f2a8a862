package io.tradingcore.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.backtest.report.LookAheadCheck.Verdict;
import org.junit.jupiter.api.Test;

/** The look-ahead rule on figures chosen either side of each margin. */
class LookAheadCheckTest {
  private static final Figure NO_SHARPE =
      Figure.undefined("returns never vary (standard deviation 0)");

  @Test
  void flagsALateRunThatDoesMuchBetterOnBothFigures() {
    // Sharpe 0.5 → 1.5 (+1.0) and return +1 % → +1.5 % (+0.5 pp): both margins met exactly.
    assertThat(verdict(0.5, 1.5, 0.01, 0.015)).isEqualTo(Verdict.LATE_RUN_DOES_MUCH_BETTER);
    assertThat(Verdict.LATE_RUN_DOES_MUCH_BETTER.flagged()).isTrue();
  }

  @Test
  void doesNotFlagALateRunBetterOnOneFigureOnly() {
    // The synthetic momentum week: Sharpe −18.1 → −13.7 but the return only 0.28 pp better.
    assertThat(verdict(-18.14, -13.68, -0.010537, -0.007738))
        .isEqualTo(Verdict.NO_SIGN_OF_LOOK_AHEAD);
    // Return much better, Sharpe only 0.9 higher.
    assertThat(verdict(0.5, 1.4, 0.01, 0.03)).isEqualTo(Verdict.NO_SIGN_OF_LOOK_AHEAD);
  }

  @Test
  void flagsAnEdgeThatVanishesOneBarLate() {
    assertThat(verdict(2.0, -0.5, 0.03, -0.001)).isEqualTo(Verdict.EDGE_VANISHES_ONE_BAR_LATE);
    assertThat(verdict(2.0, 0.1, 0.03, 0.0)).isEqualTo(Verdict.EDGE_VANISHES_ONE_BAR_LATE);
    assertThat(Verdict.EDGE_VANISHES_ONE_BAR_LATE.flagged()).isTrue();
  }

  @Test
  void anHonestStrategyThatLosesALittleLateIsNotFlagged() {
    assertThat(verdict(2.0, 1.5, 0.03, 0.02)).isEqualTo(Verdict.NO_SIGN_OF_LOOK_AHEAD);
    // No edge to lose: a losing primary that also loses late.
    assertThat(verdict(0.8, -0.2, 0.01, -0.01)).isEqualTo(Verdict.NO_SIGN_OF_LOOK_AHEAD);
  }

  @Test
  void isUndecidedWithoutASharpeRatioAndSaysWhy() {
    LookAheadCheck flat =
        new LookAheadCheck(
            "policy",
            "policy-one-bar-late",
            LookAheadCheck.verdict(NO_SHARPE, NO_SHARPE, Figure.of(0, "n/a"), Figure.of(0, "n/a")),
            NO_SHARPE,
            NO_SHARPE,
            Figure.of(0, "n/a"),
            Figure.of(0, "n/a"));

    assertThat(flat.verdict()).isEqualTo(Verdict.UNDECIDED);
    assertThat(flat.verdict().flagged()).isFalse();
    assertThat(flat.sentence())
        .isEqualTo(
            "Undecided: policy has no Sharpe ratio or return (returns never vary (standard"
                + " deviation 0)).");
  }

  @Test
  void writesItsRuleWithItsMargins() {
    assertThat(LookAheadCheck.RULE)
        .contains("Sharpe ratio at least 1.0 higher")
        .contains("at least 0.5 percentage points higher")
        .contains("Sharpe ratio at least 1.0 with a positive return");
  }

  private static Verdict verdict(
      double primarySharpe, double delayedSharpe, double primaryReturn, double delayedReturn) {
    return LookAheadCheck.verdict(
        Figure.of(primarySharpe, "n/a"),
        Figure.of(delayedSharpe, "n/a"),
        Figure.of(primaryReturn, "n/a"),
        Figure.of(delayedReturn, "n/a"));
  }
}
