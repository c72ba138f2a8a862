package io.tradingcore.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionTest {

  @Test
  void buyingAddsToTheCostBasis() {
    Position.Change first = Position.flat("AAPL").apply(dec("10"), dec("100"));
    Position.Change second = first.position().apply(dec("5"), dec("106"));

    // 10 × 100 + 5 × 106 = 1,530 for 15 shares (average 102)
    assertThat(second.position().quantity()).isEqualByComparingTo("15");
    assertThat(second.position().costBasis()).isEqualByComparingTo("1530");
    assertThat(second.realized()).isEqualByComparingTo("0");
  }

  @Test
  void sellingPartOfALongRealisesAgainstTheAverageCost() {
    Position long15 = new Position("AAPL", dec("15"), dec("1530"));

    Position.Change change = long15.apply(dec("-6"), dec("110"));

    // average 102: realised (110 − 102) × 6 = 48; cost left 1,530 − 612 = 918 for 9 shares
    assertThat(change.realized()).isEqualByComparingTo("48");
    assertThat(change.position().quantity()).isEqualByComparingTo("9");
    assertThat(change.position().costBasis()).isEqualByComparingTo("918");
  }

  @Test
  void closingAShortRealisesTheDropInPrice() {
    Position short10 = Position.flat("AAPL").apply(dec("-10"), dec("50")).position();

    Position.Change cover = short10.apply(dec("4"), dec("45"));

    // shorted at 50, bought back 4 at 45: +5 × 4 = 20
    assertThat(short10.costBasis()).isEqualByComparingTo("-500");
    assertThat(cover.realized()).isEqualByComparingTo("20");
    assertThat(cover.position().quantity()).isEqualByComparingTo("-6");
    assertThat(cover.position().costBasis()).isEqualByComparingTo("-300");
  }

  @Test
  void aFillThroughZeroClosesThenOpensTheOtherSide() {
    Position long10 = new Position("AAPL", dec("10"), dec("1000"));

    Position.Change flip = long10.apply(dec("-15"), dec("120"));

    // closes 10 at 120 against cost 1,000 → +200; opens short 5 at 120
    assertThat(flip.realized()).isEqualByComparingTo("200");
    assertThat(flip.position().quantity()).isEqualByComparingTo("-5");
    assertThat(flip.position().costBasis()).isEqualByComparingTo("-600");
  }

  @Test
  void aRoundedCostShareStaysInTheRemainingBasis() {
    Position long3 = new Position("AAPL", dec("3"), dec("100"));

    Position.Change change = long3.apply(dec("-1"), dec("40"));

    // a third of 100 = 33.33333333 (8 decimals); the rounding remainder stays in the basis
    assertThat(change.realized()).isEqualByComparingTo("6.66666667");
    assertThat(change.position().costBasis()).isEqualByComparingTo("66.66666667");
    assertThat(change.realized().add(change.position().costBasis()))
        .isEqualByComparingTo("73.33333334");
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
