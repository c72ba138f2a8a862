package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.DEFAULTS;
import static io.tradingcore.risk.breakers.Signals.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class UnusualVolumeBreakerTest {

  @Test
  void aVolumeUpToFiveTimesTheMeanPasses() {
    assertThat(UnusualVolumeBreaker.trips(bar("AAPL", 30, "100", "5000", 1000, DEFAULTS)))
        .isFalse();
  }

  @Test
  void aVolumeBeyondFiveTimesTheMeanTrips() {
    assertThat(UnusualVolumeBreaker.trips(bar("AAPL", 30, "100", "5001", 1000, DEFAULTS))).isTrue();
  }

  @Test
  void withoutTwentyBarsOrWithoutVolumeThereIsNoMean() {
    assertThat(UnusualVolumeBreaker.trips(bar("AAPL", 3, "100", "1e9", Double.NaN, DEFAULTS)))
        .isFalse();
    assertThat(UnusualVolumeBreaker.trips(bar("AAPL", 30, "100", "1e9", 0, DEFAULTS))).isFalse();
  }

  @Test
  void reportsWithoutPausing() {
    RiskAlert alert = UnusualVolumeBreaker.alert(bar("AAPL", 30, "100", "8000", 1000, DEFAULTS));

    assertThat(alert.reason()).isEqualTo(RiskReason.UNUSUAL_VOLUME);
    assertThat(alert.severity()).isEqualTo(Severity.INFO);
    assertThat(alert.tsEvent()).isEqualTo(minute(30));
    assertThat(alert.values())
        .containsEntry("observed", 8.0)
        .containsEntry("limit", 5.0)
        .containsEntry("volume", 8000.0)
        .containsEntry("mean_volume", 1000.0)
        .doesNotContainKey("until");
  }
}
