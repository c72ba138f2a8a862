package io.tradingcore.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreTradeCheckTest {
  private static final RiskLimits LIMITS = new RiskLimits(dec("500"), dec("25000"), dec("100"));

  @Test
  void passesAnOrderInsideEveryLimit() {
    assertThat(PreTradeCheck.check(buy("60", "150"), Exposure.FLAT, LIMITS)).isEmpty();
  }

  @Test
  void deniesAnOrderAboveTheQuantityLimit() {
    RiskLimits tight = new RiskLimits(dec("50"), dec("25000"), dec("100"));

    assertThat(PreTradeCheck.check(buy("60", "150"), Exposure.FLAT, tight))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(RiskReason.ORDER_QUANTITY));
  }

  @Test
  void deniesAnOrderAboveTheNotionalLimit() {
    // 90 × 300 = 27,000 > 25,000
    assertThat(PreTradeCheck.check(buy("90", "300"), Exposure.FLAT, LIMITS))
        .hasValueSatisfying(
            d -> {
              assertThat(d.reason()).isEqualTo(RiskReason.ORDER_NOTIONAL);
              assertThat(d.values()).containsEntry("observed", 27000.0);
            });
  }

  @Test
  void countsWorkingOrdersAsIfTheyFilled() {
    Exposure longWithWorkingBuy = new Exposure(dec("50"), dec("40"), BigDecimal.ZERO);

    // 50 held + 40 working + 20 new = 110 > 100
    assertThat(PreTradeCheck.check(buy("20", "10"), longWithWorkingBuy, LIMITS))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(RiskReason.POSITION_LIMIT));
    assertThat(PreTradeCheck.check(buy("10", "10"), longWithWorkingBuy, LIMITS)).isEmpty();
  }

  @Test
  void aSellCannotOpenAShortBeyondTheLimit() {
    Exposure flat = Exposure.FLAT;
    OrderRequest sell = new OrderRequest("AAPL", Side.SELL, dec("101"), dec("10"), "test");

    assertThat(PreTradeCheck.check(sell, flat, LIMITS))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(RiskReason.POSITION_LIMIT));
  }

  @Test
  void letsARiskReducingOrderThroughAboveTheLimit() {
    Exposure overLimit = new Exposure(dec("120"), BigDecimal.ZERO, BigDecimal.ZERO);
    OrderRequest sell = new OrderRequest("AAPL", Side.SELL, dec("20"), dec("10"), "reduce");

    assertThat(PreTradeCheck.check(sell, overLimit, LIMITS)).isEmpty();
    assertThat(PreTradeCheck.check(buy("1", "10"), overLimit, LIMITS))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(RiskReason.POSITION_LIMIT));
  }

  @Test
  void deniesWithoutAReferencePrice() {
    assertThat(PreTradeCheck.check(buy("1", "0"), Exposure.FLAT, LIMITS))
        .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(RiskReason.NO_REFERENCE_PRICE));
  }

  @Test
  void failsLoudlyOnAnOrderNoPlannerShouldProduce() {
    assertThatThrownBy(() -> PreTradeCheck.check(buy("0", "10"), Exposure.FLAT, LIMITS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noPassedOrderEverTakesAPositionPastItsLimit() {
    // Property: whatever random requests arrive, a passed order never leaves a position reachable
    // beyond the limit, unless it was beyond already and the order reduces it.
    Random random = new Random(11);
    int passed = 0;
    for (int trial = 0; trial < 5_000; trial++) {
      BigDecimal position = BigDecimal.valueOf(random.nextInt(241) - 120);
      BigDecimal buys = BigDecimal.valueOf(random.nextInt(60));
      BigDecimal sells = BigDecimal.valueOf(random.nextInt(60));
      Exposure exposure = new Exposure(position, buys, sells);
      Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
      OrderRequest request =
          new OrderRequest(
              "AAPL", side, BigDecimal.valueOf(1 + random.nextInt(150)), dec("10"), "random");
      if (PreTradeCheck.check(request, exposure, LIMITS).isEmpty()) {
        passed++;
        BigDecimal signed = request.signedQuantity();
        BigDecimal before = position.add(buys).abs().max(position.subtract(sells).abs());
        BigDecimal allBuysFill = position.add(buys).add(signed.max(BigDecimal.ZERO));
        BigDecimal allSellsFill = position.subtract(sells).add(signed.min(BigDecimal.ZERO));
        BigDecimal bound = LIMITS.maxPositionQuantity().max(before);
        assertThat(allBuysFill.abs()).isLessThanOrEqualTo(bound);
        assertThat(allSellsFill.abs()).isLessThanOrEqualTo(bound);
      }
    }
    assertThat(passed).as("the property must be exercised by passing orders").isGreaterThan(500);
  }

  private static OrderRequest buy(String quantity, String price) {
    return new OrderRequest("AAPL", Side.BUY, dec(quantity), dec(price), "test");
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
