package io.tradingcore.bench;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One bar through the whole per-asset feature set ({@link FeatureCalculator#update}) with the
 * default windows, warm state, and bars built beforehand: what the keyed function pays per bar
 * before state serialization. With {@code tickRule} the bars carry buy volume (no normal CDF).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeatureCalculatorBenchmark {
  private static final int BARS = 4096;

  @Param({"false", "true"})
  boolean tickRule;

  private FeatureCalculator calculator;
  private FeatureState state;
  private Bar[] bars;
  private int i;

  @Setup
  public void setUp() {
    calculator = new FeatureCalculator(FeatureWindows.DEFAULT);
    state = calculator.initialState();
    SplittableRandom random = new SplittableRandom(42);
    bars = new Bar[BARS];
    long cents = 17_000;
    long end = 1_549_895_460_000L;
    for (int k = 0; k < BARS; k++) {
      long open = cents;
      cents = Math.max(100, cents + Math.round(random.nextGaussian() * 5));
      long high = Math.max(open, cents) + random.nextInt(4);
      long low = Math.min(open, cents) - random.nextInt(4);
      long volume = 1 + random.nextInt(50_000);
      end += 60_000;
      bars[k] =
          new Bar(
              "AAPL",
              end - 60_000,
              end,
              BigDecimal.valueOf(open, 2),
              BigDecimal.valueOf(high, 2),
              BigDecimal.valueOf(low, 2),
              BigDecimal.valueOf(cents, 2),
              BigDecimal.valueOf(volume),
              null,
              null,
              "bench",
              tickRule ? BigDecimal.valueOf(random.nextInt((int) volume + 1)) : null,
              null);
    }
    // Warm every window before measuring.
    for (int k = 0; k < 200; k++) {
      calculator.update(state, bars[k]);
    }
  }

  @Benchmark
  public BarFeatures updatePerBar() {
    // Bar end times must increase; the calculator itself does not check, so cycling is fine.
    return calculator.update(state, bars[i++ & (BARS - 1)]);
  }
}
