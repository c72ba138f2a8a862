package io.tradingcore.risk.breakers;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestFeatures.features;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketSignalsTest {
  private static final MarketThresholds DEFAULTS = MarketThresholds.of(RiskLimits.DEFAULT);

  @Test
  void theMeanVolumeIsUnknownUntilTwentyBarsWereSeenAndLeavesOutTheBarItself() {
    MarketBreakerMemory memory = MarketSignals.newMemory();
    List<MarketBarSignal> signals = new ArrayList<>();
    for (int n = 1; n <= 21; n++) {
      String volume = n <= 10 ? "100" : n <= 20 ? "300" : "99999";
      signals.add(
          MarketSignals.onBar(memory, bar("AAPL").atMinute(n).volume(volume).build(), DEFAULTS));
    }

    assertThat(signals.subList(0, 20)).allSatisfy(s -> assertThat(s.meanVolume()).isNaN());
    assertThat(signals.get(20).meanVolume()).isCloseTo(200.0, within(1e-12));
    assertThat(signals.get(20).volume()).isEqualByComparingTo("99999");
  }

  @Test
  void theSigmaBeforeABarIsThePreviousBarsVolatilityPerBar() {
    MarketBreakerMemory memory = MarketSignals.newMemory();
    MarketReturnSignal first =
        MarketSignals.onFeatures(
            memory, features("AAPL").atMinute(1).volatility(0.2).build(), DEFAULTS);
    MarketReturnSignal second =
        MarketSignals.onFeatures(
            memory, features("AAPL").atMinute(2).logReturn(0.01).volatility(0.9).build(), DEFAULTS);

    assertThat(first.sigmaBefore()).isNaN();
    assertThat(second.sigmaBefore()).isEqualTo(0.2 / FeatureCalculator.ANNUALISATION);
    assertThat(second.logReturn()).isEqualTo(0.01);
    assertThat(second.warm()).isTrue();
  }

  @Test
  void stampsTheThresholdsItIsGiven() {
    MarketThresholds raised =
        MarketThresholds.of(
            RiskLimits.DEFAULT.with(RiskParameter.PRICE_JUMP, new BigDecimal("0.05")));

    MarketBarSignal signal =
        MarketSignals.onBar(MarketSignals.newMemory(), bar("AAPL").build(), raised);

    assertThat(signal.thresholds().priceJump()).isEqualTo(0.05);
    assertThat(signal.thresholds().pauseForMillis()).isEqualTo(15 * 60_000L);
    assertThat(signal.thresholds().staleFeedAfterMillis()).isEqualTo(5 * 60_000L);
  }
}
