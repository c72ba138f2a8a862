package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceJumpBreakerTest {
  private static final long FIFTEEN_MINUTES = 15 * 60_000L;

  @Test
  void aMoveWithinThreePercentPassesEitherWay() {
    assertThat(PriceJumpBreaker.trips(bar("AAPL", 1, "100"), bar("AAPL", 2, "102.9"))).isFalse();
    assertThat(PriceJumpBreaker.trips(bar("AAPL", 1, "100"), bar("AAPL", 2, "97.1"))).isFalse();
  }

  @Test
  void exactlyThreePercentIsNotBeyondTheLimit() {
    assertThat(PriceJumpBreaker.trips(bar("AAPL", 1, "100"), bar("AAPL", 2, "103"))).isFalse();
  }

  @Test
  void aMoveBeyondThreePercentTripsEitherWay() {
    assertThat(PriceJumpBreaker.trips(bar("AAPL", 1, "100"), bar("AAPL", 2, "103.1"))).isTrue();
    assertThat(PriceJumpBreaker.trips(bar("AAPL", 1, "100"), bar("AAPL", 2, "96.9"))).isTrue();
  }

  @Test
  void comparesWithTheLimitTheLaterBarCarries() {
    MarketThresholds raised =
        Signals.with(RiskLimits.DEFAULT.with(RiskParameter.PRICE_JUMP, new BigDecimal("0.05")));
    MarketBarSignal before = bar("AAPL", 1, "100");

    assertThat(PriceJumpBreaker.trips(before, bar("AAPL", 2, "104", "1000", Double.NaN, raised)))
        .isFalse();
    assertThat(PriceJumpBreaker.trips(before, bar("AAPL", 2, "106", "1000", Double.NaN, raised)))
        .isTrue();
  }

  @Test
  void pausesTheSymbolForPauseForFromTheJumpingBar() {
    RiskAlert alert = PriceJumpBreaker.alert(bar("AAPL", 1, "100"), bar("AAPL", 2, "96"));

    assertThat(alert.portfolio()).isEqualTo("*");
    assertThat(alert.symbol()).isEqualTo("AAPL");
    assertThat(alert.reason()).isEqualTo(RiskReason.PRICE_JUMP);
    assertThat(alert.severity()).isEqualTo(Severity.PAUSE);
    assertThat(alert.tsEvent()).isEqualTo(minute(2));
    assertThat(alert.values())
        .containsEntry("observed", 0.04)
        .containsEntry("limit", 0.03)
        .containsEntry("move", -0.04)
        .containsEntry("previous_close", 100.0)
        .containsEntry("close", 96.0)
        .containsEntry("until", (double) (minute(2) + FIFTEEN_MINUTES));
    assertThat(alert.cause()).isEqualTo("AAPL: close 96 after 100 moved -4.00 %, beyond 3.0 %");
  }

  @Test
  void aReplayRaisesTheSameEventId() {
    assertThat(PriceJumpBreaker.alert(bar("AAPL", 1, "100"), bar("AAPL", 2, "96")).eventId())
        .isEqualTo(PriceJumpBreaker.alert(bar("AAPL", 1, "100"), bar("AAPL", 2, "96")).eventId())
        .isNotEqualTo(
            PriceJumpBreaker.alert(bar("AAPL", 2, "100"), bar("AAPL", 3, "96")).eventId());
  }

  @Test
  void measuresTheMoveOnTheExactDecimals() {
    assertThat(PriceJumpBreaker.move(bar("X", 1, "1000000.0000"), bar("X", 2, "1000000.0001")))
        .isCloseTo(1e-10, within(1e-24));
  }
}
