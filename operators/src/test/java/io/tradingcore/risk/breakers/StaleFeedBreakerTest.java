package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Signals.DEFAULTS;
import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestSessions.MONDAY_CLOSE;
import static io.tradingcore.testing.TestSessions.WEEKDAYS_1430_TO_2100_UTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StaleFeedBreakerTest {
  private static final long FIVE_MINUTES = 5 * ONE_MINUTE;
  private static final long MONDAY_NOON_NEW_YORK =
      Instant.parse("2024-01-08T17:00:00Z").toEpochMilli();

  @Test
  void aSilenceInsideTheSessionIsStale() {
    assertThat(
            StaleFeedBreaker.trips(
                barEndingAt(MONDAY_NOON_NEW_YORK),
                MONDAY_NOON_NEW_YORK + FIVE_MINUTES,
                WEEKDAYS_1430_TO_2100_UTC))
        .isTrue();
  }

  @Test
  void aSilenceAfterTheClosingBarIsNot() {
    assertThat(
            StaleFeedBreaker.trips(
                barEndingAt(MONDAY_CLOSE), MONDAY_CLOSE + FIVE_MINUTES, WEEKDAYS_1430_TO_2100_UTC))
        .isFalse();
  }

  @Test
  void aSilenceThatRunsIntoTheCloseIsStale() {
    long twoMinutesBeforeTheClose = MONDAY_CLOSE - 2 * ONE_MINUTE;

    assertThat(
            StaleFeedBreaker.trips(
                barEndingAt(twoMinutesBeforeTheClose),
                twoMinutesBeforeTheClose + FIVE_MINUTES,
                WEEKDAYS_1430_TO_2100_UTC))
        .isTrue();
  }

  @Test
  void pausesTheSymbolFromTheMomentTheSilenceReachedTheWindow() {
    long silentUntil = MONDAY_NOON_NEW_YORK + FIVE_MINUTES;
    RiskAlert alert = StaleFeedBreaker.alert(barEndingAt(MONDAY_NOON_NEW_YORK), silentUntil);

    assertThat(alert.reason()).isEqualTo(RiskReason.STALE_FEED);
    assertThat(alert.severity()).isEqualTo(Severity.PAUSE);
    assertThat(alert.tsEvent()).isEqualTo(silentUntil);
    assertThat(alert.values())
        .containsEntry("observed", (double) FIVE_MINUTES)
        .containsEntry("limit", (double) FIVE_MINUTES)
        .containsEntry("last_bar_end", (double) MONDAY_NOON_NEW_YORK)
        .containsEntry("until", (double) (silentUntil + 15 * ONE_MINUTE));
    assertThat(alert.cause())
        .isEqualTo(
            "AAPL: no bar for 300 s after the one ending at 2024-01-08T17:00:00Z,"
                + " inside the session");
  }

  private static MarketBarSignal barEndingAt(long endMillis) {
    return new MarketBarSignal(
        "AAPL",
        endMillis - ONE_MINUTE,
        endMillis,
        BigDecimal.TEN,
        BigDecimal.ONE,
        Double.NaN,
        DEFAULTS);
  }
}
