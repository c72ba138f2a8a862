package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.MarketFeed.BARS;
import static io.tradingcore.risk.breakers.MarketFeed.TICKS;
import static io.tradingcore.risk.breakers.Signals.feed;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class FeedDivergenceBreakerTest {

  @Test
  void closesWithinHalfAPercentOfTheTicksPass() {
    assertThat(FeedDivergenceBreaker.trips(feed("AAPL", BARS, 1, "100.4"), ticksAt100())).isFalse();
    assertThat(FeedDivergenceBreaker.trips(ticksAt100(), feed("AAPL", BARS, 1, "99.6"))).isFalse();
  }

  @Test
  void closesBeyondHalfAPercentOfTheTicksTripInEitherOrder() {
    assertThat(FeedDivergenceBreaker.trips(feed("AAPL", BARS, 1, "100.6"), ticksAt100())).isTrue();
    assertThat(FeedDivergenceBreaker.trips(ticksAt100(), feed("AAPL", BARS, 1, "99.4"))).isTrue();
  }

  @Test
  void onlyTheTwoFeedsOfOneIntervalArePaired() {
    assertThat(FeedDivergenceBreaker.trips(feed("AAPL", TICKS, 1, "90"), ticksAt100())).isFalse();
    assertThat(FeedDivergenceBreaker.trips(feed("AAPL", BARS, 2, "90"), ticksAt100())).isFalse();
    assertThat(FeedDivergenceBreaker.trips(feed("MSFT", BARS, 1, "90"), ticksAt100())).isFalse();
  }

  @Test
  void aNonPositiveCloseIsLeftToTheQualityGate() {
    assertThat(FeedDivergenceBreaker.trips(feed("AAPL", BARS, 1, "0"), ticksAt100())).isFalse();
    assertThat(
            FeedDivergenceBreaker.trips(feed("AAPL", BARS, 1, "100"), feed("AAPL", TICKS, 1, "0")))
        .isFalse();
  }

  @Test
  void pausesTheSymbolNamingBothCloses() {
    RiskAlert alert = FeedDivergenceBreaker.alert(ticksAt100(), feed("AAPL", BARS, 1, "101"));

    assertThat(alert.reason()).isEqualTo(RiskReason.FEED_DIVERGENCE);
    assertThat(alert.severity()).isEqualTo(Severity.PAUSE);
    assertThat(alert.symbol()).isEqualTo("AAPL");
    assertThat(alert.tsEvent()).isEqualTo(minute(1));
    assertThat(alert.values().get("observed")).isCloseTo(0.01, within(1e-15));
    assertThat(alert.values())
        .containsEntry("limit", 0.005)
        .containsEntry("bar_feed_close", 101.0)
        .containsEntry("tick_close", 100.0)
        .containsEntry("until", (double) (minute(1) + 15 * 60_000L));
  }

  private static MarketFeedSignal ticksAt100() {
    return feed("AAPL", TICKS, 1, "100");
  }
}
