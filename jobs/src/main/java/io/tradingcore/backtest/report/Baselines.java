package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import io.tradingcore.execution.CostModel;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The passive baselines a strategy is judged against, computed from the same bars and with the same
 * cost model and lot sizes as the strategy's fills.
 *
 * <ul>
 *   <li><b>Buy-and-hold</b>: at the open of the first step, each of the {@code N} symbols gets
 *       {@code initialCash / N}; it buys the whole lots of the symbol that budget pays for with the
 *       highest cost rate reserved ({@code floor(budget / (open × (1 + (base + impact) / 10⁴)))}),
 *       and holds them to the end.
 *   <li><b>Equal-weight rebalanced</b>: the same at the first step, then again at the open of the
 *       first step of each calendar day (in the given zone, by bar start) at which every symbol has
 *       a bar: equity at the open ({@code cash + Σ quantity × open}) split equally, each symbol
 *       traded to its target, sells before buys, each fill paying the cost model's fee.
 * </ul>
 *
 * <p>Fills happen at the step's open and are stamped with its start; equity after each step is
 * {@code cash + Σ quantity × close} (a symbol without a bar keeps its last close).
 */
public final class Baselines {
  public static final String BUY_AND_HOLD = "buy-and-hold";
  public static final String EQUAL_WEIGHT = "equal-weight";

  private final PriceSeries prices;
  private final BigDecimal initialCash;
  private final CostModel costs;
  private final LotSizes lots;
  private final double barsPerYear;

  public Baselines(
      PriceSeries prices,
      BigDecimal initialCash,
      CostModel costs,
      LotSizes lots,
      double barsPerYear) {
    this.prices = requireNonNull(prices, "prices");
    this.initialCash = requireNonNull(initialCash, "initialCash");
    this.costs = requireNonNull(costs, "costs");
    this.lots = requireNonNull(lots, "lots");
    this.barsPerYear = barsPerYear;
    if (initialCash.signum() <= 0) {
      throw new IllegalArgumentException("initial cash must be positive, got " + initialCash);
    }
  }

  public BacktestRun buyAndHold() {
    return simulate(
        BUY_AND_HOLD, "equal cash in each symbol at the first bar's open, held to the end", null);
  }

  /** Rebalanced at the first bar of each day in {@code zone}. */
  public BacktestRun equalWeight(ZoneId zone) {
    requireNonNull(zone, "zone");
    return simulate(
        EQUAL_WEIGHT,
        "equal weights, rebalanced at the open of each day's first bar (" + zone.getId() + ")",
        zone);
  }

  /** Buy-and-hold when {@code rebalanceZone} is null, else rebalanced daily in that zone. */
  private BacktestRun simulate(String name, String description, ZoneId rebalanceZone) {
    List<String> symbols = prices.symbols();
    int n = symbols.size();
    BigDecimal[] quantity = new BigDecimal[n];
    BigDecimal[] last = new BigDecimal[n];
    java.util.Arrays.fill(quantity, BigDecimal.ZERO);
    BigDecimal cash = initialCash;
    // The top rate: the impact share is capped at 1, reached at impactScale.
    BigDecimal reserve = BigDecimal.ONE.add(costs.rateBps(costs.impactScale()).movePointLeft(4));
    BacktestRun.Builder run =
        BacktestRun.builder(name, initialCash, barsPerYear).description(description);
    LocalDate lastRebalance = null;
    for (int step = 0; step < prices.size(); step++) {
      LocalDate day =
          rebalanceZone == null
              ? null
              : Instant.ofEpochMilli(prices.startMillis(step)).atZone(rebalanceZone).toLocalDate();
      boolean trade =
          step == 0 || (day != null && !day.equals(lastRebalance) && prices.complete(step));
      if (trade) {
        lastRebalance = day;
        BigDecimal equity = cash;
        for (int s = 0; s < n; s++) {
          equity = equity.add(quantity[s].multiply(prices.open(step, s)));
        }
        BigDecimal budget = equity.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
        BigDecimal[] trades = new BigDecimal[n];
        for (int s = 0; s < n; s++) {
          BigDecimal perUnit = prices.open(step, s).multiply(reserve);
          BigDecimal target =
              lots.roundDown(symbols.get(s), budget.divide(perUnit, MathContext.DECIMAL128));
          trades[s] = target.subtract(quantity[s]);
        }
        // Sells first: the cash they free is there before the buys spend it.
        for (int sells = 1; sells >= 0; sells--) {
          for (int s = 0; s < n; s++) {
            boolean isSell = trades[s].signum() < 0;
            if (trades[s].signum() == 0 || isSell != (sells == 1)) {
              continue;
            }
            BigDecimal price = prices.open(step, s);
            BigDecimal size = trades[s].abs();
            BigDecimal fee = costs.fee(size, price);
            cash = cash.subtract(trades[s].multiply(price)).subtract(fee);
            quantity[s] = quantity[s].add(trades[s]);
            run.fill(
                new Fill(
                    prices.startMillis(step),
                    symbols.get(s),
                    isSell ? Side.SELL : Side.BUY,
                    size,
                    price,
                    fee));
          }
        }
      }
      BigDecimal equity = cash;
      BigDecimal gross = BigDecimal.ZERO;
      for (int s = 0; s < n; s++) {
        if (prices.close(step, s) != null) {
          last[s] = prices.close(step, s);
        }
        BigDecimal value = quantity[s].multiply(last[s]);
        equity = equity.add(value);
        gross = gross.add(value.abs());
      }
      run.step(prices.endMillis(step), equity, gross);
    }
    for (int s = 0; s < n; s++) {
      run.mark(symbols.get(s), last[s]);
    }
    return run.build();
  }
}
