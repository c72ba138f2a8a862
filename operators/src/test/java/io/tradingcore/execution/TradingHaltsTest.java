package io.tradingcore.execution;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TradingHaltsTest {
  private final TradingHalts halts = new TradingHalts();

  @Test
  void aMoveBeyondTenPercentWithinFiveMinutesHaltsForFiveMinutes() {
    halts.onBar(bar("AAPL").atMinute(1).ohlc("100", "101", "99", "100").build());
    halts.onBar(bar("AAPL").atMinute(2).ohlc("100", "105", "100", "105").build());
    // 110 is exactly +10 % of the reference open 100: still inside the band.
    assertThat(halts.onBar(bar("AAPL").atMinute(3).ohlc("105", "110", "105", "110").build()))
        .isEmpty();

    var halt = halts.onBar(bar("AAPL").atMinute(4).ohlc("110", "110.5", "109", "110").build());

    assertThat(halt).isPresent();
    assertThat(halt.get().fromMillis()).isEqualTo(minute(4));
    assertThat(halt.get().untilMillis()).isEqualTo(minute(9));
    assertThat(halts.haltAt("AAPL", minute(4) - 1)).as("the breaking bar traded").isEmpty();
    assertThat(halts.haltAt("AAPL", minute(4)))
        .hasValueSatisfying(
            why -> assertThat(why).contains("limit-up").contains("110.5").contains("10 % of 100"));
    assertThat(halts.haltAt("AAPL", minute(9) - 1)).isPresent();
    assertThat(halts.haltAt("AAPL", minute(9))).isEmpty();
    assertThat(halts.haltAt("MSFT", minute(5))).isEmpty();
  }

  @Test
  void onlyMovesWithinTheWindowCount() {
    // 100 → 111 over seven minutes, 1.5 % a minute at most: the five-minute reference moves along.
    String[] opens = {"100", "101.5", "103", "104.5", "106", "107.5", "109", "110.5"};
    for (int i = 0; i < opens.length - 1; i++) {
      assertThat(
              halts.onBar(
                  bar("AAPL")
                      .atMinute(i + 1)
                      .ohlc(opens[i], opens[i + 1], opens[i], opens[i + 1])
                      .build()))
          .isEmpty();
    }
    assertThat(halts.haltsOf("AAPL")).isEmpty();
  }

  @Test
  void aLimitDownMoveHaltsToo() {
    halts.onBar(bar("AAPL").atMinute(1).flatAt("100").build());

    assertThat(halts.onBar(bar("AAPL").atMinute(2).ohlc("95", "95", "89.99", "90").build()))
        .hasValueSatisfying(h -> assertThat(h.why()).contains("limit-down, low 89.99"));
  }

  @Test
  void anOperatorHaltLastsUntilResumed() {
    halts.halt("AAPL", "news pending");

    assertThat(halts.haltAt("AAPL", minute(100)))
        .hasValueSatisfying(why -> assertThat(why).isEqualTo("AAPL is halted: news pending"));
    halts.resume("AAPL");
    assertThat(halts.haltAt("AAPL", minute(100))).isEmpty();
  }
}
