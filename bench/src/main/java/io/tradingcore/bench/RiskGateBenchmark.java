package io.tradingcore.bench;

import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.Denial;
import io.tradingcore.risk.Exposure;
import io.tradingcore.risk.OrderRequest;
import io.tradingcore.risk.PortfolioRisk;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pre-trade risk gate's cost per order: every check of {@link PortfolioRisk#check} on an order
 * that passes them all (the longest path: state, pauses, session, collar, order limits, duplicate
 * and rate, position, daily loss, gross and net exposure, concentration, correlation and a
 * 500-scenario value at risk), one denied early (a halted portfolio would deny at the first check;
 * here the collar), and a whole target → planned, checked, released order.
 *
 * <p>The portfolio holds positions in every one of its {@code symbols} symbols, with 500 bars of
 * aligned returns and a full correlation matrix, as a warm gate has them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RiskGateBenchmark {
  private static final long T0 = 1_704_724_260_000L;
  private static final long MINUTE = 60_000L;

  @Param({"10"})
  int symbols;

  private PortfolioRisk risk;
  private OrderRequest passing;
  private OrderRequest collared;
  private Exposure exposure;
  private long now;
  private TargetPosition[] targets;
  private int next;

  private final PortfolioRisk.Output discard =
      new PortfolioRisk.Output() {
        @Override
        public void order(Order order) {}

        @Override
        public void alert(RiskAlert alert) {}
      };

  @Setup(Level.Trial)
  public void setUp() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < symbols; i++) {
      names.add("S" + i);
    }
    PortfolioSpec spec =
        new PortfolioSpec(
            "bench",
            names,
            new BigDecimal("1000000"),
            RiskLimits.of(Map.of("max_orders_per_window", "1000000")),
            LotSizes.WHOLE_UNITS);
    risk =
        new PortfolioRisk(
            spec, MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK), PortfolioRisk.open(spec));
    SplittableRandom random = new SplittableRandom(7);
    double[] prices = new double[symbols];
    java.util.Arrays.fill(prices, 100);
    for (int bar = 0; bar < 501; bar++) {
      for (int i = 0; i < symbols; i++) {
        prices[i] *= Math.exp(random.nextGaussian() * 0.001);
      }
      risk.onObservation(observation(names, T0 + bar * MINUTE, prices, random), discard);
    }
    now = T0 + 500 * MINUTE;
    // A long position of 100 in every other symbol, short in the rest.
    for (int i = 1; i < symbols; i++) {
      String symbol = names.get(i);
      BigDecimal price = risk.state().book.markOf(symbol);
      risk.state().book =
          risk.state()
              .book
              .applyFill(
                  symbol,
                  i % 2 == 0 ? Side.BUY : Side.SELL,
                  BigDecimal.valueOf(100),
                  price,
                  BigDecimal.ZERO);
    }
    BigDecimal price = risk.state().book.markOf("S0");
    passing = new OrderRequest("S0", Side.BUY, BigDecimal.valueOf(50), price, "bench");
    collared =
        new OrderRequest(
            "S0",
            Side.BUY,
            BigDecimal.valueOf(50),
            price.multiply(new BigDecimal("1.05")).setScale(4, RoundingMode.HALF_EVEN),
            "bench");
    exposure = risk.exposureOf("S0");
    targets = new TargetPosition[1024];
    for (int i = 0; i < targets.length; i++) {
      targets[i] =
          new TargetPosition(
              "bench", "S0", now, BigDecimal.valueOf(10 + i % 40), price, "bench@1", "bench");
    }
  }

  private static PortfolioObservation observation(
      List<String> names, long end, double[] prices, SplittableRandom random) {
    List<ObservedSymbol> observed = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      BigDecimal close = BigDecimal.valueOf(prices[i]).setScale(4, RoundingMode.HALF_EVEN);
      BarFeatures f =
          new BarFeatures(
              names.get(i),
              end - MINUTE,
              end,
              close,
              0,
              0,
              0.1,
              0.001,
              0,
              0,
              0,
              0.01,
              0,
              0,
              50,
              0,
              0.2,
              Double.NaN,
              true);
      observed.add(
          new ObservedSymbol(
              names.get(i), f, true, false, 0, true, random.nextGaussian() * 0.001, 0, 0, 0, 1));
    }
    int n = names.size();
    double[] correlations = new double[n * (n - 1) / 2];
    for (int k = 0; k < correlations.length; k++) {
      correlations[k] = random.nextDouble() * 0.6 - 0.3;
    }
    return new PortfolioObservation("bench", end, names.get(0), true, observed, correlations);
  }

  /** Every check, all passed. */
  @Benchmark
  public Optional<Denial> checkPassingOrder() {
    return risk.check(passing, exposure, now);
  }

  /** Denied at the price collar, before the portfolio-wide checks. */
  @Benchmark
  public Optional<Denial> checkCollaredOrder() {
    return risk.check(collared, exposure, now);
  }

  /**
   * A target planned, checked and released, then its order answered as filled-out nothing (a
   * cancel), so the next target finds the symbol free again: the gate's work per order in the job.
   */
  @Benchmark
  public int targetToOrder() {
    TargetPosition target = targets[next++ & (targets.length - 1)];
    int[] released = new int[1];
    risk.onTarget(
        target,
        new PortfolioRisk.Output() {
          @Override
          public void order(Order order) {
            released[0]++;
            risk.state().working.clear();
            risk.state().recent.clear();
          }

          @Override
          public void alert(RiskAlert alert) {}
        });
    return released[0];
  }
}
