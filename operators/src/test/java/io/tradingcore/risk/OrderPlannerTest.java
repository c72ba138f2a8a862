package io.tradingcore.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderPlannerTest {
  private static final RiskLimits LIMITS = new RiskLimits(dec("500"), dec("25000"), dec("100"));

  @Test
  void buysTheDifferenceBetweenTargetAndPosition() {
    OrderRequest request =
        OrderPlanner.plan(target("80", "150"), exposure("30"), LIMITS, LotSizes.WHOLE_UNITS)
            .orElseThrow();

    assertThat(request.side()).isEqualTo(Side.BUY);
    assertThat(request.quantity()).isEqualByComparingTo("50");
  }

  @Test
  void sellsDownToAFlatTarget() {
    OrderRequest request =
        OrderPlanner.plan(target("0", "150"), exposure("30"), LIMITS, LotSizes.WHOLE_UNITS)
            .orElseThrow();

    assertThat(request.side()).isEqualTo(Side.SELL);
    assertThat(request.quantity()).isEqualByComparingTo("30");
  }

  @Test
  void capsTheTargetAtThePositionLimit() {
    OrderRequest request =
        OrderPlanner.plan(target("250", "10"), Exposure.FLAT, LIMITS, LotSizes.WHOLE_UNITS)
            .orElseThrow();

    assertThat(request.quantity()).isEqualByComparingTo("100");
    assertThat(request.reason()).contains("capped at 100");
  }

  @Test
  void capsTheOrderAtTheNotionalLimitInWholeLots() {
    // 25,000 / 300 = 83.3 → 83
    OrderRequest request =
        OrderPlanner.plan(target("100", "300"), Exposure.FLAT, LIMITS, LotSizes.WHOLE_UNITS)
            .orElseThrow();

    assertThat(request.quantity()).isEqualByComparingTo("83");
  }

  @Test
  void sendsNothingWhileAnOrderIsWorking() {
    Exposure working = new Exposure(dec("0"), dec("40"), BigDecimal.ZERO);

    assertThat(OrderPlanner.plan(target("80", "150"), working, LIMITS, LotSizes.WHOLE_UNITS))
        .isEmpty();
  }

  @Test
  void sendsNothingWhenAlreadyOnTarget() {
    assertThat(OrderPlanner.plan(target("30", "150"), exposure("30"), LIMITS, LotSizes.WHOLE_UNITS))
        .isEmpty();
  }

  private static TargetPosition target(String quantity, String price) {
    return new TargetPosition(
        "main", "AAPL", 0L, dec(quantity), dec(price), "momentum@1", "test target");
  }

  private static Exposure exposure(String position) {
    return new Exposure(dec(position), BigDecimal.ZERO, BigDecimal.ZERO);
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
