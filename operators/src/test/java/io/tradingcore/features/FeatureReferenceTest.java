package io.tradingcore.features;

import static io.tradingcore.features.FeatureAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.testing.MarketDataFiles;
import io.tradingcore.testing.TestBars;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every feature of every bar against {@link ReferenceFeatures}, which recomputes each window from
 * scratch: on real minute bars, on real Bitstamp trades, and on series built to break rolling
 * statistics.
 */
class FeatureReferenceTest {
  private static final FeatureWindows WINDOWS = FeatureWindows.DEFAULT;

  @ParameterizedTest
  @ValueSource(strings = {"AAPL", "MSFT", "SPY", "TSLA", "GLD", "BAC"})
  void matchesTheReferenceOnEveryRealMinuteBar(String symbol) {
    Optional<Path> file = MarketDataFiles.minuteBarsFile(symbol);
    Assumptions.assumeTrue(
        file.isPresent(),
        "shared minute bars not found at "
            + MarketDataFiles.SHARED_MINUTE_BARS.toAbsolutePath()
            + ": skipping the real-data check for "
            + symbol);

    List<Bar> bars = MarketDataFiles.readMinuteBars(symbol, file.get());

    assertThat(bars).hasSizeGreaterThan(1000);
    assertAgreesBarByBar(bars);
  }

  @Test
  void matchesTheReferenceOnBitstampTradesClassifiedInBulk() {
    List<Bar> bars = MarketDataFiles.bitstampMinuteBars(false);

    assertThat(bars).hasSizeGreaterThan(1000).allMatch(b -> b.buyVolume() == null);
    assertAgreesBarByBar(bars);
  }

  @Test
  void matchesTheReferenceOnBitstampBarsCarryingTickRuleBuyVolume() {
    List<Bar> bars = MarketDataFiles.bitstampMinuteBars(true);

    assertThat(bars).hasSizeGreaterThan(1000).allMatch(b -> b.buyVolume() != null);
    List<BarFeatures> features = assertAgreesBarByBar(bars);
    // Tick-rule VPIN differs from bulk classification of the same bars: the path was taken.
    List<BarFeatures> bulk = run(MarketDataFiles.bitstampMinuteBars(false));
    assertThat(features.get(features.size() - 1).vpin())
        .isNotEqualTo(bulk.get(bulk.size() - 1).vpin());
  }

  @Test
  void keepsItsDigitsOnAHighLevelMovingByTinySteps() {
    // 1e6 moving by 1e-4: moves sit ten digits below the level.
    List<Bar> bars = new Walk(7, 10_000_000_000L, 4, 1, 0.0, true).bars(20_000);

    List<BarFeatures> features = assertAgreesBarByBar(bars);
    BarFeatures last = features.get(features.size() - 1);
    assertThat(last.volatility()).isPositive().isLessThan(1e-6);
    assertThat(last.vpin()).isPositive();
  }

  @Test
  void aConstantSeriesHasExactlyZeroDispersionAndNoNaN() {
    List<BarFeatures> features = new ArrayList<>();
    FeatureCalculator calculator = new FeatureCalculator(WINDOWS);
    FeatureState state = calculator.initialState();
    for (int i = 0; i < 2_000; i++) {
      features.add(
          calculator.update(
              state, TestBars.bar("FLAT").atMinute(i).flatAt("123.45").volume("1000").build()));
    }

    for (BarFeatures f : features) {
      assertThat(f.vector()).doesNotContain(Double.NaN);
      assertThat(f.volatility()).isEqualTo(0.0);
      assertThat(f.volOfVol()).isEqualTo(0.0);
      assertThat(f.skewness()).isEqualTo(0.0);
      assertThat(f.kurtosis()).isEqualTo(0.0);
      assertThat(f.momentum()).isEqualTo(0.0);
      assertThat(f.emaDeviation()).isEqualTo(0.0);
      assertThat(f.vpin()).isEqualTo(0.0);
      assertThat(f.tradeIntensity()).isEqualTo(0.0);
      assertThat(f.spread()).isEqualTo(0.0);
      assertThat(f.bookImbalance()).isEqualTo(0.0);
      // Neither gains nor losses: neutral, not oversold.
      assertThat(f.rsi()).isEqualTo(50.0);
    }
    assertThat(features.get(features.size() - 1).warm()).isTrue();
  }

  @Test
  void aSeriesWithMissingMinutesIsTakenBarByBar() {
    // A fifth of the minutes missing, some gaps half an hour long: windows count bars, not time.
    List<Bar> bars = new Walk(11, 10_000, 2, 5, 0.2, false).bars(5_000);

    assertThat(bars.get(bars.size() - 1).endMillis() - bars.get(0).endMillis())
        .isGreaterThan(6_000 * TestBars.ONE_MINUTE);
    assertAgreesBarByBar(bars);
  }

  @Test
  void doesNotDriftFromTheReferenceOverAMillionBars() {
    Walk walk = new Walk(42, 10_000, 2, 5, 0.01, false);
    FeatureCalculator calculator = new FeatureCalculator(WINDOWS);
    FeatureState state = calculator.initialState();
    ReferenceFeatures reference = new ReferenceFeatures(WINDOWS);
    BarFeatures actual = null;
    for (int i = 1; i <= 1_000_000; i++) {
      Bar bar = walk.next();
      actual = calculator.update(state, bar);
      reference.observe(bar);
      if (i % 100_000 == 0) {
        assertMatches(actual, reference.features(), "bar " + i);
      }
    }
    assertThat(actual.warm()).isTrue();
  }

  private static List<BarFeatures> assertAgreesBarByBar(List<Bar> bars) {
    List<BarFeatures> features = run(bars);
    ReferenceFeatures reference = new ReferenceFeatures(WINDOWS);
    for (int i = 0; i < bars.size(); i++) {
      assertMatches(
          features.get(i), reference.next(bars.get(i)), bars.get(i).symbol() + " bar " + i);
    }
    return features;
  }

  private static List<BarFeatures> run(List<Bar> bars) {
    FeatureCalculator calculator = new FeatureCalculator(WINDOWS);
    FeatureState state = calculator.initialState();
    List<BarFeatures> out = new ArrayList<>(bars.size());
    for (Bar bar : bars) {
      out.add(calculator.update(state, bar));
    }
    return out;
  }

  /**
   * A seeded random walk in whole ticks of 10^-scale: mostly small moves, now and then a shock 50
   * times larger (so large values pass through every window), volume sometimes zero, minutes
   * sometimes missing, and optionally a random buy volume per bar.
   */
  static final class Walk {
    private final Random random;
    private final int scale;
    private final long step;
    private final double gapProbability;
    private final boolean withBuyVolume;
    private long price;
    private long end = TestBars.T0;

    Walk(long seed, long level, int scale, long step, double gapProbability, boolean buyVolume) {
      this.random = new Random(seed);
      this.price = level;
      this.scale = scale;
      this.step = step;
      this.gapProbability = gapProbability;
      this.withBuyVolume = buyVolume;
    }

    List<Bar> bars(int n) {
      List<Bar> bars = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        bars.add(next());
      }
      return bars;
    }

    Bar next() {
      long open = price;
      long move = Math.round(random.nextGaussian() * step);
      if (random.nextDouble() < 0.002) {
        move *= 50;
      }
      price = Math.max(step * 100, price + move);
      long high = Math.max(open, price) + random.nextInt((int) step * 3 + 1);
      long low = Math.max(1, Math.min(open, price) - random.nextInt((int) step * 3 + 1));
      long volume = random.nextDouble() < 0.02 ? 0 : 1 + random.nextInt(5_000);
      end += TestBars.ONE_MINUTE;
      if (random.nextDouble() < gapProbability) {
        end += TestBars.ONE_MINUTE * (1 + random.nextInt(30));
      }
      BigDecimal buyVolume =
          withBuyVolume
              ? BigDecimal.valueOf(volume == 0 ? 0 : random.nextInt((int) volume + 1))
              : null;
      return new Bar(
          "WALK",
          end - TestBars.ONE_MINUTE,
          end,
          BigDecimal.valueOf(open, scale),
          BigDecimal.valueOf(high, scale),
          BigDecimal.valueOf(low, scale),
          BigDecimal.valueOf(price, scale),
          BigDecimal.valueOf(volume),
          null,
          null,
          "synthetic",
          buyVolume,
          null);
    }
  }
}
