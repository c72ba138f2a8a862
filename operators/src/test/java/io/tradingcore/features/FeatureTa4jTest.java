package io.tradingcore.features;

import static io.tradingcore.features.FeatureAssertions.RATIO_FLOOR;
import static io.tradingcore.features.FeatureAssertions.RSI_FLOOR;
import static io.tradingcore.features.FeatureAssertions.close;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.testing.MarketDataFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;

/**
 * RSI and EMA deviation against ta4j's RSIIndicator and EMAIndicator (exact decimal arithmetic) on
 * real bars. Both sides seed the same way: the EMA with the first close, the Wilder averages with
 * the first bar's gain and loss of 0. The one deliberate difference: with no gains and no losses at
 * all ta4j's RSI is 0, ours 50.
 */
class FeatureTa4jTest {
  private static final FeatureWindows WINDOWS = FeatureWindows.DEFAULT;

  @ParameterizedTest
  @ValueSource(strings = {"AAPL", "MSFT", "GLD"})
  void rsiAndEmaMatchTa4jOnRealMinuteBars(String symbol) {
    Optional<Path> file = MarketDataFiles.minuteBarsFile(symbol);
    Assumptions.assumeTrue(
        file.isPresent(),
        "shared minute bars not found at "
            + MarketDataFiles.SHARED_MINUTE_BARS.toAbsolutePath()
            + ": skipping the ta4j check for "
            + symbol);

    assertMatchesTa4j(MarketDataFiles.readMinuteBars(symbol, file.get()));
  }

  @Test
  void rsiAndEmaMatchTa4jOnBitstampBars() {
    assertMatchesTa4j(MarketDataFiles.bitstampMinuteBars(false));
  }

  private static void assertMatchesTa4j(List<Bar> bars) {
    BarSeries series = new BaseBarSeriesBuilder().withName("ref").build();
    for (Bar bar : bars) {
      series.addBar(
          Instant.ofEpochMilli(bar.endMillis()).atZone(ZoneOffset.UTC),
          bar.open().toPlainString(),
          bar.high().toPlainString(),
          bar.low().toPlainString(),
          bar.close().toPlainString(),
          bar.volume().toPlainString());
    }
    ClosePriceIndicator closes = new ClosePriceIndicator(series);
    RSIIndicator rsi = new RSIIndicator(closes, WINDOWS.rsi());
    EMAIndicator ema = new EMAIndicator(closes, WINDOWS.ema());

    FeatureCalculator calculator = new FeatureCalculator(WINDOWS);
    FeatureState state = calculator.initialState();
    int neutral = 0;
    for (int i = 0; i < bars.size(); i++) {
      BarFeatures features = calculator.update(state, bars.get(i));
      String where = bars.get(i).symbol() + " bar " + i;
      double expectedRsi = rsi.getValue(i).doubleValue();
      if (state.getAverageGain() == 0 && state.getAverageLoss() == 0) {
        assertThat(expectedRsi).as(where + " ta4j RSI without any move").isZero();
        assertThat(features.rsi()).as(where + " RSI without any move").isEqualTo(50.0);
        neutral++;
      } else {
        close(where, "rsi", features.rsi(), expectedRsi, RSI_FLOOR);
      }
      double expectedDeviation =
          bars.get(i).close().doubleValue() / ema.getValue(i).doubleValue() - 1.0;
      close(where, "emaDeviation", features.emaDeviation(), expectedDeviation, RATIO_FLOOR);
    }
    // Only the first bar(s) before any move take the neutral branch.
    assertThat(neutral).isBetween(1, 5);
  }
}
