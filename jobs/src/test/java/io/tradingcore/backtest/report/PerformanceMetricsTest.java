package io.tradingcore.backtest.report;

import static io.tradingcore.backtest.report.Runs.buy;
import static io.tradingcore.backtest.report.Runs.day;
import static io.tradingcore.backtest.report.Runs.dec;
import static io.tradingcore.backtest.report.Runs.equity;
import static io.tradingcore.backtest.report.Runs.sell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PerformanceMetricsTest {
  private static final double EPS = 1e-12;

  /**
   * Initial cash 100; equity after five daily steps 110, 99, 108.9, 119.79, 101.8215; Y = 252.
   *
   * <pre>
   * returns r   = 110/100−1, 99/110−1, 108.9/99−1, 119.79/108.9−1, 101.8215/119.79−1
   *             = +0.10, −0.10, +0.10, +0.10, −0.15           mean = 0.05 / 5 = 0.01
   * deviations  = 0.09, −0.11, 0.09, 0.09, −0.16   Σ² = 3·0.0081 + 0.0121 + 0.0256 = 0.062
   * sample σ    = √(0.062 / 4) = √0.0155 = 0.12449899597988732
   * Sharpe      = 0.01 / 0.124498996 · √252 = 0.0803219 · 15.8745079 = 1.2750711555097
   * volatility  = 0.124498996 · √252 = 1.97636029104
   * downside d  = √((0.1² + 0.15²) / 5) = √0.0065 = 0.0806225775
   * Sortino     = 0.01 / 0.0806225775 · √252 = 1.96899036994
   * high-water  = 100, 110, 110, 110, 119.79, 119.79
   * drawdowns   = 0, 11/110 = 0.10, 1.1/110 = 0.01, 0, 17.9685/119.79 = 0.15  → max 0.15
   * under water = steps 2–3 (2 steps, recovered at step 4), step 5 (1 step, not recovered)
   * total       = 101.8215 / 100 − 1 = 0.018215
   * annualised  = 1.018215^(252/5) − 1 = 1.48376399768
   * Calmar      = 1.48376399768 / 0.15 = 9.89175998453
   * </pre>
   */
  @Test
  void computesEveryReturnFigureOfAFiveStepSeriesAsWorkedOutByHand() {
    BacktestRun run = equity("hand", "110", "99", "108.9", "119.79", "101.8215").build();

    PerformanceMetrics m = PerformanceMetrics.of(run);

    assertThat(m.steps()).isEqualTo(5);
    assertThat(m.pnl()).isEqualByComparingTo("1.8215");
    assertThat(m.totalReturn().orThrow()).isCloseTo(0.018215, within(EPS));
    assertThat(m.sharpe().orThrow()).isCloseTo(1.2750711555097, within(1e-9));
    assertThat(m.volatility().orThrow()).isCloseTo(1.97636029104, within(1e-9));
    assertThat(m.sortino().orThrow()).isCloseTo(1.96899036994, within(1e-9));
    assertThat(m.drawdown().max()).isCloseTo(0.15, within(EPS));
    assertThat(m.drawdown().peakMillis()).isEqualTo(day(4));
    assertThat(m.drawdown().troughMillis()).isEqualTo(day(5));
    assertThat(m.drawdown().longestSteps()).isEqualTo(2);
    assertThat(m.drawdown().longestStartMillis()).isEqualTo(day(2));
    assertThat(m.drawdown().longestEndMillis()).isEqualTo(day(3));
    assertThat(m.drawdown().longestRecovered()).isTrue();
    assertThat(m.annualisedReturn().orThrow()).isCloseTo(1.48376399768, within(1e-9));
    assertThat(m.calmar().orThrow()).isCloseTo(9.89175998453, within(1e-9));
  }

  /**
   * The risk-free rate lowers both ratios' numerators by rf / Y a step: rf = 2.52 % over Y = 252
   * gives τ = 0.0001. Sharpe = (0.01 − 0.0001) / 0.124498996 · √252 = 1.26232044395; Sortino's
   * downside is then √((0.1001² + 0.1501²) / 5) = √0.006510004 = 0.0806845958, so Sortino = 0.0099
   * / 0.0806845958 · √252 = 1.94780213388.
   */
  @Test
  void subtractsTheRiskFreeReturnOfEachStep() {
    BacktestRun run = equity("hand", "110", "99", "108.9", "119.79", "101.8215").build();

    PerformanceMetrics m = PerformanceMetrics.of(run, 0.0252);

    assertThat(m.sharpe().orThrow()).isCloseTo(1.26232044395, within(1e-9));
    assertThat(m.sortino().orThrow()).isCloseTo(1.94780213388, within(1e-9));
  }

  /** A run that ends below its mark: the longest stretch is the last one and not recovered. */
  @Test
  void countsADrawdownThatNeverRecovers() {
    // marks: 100 → 105; under water at 104, 103, 104.9 (3 steps) to the end.
    BacktestRun run = equity("sinking", "105", "104", "103", "104.9").build();

    Drawdown dd = PerformanceMetrics.of(run).drawdown();

    assertThat(dd.longestSteps()).isEqualTo(3);
    assertThat(dd.longestRecovered()).isFalse();
    assertThat(dd.max()).isCloseTo(2.0 / 105, within(EPS));
    assertThat(dd.peakMillis()).isEqualTo(day(1));
  }

  /** The high-water mark starts at the initial cash: a first step below it is a drawdown. */
  @Test
  void startsTheHighWaterMarkAtTheInitialCash() {
    BacktestRun run = equity("down-first", "98", "101").build();

    Drawdown dd = PerformanceMetrics.of(run).drawdown();

    assertThat(dd.max()).isCloseTo(0.02, within(EPS));
    assertThat(dd.peakMillis()).isNull();
    assertThat(dd.longestSteps()).isEqualTo(1);
    assertThat(dd.longestRecovered()).isTrue();
  }

  /**
   * Trades of two symbols, worked by hand.
   *
   * <pre>
   * AAA buy 10 @ 10 fee 1, sell 10 @ 12 fee 1       trip 1: realised +20, fees 2, net +18 (win)
   * AAA buy 5 @ 12 fee 0.5, sell 8 @ 11 fee 0.8     the sale flips: closes 5 (realised 5·(11−12) = −5)
   *                                                 and opens a short of 3; its fee splits 5/8 · 0.8 = 0.5
   *                                                 to trip 2 (fees 0.5 + 0.5 = 1, net −6, loss), 0.3 on
   * AAA buy 3 @ 10 fee 0.3                          trip 3: realised 3·(11−10) = +3, fees 0.6, net +2.4
   * BBB buy 4 @ 50 fee 0.2, held, final mark 55     unrealised 4·55 − 200 = +20, no trip
   *
   * win rate 2/3; gross profit 18 + 2.4 = 20.4; gross loss 6; profit factor 3.4
   * AAA: realised 20 − 5 + 3 = 18, fees 1 + 1 + 0.5 + 0.8 + 0.3 = 3.6, net 14.4,
   *      traded 100 + 120 + 60 + 88 + 30 = 398
   * BBB: net 20 − 0.2 = 19.8, traded 200; costs 3.8 = 3.8 / 598 · 10⁴ = 63.5451505 bp
   * equity 100 → 134.2 = 100 + 14.4 + 19.8: nothing unattributed
   * turnover = 598 / mean(100, 120, 134.2) = 598 / 118.0666… = 5.06493506; a year · 252 / 3
   * time in market 2/3 (exposure 0 at step 1); gross exposure (50/100 + 0 + 220/134.2) / 3
   * </pre>
   */
  @Test
  void attributesRoundTripsAndAssetsAsWorkedOutByHand() {
    BacktestRun run =
        BacktestRun.builder("trades", dec("100"), Runs.DAILY)
            .step(day(1), dec("100"), dec("50"))
            .step(day(3), dec("120"), dec("0"))
            .step(day(5), dec("134.2"), dec("220"))
            .fill(buy(1, "AAA", "10", "10", "1"))
            .fill(sell(2, "AAA", "10", "12", "1"))
            .fill(buy(2, "BBB", "4", "50", "0.2"))
            .fill(buy(3, "AAA", "5", "12", "0.5"))
            .fill(sell(4, "AAA", "8", "11", "0.8"))
            .fill(buy(5, "AAA", "3", "10", "0.3"))
            .mark("AAA", dec("10"))
            .mark("BBB", dec("55"))
            .build();

    PerformanceMetrics m = PerformanceMetrics.of(run);

    assertThat(TradeLedger.of(run).roundTrips())
        .extracting(RoundTrip::netPnl)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec("18"), dec("-6"), dec("2.4"));
    assertThat(TradeLedger.of(run).roundTrips())
        .extracting(RoundTrip::isLong)
        .containsExactly(true, true, false);
    assertThat(m.closedRoundTrips()).isEqualTo(3);
    assertThat(m.winRate().orThrow()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(m.grossProfit()).isEqualByComparingTo("20.4");
    assertThat(m.grossLoss()).isEqualByComparingTo("6");
    assertThat(m.profitFactor().orThrow()).isCloseTo(3.4, within(EPS));
    AssetAttribution aaa = m.assets().get("AAA");
    assertThat(aaa.realizedPnl()).isEqualByComparingTo("18");
    assertThat(aaa.fees()).isEqualByComparingTo("3.6");
    assertThat(aaa.netPnl()).isEqualByComparingTo("14.4");
    assertThat(aaa.tradedNotional()).isEqualByComparingTo("398");
    assertThat(aaa.endQuantity()).isEqualByComparingTo("0");
    assertThat(aaa.closedRoundTrips()).isEqualTo(3);
    AssetAttribution bbb = m.assets().get("BBB");
    assertThat(bbb.unrealizedPnl()).isEqualByComparingTo("20");
    assertThat(bbb.netPnl()).isEqualByComparingTo("19.8");
    assertThat(m.unattributedPnl()).isEqualByComparingTo("0");
    assertThat(m.costsPaid()).isEqualByComparingTo("3.8");
    assertThat(m.costsBpsOfTraded().orThrow()).isCloseTo(63.5451505016722, within(1e-9));
    assertThat(m.tradedNotional()).isEqualByComparingTo("598");
    assertThat(m.turnover().orThrow()).isCloseTo(598 / (354.2 / 3), within(1e-12));
    assertThat(m.annualisedTurnover().orThrow())
        .isCloseTo(598 / (354.2 / 3) * 252 / 3, within(1e-9));
    assertThat(m.timeInMarket().orThrow()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(m.averageGrossExposure().orThrow())
        .isCloseTo((0.5 + 0 + 220 / 134.2) / 3, within(1e-12));
  }

  @Test
  void leavesTheRatiosOfAFlatEquityCurveUndefinedWithReasons() {
    BacktestRun run = equity("flat", "100", "100", "100").build();

    PerformanceMetrics m = PerformanceMetrics.of(run);

    assertThat(m.sharpe().isDefined()).isFalse();
    assertThat(m.sharpe().undefinedBecause()).contains("standard deviation 0");
    assertThat(m.sortino().undefinedBecause()).contains("no step return below");
    assertThat(m.calmar().undefinedBecause()).contains("no drawdown");
    assertThat(m.totalReturn().orThrow()).isZero();
    assertThat(m.drawdown().max()).isZero();
    assertThat(m.drawdown().longestSteps()).isZero();
    assertThat(m.winRate().undefinedBecause()).isEqualTo("no closed round trip");
    assertThat(m.profitFactor().undefinedBecause()).isEqualTo("no closed round trip");
    assertThat(m.costsBpsOfTraded().undefinedBecause()).isEqualTo("nothing traded");
    assertThat(m.turnover().orThrow()).isZero();
  }

  @Test
  void leavesTheProfitFactorUndefinedWithoutALosingTrip() {
    BacktestRun run =
        equity("winner", "100", "102")
            .fill(buy(1, "AAA", "1", "10", "0"))
            .fill(sell(2, "AAA", "1", "12", "0"))
            .mark("AAA", dec("12"))
            .build();

    PerformanceMetrics m = PerformanceMetrics.of(run);

    assertThat(m.winRate().orThrow()).isEqualTo(1.0);
    assertThat(m.grossProfit()).isEqualByComparingTo("2");
    assertThat(m.profitFactor().isDefined()).isFalse();
    assertThat(m.profitFactor().undefinedBecause()).contains("no losing round trip");
  }

  @Test
  void needsTwoStepsForTheRatiosAndOneForTheRest() {
    PerformanceMetrics one = PerformanceMetrics.of(equity("one", "101").build());
    PerformanceMetrics none = PerformanceMetrics.of(equity("none").build());

    assertThat(one.sharpe().undefinedBecause())
        .isEqualTo("1 step return(s): at least 2 are needed");
    assertThat(one.sortino().isDefined()).isFalse();
    assertThat(one.totalReturn().orThrow()).isCloseTo(0.01, within(EPS));
    assertThat(none.steps()).isZero();
    assertThat(none.totalReturn().orThrow()).isZero();
    assertThat(none.annualisedReturn().undefinedBecause()).isEqualTo("no steps");
    assertThat(none.turnover().undefinedBecause()).isEqualTo("no steps");
    assertThat(none.timeInMarket().isDefined()).isFalse();
  }

  /** Compounding +10 % over 3 daily steps to a year overflows a double: n/a, not infinity. */
  @Test
  void refusesToAnnualiseWhatOverflows() {
    BacktestRun run =
        BacktestRun.builder("short", dec("100"), BarsPerYear.CRYPTO_MINUTES)
            .step(day(1), dec("110"), BigDecimal.ZERO)
            .step(day(2), dec("121"), BigDecimal.ZERO)
            .build();

    PerformanceMetrics m = PerformanceMetrics.of(run);

    assertThat(m.annualisedReturn().isDefined()).isFalse();
    assertThat(m.annualisedReturn().undefinedBecause()).contains("too few to compound");
    assertThat(m.calmar().isDefined()).isFalse();
  }

  @Test
  void leavesReturnsUndefinedOnceEquityIsGone() {
    PerformanceMetrics m = PerformanceMetrics.of(equity("bust", "50", "0", "10").build());

    assertThat(m.sharpe().undefinedBecause()).isEqualTo("equity reached zero or less at step 2");
    assertThat(m.drawdown().max()).isEqualTo(1.0);
  }

  @Test
  void refusesAnInvalidRunNamingEveryProblem() {
    assertThatThrownBy(
            () ->
                BacktestRun.builder(" ", dec("0"), Double.NaN)
                    .step(day(2), dec("1"), BigDecimal.ZERO)
                    .step(day(1), dec("1"), BigDecimal.ZERO)
                    .fill(buy(1, "AAA", "1", "1", "0"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name must not be blank")
        .hasMessageContaining("initial cash must be positive, got 0")
        .hasMessageContaining("bars per year must be a positive number, got NaN")
        .hasMessageContaining("strictly increasing time order")
        .hasMessageContaining("a fill of AAA needs a positive final mark");
  }
}
