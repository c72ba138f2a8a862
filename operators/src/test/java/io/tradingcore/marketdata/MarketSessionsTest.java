package io.tradingcore.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketSessionsTest {

  @Test
  void putsEverySymbolOnTheNyseSessionExceptTheRoundTheClockOnes() {
    MarketSessions sessions = MarketSessions.usEquitiesWithRoundTheClock(List.of("BTCUSD"));

    assertThat(sessions.of("BTCUSD")).isSameAs(TradingCalendar.ROUND_THE_CLOCK);
    assertThat(sessions.of("AAPL")).isSameAs(UsEquityCalendar.INSTANCE);
    assertThat(sessions.defaultCalendar().name()).isEqualTo("us-equities");
    assertThat(MarketSessions.usEquitiesWithRoundTheClock(List.of()).bySymbol()).isEmpty();
  }

  @Test
  void refusesBlankAndRepeatedRoundTheClockSymbolsAllAtOnce() {
    assertThatThrownBy(
            () ->
                MarketSessions.usEquitiesWithRoundTheClock(
                    Arrays.asList("BTCUSD", " ", "BTCUSD", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round-the-clock symbol ' ' must be non-blank")
        .hasMessageContaining("round-the-clock symbol BTCUSD is listed twice")
        .hasMessageContaining("round-the-clock symbol 'null' must be non-blank");
    assertThatThrownBy(() -> MarketSessions.usEquitiesWithRoundTheClock(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
