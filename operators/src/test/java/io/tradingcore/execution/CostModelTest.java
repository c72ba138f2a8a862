package io.tradingcore.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostModelTest {
  private final CostModel costs = CostModel.DEFAULT;

  @Test
  void chargesBaseCostPlusImpactScaledByNotional() {
    // 100 × 150 = $15,000: rate = 1.0 + 0.5 × 0.15 = 1.075 bp; fee = 15,000 × 1.075 / 10,000
    // = 1.6125 → $1.61
    assertThat(costs.rateBps(new BigDecimal("15000"))).isEqualByComparingTo("1.075");
    assertThat(costs.fee(new BigDecimal("100"), new BigDecimal("150")))
        .isEqualByComparingTo("1.61");
  }

  @Test
  void capsImpactAtTheScale() {
    // $250,000: share capped at 1 → 1.5 bp → $37.50
    assertThat(costs.fee(new BigDecimal("1000"), new BigDecimal("250")))
        .isEqualByComparingTo("37.50");
  }

  @Test
  void roundsHalfUpToCents() {
    // 1 × 50 = $50: rate 1.00025 bp; fee 0.005000125 → $0.01
    assertThat(costs.fee(BigDecimal.ONE, new BigDecimal("50"))).isEqualByComparingTo("0.01");
    // 1 × 40 = $40: 0.0040… → $0.00
    assertThat(costs.fee(BigDecimal.ONE, new BigDecimal("40"))).isEqualByComparingTo("0.00");
  }

  @Test
  void chargesTheSameForSellsAsForBuys() {
    assertThat(costs.fee(new BigDecimal("-100"), new BigDecimal("150")))
        .isEqualByComparingTo("1.61");
  }

  @Test
  void refusesANegativeCost() {
    assertThatThrownBy(() -> new CostModel(new BigDecimal("-1"), BigDecimal.ONE, BigDecimal.TEN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
