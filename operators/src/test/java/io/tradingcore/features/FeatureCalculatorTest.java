package io.tradingcore.features;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Each feature on a few bars worked out by hand; the reference tests cover the long runs. */
class FeatureCalculatorTest {
  /** Windows of two bars (one for the short intensity mean), so a few bars fill everything. */
  static final FeatureWindows SMALL = new FeatureWindows(2, 2, 2, 1, 2, 2, 2, 2, 3, 2);

  private final FeatureCalculator calculator = new FeatureCalculator(SMALL);

  @Test
  void computesEachFeatureByHand() {
    FeatureState state = calculator.initialState();
    BarFeatures first =
        calculator.update(
            state, bar("AAPL").atMinute(0).ohlc("100", "101", "99", "100").volume("100").build());
    BarFeatures second =
        calculator.update(
            state, bar("AAPL").atMinute(1).ohlc("100", "112", "104", "110").volume("300").build());

    assertThat(first.logReturn()).isEqualTo(0.0);
    assertThat(first.warm()).isFalse();
    // ln(110 / 100)
    assertThat(second.logReturn()).isCloseTo(Math.log(1.1), within(1e-15));
    // MA2 of closes = 105; 110 / 105 − 1
    assertThat(second.momentum()).isCloseTo(110.0 / 105.0 - 1.0, within(1e-15));
    // (112 − 104) / 110
    assertThat(second.spread()).isCloseTo(8.0 / 110.0, within(1e-15));
    // typical prices 100 and (112 + 104 + 110) / 3 = 108.666…; VWAP = (100·100 + 108.666…·300)
    // / 400 = 106.5; deviation 110 / 106.5 − 1
    assertThat(second.vwapDeviation()).isCloseTo(110.0 / 106.5 - 1.0, within(1e-12));
    // one return only: volatility undefined, reported as 0 and not warm
    assertThat(second.volatility()).isEqualTo(0.0);
    assertThat(second.warm()).isFalse();
    // (2·110 − 112 − 104) / (112 − 104): the close sits three quarters up the range
    assertThat(second.bookImbalance()).isEqualTo(0.5);
    // short mean 300 (one bar) against long mean (100 + 300) / 2
    assertThat(second.tradeIntensity()).isCloseTo(300.0 / 200.0 - 1.0, within(1e-15));
    assertThat(second.quoteImbalance()).isNaN();
  }

  @Test
  void rsiFollowsWildersAveragesSeededAtTheFirstBar() {
    FeatureState state = calculator.initialState();
    BarFeatures first = calculator.update(state, bar("AAPL").atMinute(0).flatAt("100").build());
    BarFeatures second = calculator.update(state, bar("AAPL").atMinute(1).flatAt("110").build());
    BarFeatures third = calculator.update(state, bar("AAPL").atMinute(2).flatAt("99").build());

    // no move yet: neutral
    assertThat(first.rsi()).isEqualTo(50.0);
    // gains: 0 → 0 + (10 − 0) / 2 = 5; losses stay 0: all up
    assertThat(second.rsi()).isEqualTo(100.0);
    // gains 5 + (0 − 5) / 2 = 2.5, losses 0 + (11 − 0) / 2 = 5.5: 100 − 100 / (1 + 2.5 / 5.5)
    assertThat(third.rsi()).isCloseTo(31.25, within(1e-12));
  }

  @Test
  void emaStartsAtTheFirstClose() {
    FeatureState state = calculator.initialState();
    calculator.update(state, bar("AAPL").atMinute(0).flatAt("100").build());
    calculator.update(state, bar("AAPL").atMinute(1).flatAt("110").build());
    BarFeatures third = calculator.update(state, bar("AAPL").atMinute(2).flatAt("99").build());

    // EMA(3), multiplier 2 / 4: 100 → 105 → 102
    assertThat(third.emaDeviation()).isCloseTo(99.0 / 102.0 - 1.0, within(1e-15));
  }

  @Test
  void vpinUsesTheTickRuleBuyVolumeWhenTheBarCarriesIt() {
    FeatureState state = calculator.initialState();
    calculator.update(
        state, bar("AAPL").atMinute(0).flatAt("100").volume("100").buyVolume("80").build());
    BarFeatures second =
        calculator.update(
            state, bar("AAPL").atMinute(1).flatAt("101").volume("300").buyVolume("100").build());

    // |80 − 20| + |100 − 200| over 400
    assertThat(second.vpin()).isCloseTo(160.0 / 400.0, within(1e-15));
  }

  @Test
  void vpinClassifiesVolumeInBulkFromThePriceChange() {
    FeatureState state = calculator.initialState();
    calculator.update(state, bar("AAPL").atMinute(0).flatAt("100").volume("1000").build());
    BarFeatures second =
        calculator.update(state, bar("AAPL").atMinute(1).flatAt("110").volume("1000").build());
    BarFeatures third =
        calculator.update(state, bar("AAPL").atMinute(2).flatAt("99").volume("1000").build());

    // one price change: no σ yet, so the bar is split evenly
    assertThat(second.vpin()).isEqualTo(0.0);
    // σ of {10, −11} = 21 / √2; V_b = 1000·Φ(−11 / σ); the first bar in the window is even
    double sigma = 21.0 / Math.sqrt(2.0);
    double buy = 1000 * new NormalDistribution().cumulativeProbability(-11.0 / sigma);
    assertThat(third.vpin()).isCloseTo(Math.abs(buy - (1000 - buy)) / 2000.0, within(1e-12));
  }

  @Test
  void carriesTheBarsQuoteImbalance() {
    BarFeatures features =
        calculator.update(
            calculator.initialState(),
            bar("AAPL").atMinute(0).flatAt("100").quoteImbalance(-0.25).build());

    assertThat(features.quoteImbalance()).isEqualTo(-0.25);
  }

  @Test
  void isWarmOnceEveryDefaultWindowIsFull() {
    FeatureCalculator defaults = new FeatureCalculator(FeatureWindows.DEFAULT);
    FeatureState state = defaults.initialState();
    int warmUp = FeatureWindows.DEFAULT.warmUpBars();
    BarFeatures last = null;
    for (int i = 0; i < warmUp; i++) {
      last =
          defaults.update(
              state, bar("AAPL").atMinute(i).flatAt(i % 2 == 0 ? "100" : "101").build());
      assertThat(last.warm()).as("bar %d", i).isEqualTo(i == warmUp - 1);
    }
    // VPIN needs 50 price changes, one more bar than its window
    assertThat(warmUp).isEqualTo(51);
  }

  @Test
  void refusesInvalidWindowsListingEveryProblem() {
    assertThatThrownBy(() -> new FeatureWindows(0, 1, 1, 6, 5, 2, 2, 14, 20, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("momentum must be at least 1 bars, got 0")
        .hasMessageContaining("volatility must be at least 2 bars, got 1")
        .hasMessageContaining("intensityShort (6) must not exceed intensityLong (5)")
        .hasMessageContaining("vpin must be at least 2 bars, got 1");
  }

  @Test
  void startsAfreshFromAStateBuiltForOtherWindows() {
    FeatureState state = calculator.initialState();

    assertThat(calculator.fits(state)).isTrue();
    assertThat(new FeatureCalculator(FeatureWindows.DEFAULT).fits(state)).isFalse();
    state.setReturnMoments(null);
    assertThat(calculator.fits(state)).isFalse();
  }

  @Test
  void annualisesRealisedVolatilityOfMinuteReturns() {
    FeatureState state = calculator.initialState();
    calculator.update(state, bar("AAPL").atMinute(0).flatAt("100").build());
    calculator.update(state, bar("AAPL").atMinute(1).flatAt("110").build());
    BarFeatures third = calculator.update(state, bar("AAPL").atMinute(2).flatAt("99").build());

    double r1 = Math.log(110.0 / 100.0);
    double r2 = Math.log(99.0 / 110.0);
    double mean = (r1 + r2) / 2;
    double sampleStd = Math.sqrt(((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean)) / 1);
    assertThat(third.volatility()).isCloseTo(sampleStd * Math.sqrt(252.0 * 390.0), within(1e-9));
  }

  @Test
  void usesTheBarsOwnVwapWhenTheSourceGivesOne() {
    FeatureState state = calculator.initialState();
    BarFeatures features =
        calculator.update(
            state, bar("AAPL").atMinute(0).ohlc("100", "104", "96", "102").vwap("101").build());

    assertThat(features.vwapDeviation()).isCloseTo(102.0 / 101.0 - 1.0, within(1e-15));
  }

  @Test
  void aWindowWithoutVolumeHasNoVwapDeviation() {
    FeatureState state = calculator.initialState();
    BarFeatures features =
        calculator.update(state, bar("AAPL").atMinute(0).flatAt("100").volume("0").build());

    assertThat(features.vwapDeviation()).isEqualTo(0.0);
  }
}
