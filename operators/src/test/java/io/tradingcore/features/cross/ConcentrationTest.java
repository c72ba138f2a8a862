package io.tradingcore.features.cross;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcentrationTest {
  @Test
  void isTheLargestAbsoluteValueOverTheGrossValue() {
    // |−3000| / (1000 + 3000 + 1000): a short counts by its size
    assertThat(Concentration.maxWeight(List.of(bd("1000"), bd("-3000"), bd("1000"))))
        .isEqualTo(0.6);
  }

  @Test
  void isZeroWhenFlatAndOneWhenAllInOneSymbol() {
    assertThat(Concentration.maxWeight(List.of())).isZero();
    assertThat(Concentration.maxWeight(List.of(bd("0"), bd("0")))).isZero();
    assertThat(Concentration.maxWeight(List.of(bd("0"), bd("250.5")))).isEqualTo(1.0);
  }

  private static BigDecimal bd(String value) {
    return new BigDecimal(value);
  }
}
