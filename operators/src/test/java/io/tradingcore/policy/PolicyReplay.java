package io.tradingcore.policy;

import static io.tradingcore.testing.TestFeatures.features;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.strategy.TargetPosition;
import io.tradingcore.testing.TestBars;
import io.tradingcore.testing.TestFeatures;
import io.tradingcore.testing.TestObservations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic replay for the restart proofs: portfolio {@code main} trading AAPL and MSFT, one
 * observation per minute bar whose warm features move bar by bar (sine waves plus seeded noise), so
 * the random-weight test models change their arg-max often. Bar {@code i} depends on {@code i}
 * alone, so a source can regenerate any bar after a restore.
 */
final class PolicyReplay {
  static final String PORTFOLIO = "main";
  static final BigDecimal NOTIONAL = new BigDecimal("10000");
  static final PortfolioSpec MAIN =
      new PortfolioSpec(
          PORTFOLIO,
          List.of("AAPL", "MSFT"),
          new BigDecimal("100000"),
          new RiskLimits(new BigDecimal("500"), new BigDecimal("25000"), new BigDecimal("100")),
          LotSizes.WHOLE_UNITS);

  /** Every {@value}th bar MSFT is carried forward: not a decision step, the state must not move. */
  static final int STALE_EVERY = 97;

  private static final long SEED = 20240108L;

  private PolicyReplay() {}

  /** The bar end of bar {@code i}. */
  static long barEnd(long i) {
    return TestBars.T0 + i * TestBars.ONE_MINUTE;
  }

  /** Observation {@code i}: a pure function of {@code i}. */
  static PortfolioObservation bar(long i) {
    Random random = new Random(SEED * 31 + i);
    TestFeatures aapl = symbol("AAPL", i, 0.0, 180, random);
    TestFeatures msft = symbol("MSFT", i, 1.3, 370, random);
    if (i > 0 && i % STALE_EVERY == 0) {
      return TestObservations.observation(aapl).withStale(msft, 1, true).build();
    }
    return TestObservations.observation(aapl, msft).build();
  }

  private static TestFeatures symbol(
      String symbol, long i, double phase, double level, Random random) {
    double t = i + phase * 17;
    BigDecimal close =
        BigDecimal.valueOf(level * (1 + 0.05 * Math.sin(t / 40.0)) + random.nextGaussian() * 0.3)
            .setScale(2, RoundingMode.HALF_EVEN);
    return features(symbol)
        .endingAt(barEnd(i))
        .close(close.toPlainString())
        .spread(0.5 + 0.4 * Math.sin(t / 9.0) + 0.2 * random.nextGaussian())
        .bookImbalance(Math.sin(t / 5.0) + 0.5 * random.nextGaussian())
        .vwapDeviation(Math.cos(t / 7.0) + 0.5 * random.nextGaussian())
        .tradeIntensity(1.5 * Math.sin(t / 13.0) + 0.3 * random.nextGaussian())
        .momentum(2 * Math.sin(t / 11.0) + 0.5 * random.nextGaussian())
        .volatility(1 + Math.sin(t / 23.0) + 0.2 * random.nextGaussian())
        .volOfVol(Math.cos(t / 3.0) + 0.3 * random.nextGaussian())
        .skewness(random.nextGaussian())
        .kurtosis(Math.sin(t / 2.0) + random.nextGaussian())
        .rsi(2.5 * Math.sin(t / 6.0) + 0.5 * random.nextGaussian())
        .emaDeviation(Math.cos(t / 4.0) + 0.4 * random.nextGaussian())
        .vpin(Math.sin(t / 17.0) + 0.3 * random.nextGaussian());
  }

  /** Bars {@code from} (inclusive) to {@code to} (exclusive). */
  static List<PortfolioObservation> bars(int from, int to) {
    List<PortfolioObservation> bars = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      bars.add(bar(i));
    }
    return bars;
  }

  /** What a plain decider loop (no Flink) decides over bars, and its memory after each bar. */
  record Reference(List<TargetPosition> targets, List<PolicyMemory> memoryAfter, int steps) {}

  /**
   * The reference: {@link PolicyDecider} over {@code bars} from zero state, carrying targets and
   * memory as the scorer does; {@code resetAt} ≥ 0 zeroes (h, c) before that bar (a broken
   * restore).
   */
  static Reference decide(String model, List<PortfolioObservation> bars, int resetAt)
      throws Exception {
    return decide(model, -1, null, bars, resetAt);
  }

  /**
   * As {@link #decide(String, List, int)}, with {@code second} taking over from bar {@code swapAt}
   * (≥ 0): its state starts from zeros, the targets in force carry over, as in the scorer.
   */
  static Reference decide(
      String first, int swapAt, String second, List<PortfolioObservation> bars, int resetAt)
      throws Exception {
    PolicyModel loaded = TestModels.load(first);
    try {
      PolicyDecider decider = new PolicyDecider(loaded, NOTIONAL);
      int hidden = loaded.contract().hiddenSize();
      PolicyMemory memory = PolicyMemory.initial(loaded.version(), hidden);
      Map<String, TargetPosition> current = new HashMap<>();
      List<TargetPosition> targets = new ArrayList<>();
      List<PolicyMemory> after = new ArrayList<>();
      int steps = 0;
      for (int i = 0; i < bars.size(); i++) {
        if (i == swapAt) {
          loaded.close();
          loaded = TestModels.load(second);
          decider = new PolicyDecider(loaded, NOTIONAL);
          memory = PolicyMemory.initial(loaded.version(), loaded.contract().hiddenSize());
        }
        if (i == resetAt) {
          memory =
              new PolicyMemory(
                  memory.modelVersion(),
                  new float[hidden],
                  new float[hidden],
                  memory.steps(),
                  memory.lastBarEnd());
        }
        PolicyDecider.Outcome outcome =
            decider.decide(PORTFOLIO, bars.get(i), current, memory, MAIN.lots());
        if (outcome instanceof PolicyDecider.Decision decision) {
          steps++;
          memory = decision.memory();
          for (TargetPosition target : decision.targets()) {
            current.put(target.symbol(), target);
            targets.add(target);
          }
        }
        after.add(memory);
      }
      return new Reference(targets, after, steps);
    } finally {
      loaded.close();
    }
  }
}
