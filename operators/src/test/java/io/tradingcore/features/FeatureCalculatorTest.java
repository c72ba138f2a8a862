package io.tradingcore.features;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureCalculatorTest {
  private final FeatureCalculator calculator = new FeatureCalculator(new FeatureWindows(2, 2, 2));

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
    assertThat(third.warm()).isTrue();
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
