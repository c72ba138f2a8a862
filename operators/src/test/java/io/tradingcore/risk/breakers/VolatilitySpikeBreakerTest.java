package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.warmReturn;
import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
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
