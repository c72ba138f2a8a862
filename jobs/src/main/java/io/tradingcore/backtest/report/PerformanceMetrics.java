package io.tradingcore.backtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SortedMap;

/**
 * Every figure of a backtest report, computed from one {@link BacktestRun}. Money is summed exactly
 * in {@link BigDecimal}; ratios are doubles; a ratio that is undefined for the run is a {@link
 * Figure} with the reason, never NaN or infinity.
 *
 * <p>Notation: {@code C} initial cash; {@code E_1 … E_n} the equity after each of the {@code n}
 * steps, {@code E_0 = C}; {@code Y} steps per year ({@link BacktestRun#barsPerYear()}: 98,280 for
 * one-minute US-equity bars, 525,600 for 24/7 crypto); {@code rf} the annual risk-free rate
 * (default 0: the design names none, and the gates read the plain Sharpe ratio); {@code τ = rf / Y}
 * the risk-free return of one step.
 *
 * <ul>
 *   <li><b>Step returns</b> {@code r_i = (E_i − E_{i−1}) / E_{i−1}}, {@code i = 1 … n} — the
 *       difference is exact, the quotient is rounded to 16 significant digits. Undefined when
 *       equity reaches zero or less.
 *   <li><b>Total return</b> {@code E_n / C − 1}; <b>P&L</b> {@code E_n − C}, exact.
 *   <li><b>Annualised return</b> (CAGR) {@code (E_n / C)^(Y / n) − 1}; undefined when it overflows
 *       a double (a handful of steps annualised over a year).
 *   <li><b>Volatility</b> {@code s · √Y}, {@code s} the <em>sample</em> standard deviation of the
 *       step returns (divisor {@code n − 1}).
 *   <li><b>Sharpe ratio</b> {@code (mean(r) − τ) / s · √Y}; needs {@code n ≥ 2} and {@code s > 0}.
 *   <li><b>Sortino ratio</b> {@code (mean(r) − τ) / d · √Y} with the downside deviation {@code d =
 *       √(Σ min(0, r_i − τ)² / n)} (over all {@code n} returns, target {@code τ}); needs {@code n ≥
 *       2} and at least one return below {@code τ}.
 *   <li><b>Max drawdown</b> {@code max_i (1 − E_i / H_i)}, {@code H_i = max(C, E_1 … E_i)} the
 *       high-water mark, which starts at the initial cash as the position book's does.
 *   <li><b>Drawdown duration</b>: the most consecutive steps with {@code E_i < H_i} (the steps
 *       under water; the step that gets back to the mark is not counted), with whether it recovered
 *       before the end.
 *   <li><b>Calmar ratio</b> annualised return / max drawdown over the whole run; undefined without
 *       a drawdown.
 *   <li><b>Turnover</b> Σ|fill notional| / mean(E_1 … E_n), both sides counted (a buy and its sale
 *       are a turnover of 2 on a fully invested book); <b>annualised turnover</b> × {@code Y / n},
 *       the unit of the design's target of 2.0 a year.
 *   <li><b>Round trips</b> ({@link TradeLedger}): a symbol's position from flat to flat (a flip
 *       closes one and opens the next); its net P&L is the realised P&L of its closing fills less
 *       the fees of its fills. <b>Win rate</b> = trips with net P&L &gt; 0 / closed trips (a trip
 *       at exactly 0 is no win); <b>profit factor</b> = Σ net P&L of winning trips / |Σ net P&L of
 *       losing trips|, undefined without a closed or without a losing trip.
 *   <li><b>Exposure</b>, two readings: <b>time in market</b> = share of steps with a position
 *       (gross exposure &gt; 0), and <b>average gross exposure</b> = mean of (Σ|market value| /
 *       equity) over the steps, the average leverage.
 *   <li><b>Costs paid</b> Σ fees, exact; also in basis points of the traded notional.
 *   <li><b>Attribution</b> per symbol (realised + unrealised at the final mark − fees, exact), and
 *       what the symbols do not explain: {@code unattributed = (E_n − C) − Σ symbols}, zero when
 *       every fill reached the run (the wire's 8-decimal rounding of equity can leave a few units
 *       of 10⁻⁸).
 * </ul>
 */
public record PerformanceMetrics(
    int steps,
    BigDecimal initialCash,
    BigDecimal finalEquity,
    BigDecimal pnl,
    Figure totalReturn,
    Figure annualisedReturn,
    Figure volatility,
    Figure sharpe,
    Figure sortino,
    Figure calmar,
    Drawdown drawdown,
    BigDecimal tradedNotional,
    Figure turnover,
    Figure annualisedTurnover,
    int fills,
    int closedRoundTrips,
    int winningRoundTrips,
    int losingRoundTrips,
    Figure winRate,
    BigDecimal grossProfit,
    BigDecimal grossLoss,
    Figure profitFactor,
    Figure timeInMarket,
    Figure averageGrossExposure,
    BigDecimal costsPaid,
    Figure costsBpsOfTraded,
    SortedMap<String, AssetAttribution> assets,
    BigDecimal unattributedPnl) {

  private static final MathContext RATIO = MathContext.DECIMAL64;

  /** Metrics with a risk-free rate of 0. */
  public static PerformanceMetrics of(BacktestRun run) {
    return of(run, 0.0);
  }

  /**
   * @param riskFreeRate annual risk-free rate as a fraction (0.04 for 4 %), spread evenly over the
   *     run's steps per year
   */
  public static PerformanceMetrics of(BacktestRun run, double riskFreeRate) {
    if (!Double.isFinite(riskFreeRate)) {
      throw new IllegalArgumentException("risk-free rate must be finite, got " + riskFreeRate);
    }
    List<EquityPoint> points = run.steps();
    int n = points.size();
    BigDecimal cash = run.initialCash();
    BigDecimal last = n == 0 ? cash : points.get(n - 1).equity();
    double years = n / run.barsPerYear();
    double stepRiskFree = riskFreeRate / run.barsPerYear();
    double annualise = Math.sqrt(run.barsPerYear());

    Figure total = Figure.of(ratio(last.subtract(cash), cash), "total return overflows");
    Figure annualised = annualisedReturn(n, last.divide(cash, RATIO).doubleValue(), years);

    double[] returns = new double[n];
    String returnsUndefined = stepReturns(run, returns);
    Figure volatility;
    Figure sharpe;
    Figure sortino;
    if (returnsUndefined != null) {
      volatility = sharpe = sortino = Figure.undefined(returnsUndefined);
    } else if (n < 2) {
      volatility =
          sharpe = sortino = Figure.undefined(n + " step return(s): at least 2 are needed");
    } else {
      double mean = 0;
      for (double r : returns) {
        mean += r;
      }
      mean /= n;
      double squares = 0;
      double downside = 0;
      for (double r : returns) {
        squares += (r - mean) * (r - mean);
        double below = Math.min(0.0, r - stepRiskFree);
        downside += below * below;
      }
      double sd = Math.sqrt(squares / (n - 1));
      double downsideDeviation = Math.sqrt(downside / n);
      volatility = Figure.of(sd * annualise, "volatility overflows");
      sharpe =
          sd == 0
              ? Figure.undefined("returns never vary (standard deviation 0)")
              : Figure.of((mean - stepRiskFree) / sd * annualise, "Sharpe ratio overflows");
      sortino =
          downsideDeviation == 0
              ? Figure.undefined("no step return below the risk-free return (downside 0)")
              : Figure.of(
                  (mean - stepRiskFree) / downsideDeviation * annualise, "Sortino ratio overflows");
    }

    Drawdown drawdown = drawdown(run);
    Figure calmar =
        !annualised.isDefined()
            ? Figure.undefined("annualised return undefined: " + annualised.undefinedBecause())
            : drawdown.max() == 0
                ? Figure.undefined("no drawdown (max drawdown 0)")
                : Figure.of(annualised.orThrow() / drawdown.max(), "Calmar ratio overflows");

    TradeLedger ledger = TradeLedger.of(run);
    BigDecimal traded = BigDecimal.ZERO;
    BigDecimal fees = BigDecimal.ZERO;
    for (AssetAttribution asset : ledger.assets().values()) {
      traded = traded.add(asset.tradedNotional());
      fees = fees.add(asset.fees());
    }
    BigDecimal equitySum = BigDecimal.ZERO;
    int inMarket = 0;
    double leverage = 0;
    for (EquityPoint p : points) {
      equitySum = equitySum.add(p.equity());
      if (p.grossExposure().signum() > 0) {
        inMarket++;
      }
      if (p.equity().signum() > 0) {
        leverage += ratio(p.grossExposure(), p.equity());
      }
    }
    Figure turnover;
    Figure annualTurnover;
    if (n == 0) {
      turnover = annualTurnover = Figure.undefined("no steps");
    } else if (equitySum.signum() <= 0) {
      turnover = annualTurnover = Figure.undefined("average equity is zero or negative");
    } else {
      BigDecimal meanEquity = equitySum.divide(BigDecimal.valueOf(n), RATIO);
      turnover = Figure.of(ratio(traded, meanEquity), "turnover overflows");
      annualTurnover = turnover.map(t -> t / years, "annualised turnover overflows");
    }
    String noSteps = "no steps";
    Figure timeInMarket =
        n == 0
            ? Figure.undefined(noSteps)
            : Figure.of((double) inMarket / n, "time in market is not a number");
    Figure grossExposure =
        n == 0 || returnsUndefined != null
            ? Figure.undefined(returnsUndefined == null ? noSteps : returnsUndefined)
            : Figure.of(leverage / n, "gross exposure overflows");
    Figure costBps =
        traded.signum() == 0
            ? Figure.undefined("nothing traded")
            : Figure.of(ratio(fees, traded) * 10_000, "cost overflows");

    int wins = 0;
    int losses = 0;
    BigDecimal grossProfit = BigDecimal.ZERO;
    BigDecimal grossLoss = BigDecimal.ZERO;
    for (RoundTrip trip : ledger.roundTrips()) {
      BigDecimal net = trip.netPnl();
      if (net.signum() > 0) {
        wins++;
        grossProfit = grossProfit.add(net);
      } else if (net.signum() < 0) {
        losses++;
        grossLoss = grossLoss.add(net.negate());
      }
    }
    int trips = ledger.roundTrips().size();
    Figure winRate =
        trips == 0
            ? Figure.undefined("no closed round trip")
            : Figure.of((double) wins / trips, "win rate is not a number");
    Figure profitFactor =
        trips == 0
            ? Figure.undefined("no closed round trip")
            : losses == 0
                ? Figure.undefined("no losing round trip (gross loss 0)")
                : Figure.of(ratio(grossProfit, grossLoss), "profit factor overflows");

    BigDecimal attributed = BigDecimal.ZERO;
    for (AssetAttribution asset : ledger.assets().values()) {
      attributed = attributed.add(asset.netPnl());
    }
    BigDecimal pnl = last.subtract(cash);
    return new PerformanceMetrics(
        n,
        cash,
        last,
        pnl,
        total,
        annualised,
        volatility,
        sharpe,
        sortino,
        calmar,
        drawdown,
        traded,
        turnover,
        annualTurnover,
        run.fills().size(),
        trips,
        wins,
        losses,
        winRate,
        grossProfit,
        grossLoss,
        profitFactor,
        timeInMarket,
        grossExposure,
        fees,
        costBps,
        ledger.assets(),
        pnl.subtract(attributed));
  }

  /** Fills {@code out} with the step returns; the reason they are undefined, or null. */
  private static String stepReturns(BacktestRun run, double[] out) {
    BigDecimal previous = run.initialCash();
    List<EquityPoint> points = run.steps();
    for (int i = 0; i < points.size(); i++) {
      if (previous.signum() <= 0) {
        return "equity reached zero or less at step " + i;
      }
      BigDecimal equity = points.get(i).equity();
      out[i] = ratio(equity.subtract(previous), previous);
      previous = equity;
    }
    return null;
  }

  private static Figure annualisedReturn(int n, double growth, double years) {
    if (n == 0) {
      return Figure.undefined("no steps");
    }
    if (growth <= 0) {
      return Figure.undefined("equity ended at zero or less");
    }
    return Figure.of(
        Math.pow(growth, 1.0 / years) - 1,
        "overflows: " + n + " steps are too few to compound over a year");
  }

  private static Drawdown drawdown(BacktestRun run) {
    BigDecimal mark = run.initialCash();
    Long markTime = null;
    double max = 0;
    Long peak = null;
    Long trough = null;
    int longest = 0;
    Long longestStart = null;
    Long longestEnd = null;
    boolean longestRecovered = false;
    int current = 0;
    Long currentStart = null;
    List<EquityPoint> points = run.steps();
    for (EquityPoint p : points) {
      if (p.equity().compareTo(mark) >= 0) {
        if (current > 0 && current == longest && longestStart.equals(currentStart)) {
          longestRecovered = true;
        }
        current = 0;
        mark = p.equity();
        markTime = p.timeMillis();
        continue;
      }
      if (current == 0) {
        currentStart = p.timeMillis();
      }
      current++;
      if (current > longest) {
        longest = current;
        longestStart = currentStart;
        longestEnd = p.timeMillis();
        longestRecovered = false;
      }
      double depth = ratio(mark.subtract(p.equity()), mark);
      if (depth > max) {
        max = depth;
        peak = markTime;
        trough = p.timeMillis();
      }
    }
    return new Drawdown(max, peak, trough, longest, longestStart, longestEnd, longestRecovered);
  }

  /** {@code a / b} rounded to 16 significant digits, as a double. */
  private static double ratio(BigDecimal a, BigDecimal b) {
    return a.divide(b, RATIO).doubleValue();
  }
}
