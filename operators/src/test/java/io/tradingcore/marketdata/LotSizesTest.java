package io.tradingcore.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LotSizesTest {
  private final LotSizes lots =
      new LotSizes(BigDecimal.ONE, Map.of("BTCUSD", new BigDecimal("0.0001")));

  @Test
  void roundsTowardsZeroToWholeLots() {
    assertThat(lots.roundDown("AAPL", new BigDecimal("58.9"))).isEqualByComparingTo("58");
    assertThat(lots.roundDown("AAPL", new BigDecimal("-58.9"))).isEqualByComparingTo("-58");
    assertThat(lots.roundDown("BTCUSD", new BigDecimal("9.87816"))).isEqualByComparingTo("9.8781");
  }

  @Test
  void refusesLotsTheWireCannotCarry() {
    assertThatThrownBy(
            () -> new LotSizes(BigDecimal.ONE, Map.of("X", new BigDecimal("0.000000001"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lot size of X")
        .hasMessageContaining("at most 8 decimals");
    assertThatThrownBy(() -> new LotSizes(BigDecimal.ZERO, Map.of()))
        .hasMessageContaining("lot size of default");
  }
}
