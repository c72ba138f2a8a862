package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakerThresholdsTest {
  private static final BigDecimal DAY_START = new BigDecimal("100000");

  @Test
  void readsTheBreakerThresholdsFromTheLimits() {
    assertThat(DEFAULTS.dailyLoss()).isEqualByComparingTo("0.02");
    assertThat(DEFAULTS.losingDays()).isEqualTo(3);
    assertThat(DEFAULTS.rejectBurst()).isEqualTo(10);
    assertThat(DEFAULTS.runawayOrders()).isEqualTo(60);
    assertThat(DEFAULTS.profitLock()).isEqualByComparingTo("0.03");

    BreakerThresholds configured =
        BreakerThresholds.of(RiskLimits.of(Map.of("reject_burst", "4", "profit_lock", "0.05")));
    assertThat(configured.rejectBurst()).isEqualTo(4);
    assertThat(configured.profitLock()).isEqualByComparingTo("0.05");
  }

  @Test
  void aLossOfExactlyTheLimitIsNotABreachAndACentMoreIs() {
    // 2 % of 100 000 is 2 000: the limit is "more than".
    assertThat(DEFAULTS.lossBreached(DAY_START, new BigDecimal("98000"))).isFalse();
    assertThat(DEFAULTS.lossBreached(DAY_START, new BigDecimal("97999.99"))).isTrue();
    assertThat(DEFAULTS.lossBreached(DAY_START, new BigDecimal("103000"))).isFalse();
  }

  @Test
  void aGainOfExactlyTheLockLocksAndACentLessDoesNot() {
    // 3 % of 100 000 is 3 000: the lock is "at least".
    assertThat(DEFAULTS.profitLocked(DAY_START, new BigDecimal("103000"))).isTrue();
    assertThat(DEFAULTS.profitLocked(DAY_START, new BigDecimal("102999.99"))).isFalse();
    assertThat(DEFAULTS.profitLocked(DAY_START, new BigDecimal("97000"))).isFalse();
  }

  @Test
  void aSetLimitChangesOneThresholdAndKeepsTheOthers() {
    BreakerThresholds changed = DEFAULTS.with(RiskParameter.REJECT_BURST, new BigDecimal("8"));

    assertThat(changed)
        .isEqualTo(new BreakerThresholds(new BigDecimal("0.02"), 3, 8, 60, new BigDecimal("0.03")));
  }

  @Test
  void onlyTheBreakerThresholdsChangeAtRunTimeNotTheWindowsNorGateLimits() {
    assertThat(BreakerThresholds.changeableAtRunTime(RiskParameter.LOSING_DAYS)).isTrue();
    assertThat(BreakerThresholds.changeableAtRunTime(RiskParameter.REJECT_WINDOW)).isFalse();
    assertThat(BreakerThresholds.changeableAtRunTime(RiskParameter.DAILY_LOSS_LIMIT)).isFalse();
    assertThatThrownBy(
            () ->
                DEFAULTS.with(
                    RiskParameter.RUNAWAY_WINDOW, RiskParameter.RUNAWAY_WINDOW.parse("2m")))
        .hasMessageContaining("runaway_window is not a breaker threshold changeable at run time");
  }

  @Test
  void refusesAnInvalidValue() {
    assertThatThrownBy(() -> DEFAULTS.with(RiskParameter.LOSING_DAYS, new BigDecimal("2.5")))
        .hasMessageContaining("losing_days must be a whole number");
  }
}
