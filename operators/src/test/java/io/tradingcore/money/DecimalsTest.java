package io.tradingcore.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {

  @Test
  void fitsTheWireUpToEightDecimalsAndSixteenIntegerDigits() {
    assertThat(Decimals.fitsWire(new BigDecimal("170.12345678"))).isTrue();
    assertThat(Decimals.fitsWire(new BigDecimal("170.123456780000"))).as("trailing zeros").isTrue();
    assertThat(Decimals.fitsWire(new BigDecimal("170.123456789"))).isFalse();
    assertThat(Decimals.fitsWire(new BigDecimal("9999999999999999"))).isTrue();
    assertThat(Decimals.fitsWire(new BigDecimal("10000000000000000"))).isFalse();
    assertThat(Decimals.fitsWire(new BigDecimal("1E+3"))).isTrue();
  }

  @Test
  void refusesToRoundAPriceOntoTheWire() {
    assertThat(Decimals.toWireExact(new BigDecimal("1.5"))).isEqualByComparingTo("1.50000000");
    assertThatThrownBy(() -> Decimals.toWireExact(new BigDecimal("1.123456789")))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("more than 8 decimals");
  }

  @Test
  void normalizesWithoutANegativeScale() {
    assertThat(Decimals.normalize(new BigDecimal("100.00")).toPlainString()).isEqualTo("100");
    assertThat(Decimals.normalize(new BigDecimal("100.00")).scale()).isZero();
  }
}
