package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.warmReturn;
import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolatilitySpikeBreakerTest {
  private static final double SIGMA = 0.001;

  @Test
  void aReturnWithinThreeSigmaPasses() {
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, 0.0029, SIGMA))).isFalse();
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, -0.0029, SIGMA))).isFalse();
  }

  @Test
  void aReturnBeyondThreeSigmaTripsEitherWay() {
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, 0.0031, SIGMA))).isTrue();
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, -0.0031, SIGMA))).isTrue();
  }

  @Test
  void coldFeaturesOrAFlatHistoryGiveNoYardstick() {
    MarketReturnSignal cold =
        new MarketReturnSignal(
            "AAPL", minute(2) - ONE_MINUTE, minute(2), 0.05, SIGMA, false, Signals.DEFAULTS);

    assertThat(VolatilitySpikeBreaker.trips(cold)).isFalse();
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, 0.05, 0.0))).isFalse();
    assertThat(VolatilitySpikeBreaker.trips(warmReturn("AAPL", 60, 0.05, Double.NaN))).isFalse();
  }

  @Test
  void measuresASpikeAgainstTheWindowBeforeItNotTheWindowItInflates() {
    FeatureCalculator calculator = new FeatureCalculator(FeatureWindows.DEFAULT);
    FeatureState features = calculator.initialState();
    MarketBreakerMemory memory = MarketSignals.newMemory();
    List<MarketReturnSignal> signals = new ArrayList<>();
    // An hour of quiet minutes, 100 and 100.05 in turn, then a 1 % bar.
    for (int n = 1; n <= 61; n++) {
      String close = n == 61 ? "101.0505" : n % 2 == 0 ? "100.05" : "100";
      BarFeatures bar = calculator.update(features, bar("AAPL").atMinute(n).flatAt(close).build());
      signals.add(MarketSignals.onFeatures(memory, bar, Signals.DEFAULTS));
    }
    MarketReturnSignal spike = signals.get(60);
    double ownSigma = features.getReturns().standardDeviation();

    assertThat(signals.subList(0, 60)).noneMatch(VolatilitySpikeBreaker::trips);
    assertThat(VolatilitySpikeBreaker.trips(spike)).isTrue();
    assertThat(VolatilitySpikeBreaker.sigmas(spike)).isGreaterThan(15);
    assertThat(Math.abs(spike.logReturn()) / ownSigma)
        .as("against the σ its own return inflated, the same bar is under √20")
        .isLessThan(Math.sqrt(20));
  }

  @Test
  void pausesNewEntriesWithTheReturnInSigmas() {
    RiskAlert alert = VolatilitySpikeBreaker.alert(warmReturn("AAPL", 60, -0.004, SIGMA));

    assertThat(alert.reason()).isEqualTo(RiskReason.VOLATILITY_SPIKE);
    assertThat(alert.severity()).isEqualTo(Severity.PAUSE);
    assertThat(alert.portfolio()).isEqualTo("*");
    assertThat(alert.tsEvent()).isEqualTo(minute(60));
    assertThat(alert.values().get("observed")).isCloseTo(4.0, within(1e-12));
    assertThat(alert.values())
        .containsEntry("limit", 3.0)
        .containsEntry("log_return", -0.004)
        .containsEntry("sigma_before", SIGMA)
        .containsEntry("until", (double) (minute(60) + 15 * ONE_MINUTE));
  }
}
