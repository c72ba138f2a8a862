package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The portfolio-breaker thresholds an operator may change while the job runs (SET_LIMIT), and the
 * rules that compare an observation with them. The two windows ({@code reject_window}, {@code
 * runaway_window}) shape the CEP patterns and are fixed at start, so they are not here.
 *
 * @param dailyLoss fraction of the day's starting equity whose loss halts
 * @param losingDays losing days in a row that halt
 * @param rejectBurst broker rejects within the reject window that halt
 * @param runawayOrders orders reaching the broker within the runaway window that halt
 * @param profitLock fraction of the day's starting equity whose gain locks profits in
 */
public record BreakerThresholds(
    BigDecimal dailyLoss, int losingDays, int rejectBurst, int runawayOrders, BigDecimal profitLock)
    implements Serializable {

  public BreakerThresholds {
    RiskParameter.BREAKER_DAILY_LOSS.validate(dailyLoss);
    RiskParameter.LOSING_DAYS.validate(BigDecimal.valueOf(losingDays));
    RiskParameter.REJECT_BURST.validate(BigDecimal.valueOf(rejectBurst));
    RiskParameter.RUNAWAY_ORDERS.validate(BigDecimal.valueOf(runawayOrders));
    RiskParameter.PROFIT_LOCK.validate(profitLock);
  }

  /** The breaker thresholds of {@code limits}. */
  public static BreakerThresholds of(RiskLimits limits) {
    return new BreakerThresholds(
        limits.get(RiskParameter.BREAKER_DAILY_LOSS),
        limits.count(RiskParameter.LOSING_DAYS),
        limits.count(RiskParameter.REJECT_BURST),
        limits.count(RiskParameter.RUNAWAY_ORDERS),
        limits.get(RiskParameter.PROFIT_LOCK));
  }

  /** Whether a SET_LIMIT of {@code parameter} changes a portfolio breaker in a running job. */
  public static boolean changeableAtRunTime(RiskParameter parameter) {
    return parameter.scope() == RiskParameter.Scope.PORTFOLIO_BREAKER && !parameter.fixedAtStart();
  }

  /**
   * These thresholds with {@code parameter} set to {@code value}.
   *
   * @throws IllegalArgumentException for a parameter that is not {@linkplain
   *     #changeableAtRunTime(RiskParameter) changeable at run time} or an invalid value
   */
  public BreakerThresholds with(RiskParameter parameter, BigDecimal value) {
    parameter.validate(value);
    return switch (parameter) {
      case BREAKER_DAILY_LOSS ->
          new BreakerThresholds(value, losingDays, rejectBurst, runawayOrders, profitLock);
      case LOSING_DAYS ->
          new BreakerThresholds(
              dailyLoss, value.intValueExact(), rejectBurst, runawayOrders, profitLock);
      case REJECT_BURST ->
          new BreakerThresholds(
              dailyLoss, losingDays, value.intValueExact(), runawayOrders, profitLock);
      case RUNAWAY_ORDERS ->
          new BreakerThresholds(
              dailyLoss, losingDays, rejectBurst, value.intValueExact(), profitLock);
      case PROFIT_LOCK ->
          new BreakerThresholds(dailyLoss, losingDays, rejectBurst, runawayOrders, value);
      default ->
          throw new IllegalArgumentException(
              parameter.externalName() + " is not a breaker threshold changeable at run time");
    };
  }

  /** Whether equity has fallen more than {@code dailyLoss} × the day's start below it (exact). */
  public boolean lossBreached(BigDecimal dayStartEquity, BigDecimal equity) {
    return dayStartEquity.subtract(equity).compareTo(dailyLoss.multiply(dayStartEquity)) > 0;
  }

  /** Whether equity has gained at least {@code profitLock} × the day's start (exact). */
  public boolean profitLocked(BigDecimal dayStartEquity, BigDecimal equity) {
    return equity.subtract(dayStartEquity).compareTo(profitLock.multiply(dayStartEquity)) >= 0;
  }
}
