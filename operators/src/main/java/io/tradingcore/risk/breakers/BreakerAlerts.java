package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The risk events the portfolio breakers raise, built from the signals a pattern matched. Every
 * event carries {@code observed} and {@code limit} in its values, plus what explains them; its id
 * derives from what caused it, so a replay raises the same ids.
 */
public final class BreakerAlerts {
  /** The origin of every breaker event. */
  public static final String ORIGIN = MarketAlerts.ORIGIN;

  private BreakerAlerts() {}

  /** HALT: equity fell more than the daily-loss threshold below the day's start. */
  public static RiskAlert dailyLoss(BookSignal breach) {
    BigDecimal loss = fraction(breach.dayStartEquity().subtract(breach.equity()), breach);
    BigDecimal limit = breach.thresholds().dailyLoss();
    return RiskAlert.raised(
        ORIGIN,
        breach.portfolio(),
        null,
        RiskReason.DAILY_LOSS,
        Severity.HALT,
        "equity "
            + money(breach.equity())
            + " is "
            + percent(loss)
            + " below the day's starting equity "
            + money(breach.dayStartEquity())
            + " (limit "
            + percent(limit)
            + ")",
        values(loss, limit, breach),
        snapshot(breach),
        breach.timestamp());
  }

  /** REDUCE: equity gained at least the profit-lock threshold over the day's start. */
  public static RiskAlert profitLock(BookSignal locked) {
    BigDecimal gain = fraction(locked.equity().subtract(locked.dayStartEquity()), locked);
    BigDecimal limit = locked.thresholds().profitLock();
    return RiskAlert.raised(
        ORIGIN,
        locked.portfolio(),
        null,
        RiskReason.PROFIT_LOCK,
        Severity.REDUCE,
        "equity "
            + money(locked.equity())
            + " is "
            + percent(gain)
            + " above the day's starting equity "
            + money(locked.dayStartEquity())
            + " (lock at "
            + percent(limit)
            + "): reducing only",
        values(gain, limit, locked),
        snapshot(locked),
        locked.timestamp());
  }

  /** HALT: the closes of {@code days}, in order, each below its day's start. */
  public static RiskAlert losingStreak(List<BookSignal> days) {
    BookSignal first = days.get(0);
    BookSignal last = days.get(days.size() - 1);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(MarketAlerts.OBSERVED, (double) days.size());
    values.put(MarketAlerts.LIMIT, (double) last.thresholds().losingDays());
    values.put("streakStartEquity", first.dayStartEquity().doubleValue());
    values.put("dayStartEquity", last.dayStartEquity().doubleValue());
    values.put("equity", last.equity().doubleValue());
    return RiskAlert.raised(
        ORIGIN,
        last.portfolio(),
        null,
        RiskReason.LOSING_STREAK,
        Severity.HALT,
        days.size()
            + " losing days in a row, "
            + first.date()
            + " to "
            + last.date()
            + ": equity "
            + money(first.dayStartEquity())
            + " → "
            + money(last.equity())
            + " (limit "
            + last.thresholds().losingDays()
            + ")",
        values,
        "day-" + last.date(),
        last.timestamp());
  }

  /** HALT: {@code rejects}, in order, all within {@code window}. */
  public static RiskAlert rejectBurst(List<FillSignal> rejects, Duration window) {
    FillSignal last = rejects.get(rejects.size() - 1);
    return counted(
        RiskReason.REJECT_BURST,
        rejects,
        last.thresholds().rejectBurst(),
        window,
        " broker rejects within ",
        last.executionId());
  }

  /** HALT: {@code orders} reached the broker, in order, all within {@code window}. */
  public static RiskAlert runawayOrders(List<FillSignal> orders, Duration window) {
    FillSignal last = orders.get(orders.size() - 1);
    return counted(
        RiskReason.RUNAWAY_ORDERS,
        orders,
        last.thresholds().runawayOrders(),
        window,
        " orders reached the broker within ",
        last.clientOrderId());
  }

  private static RiskAlert counted(
      RiskReason reason,
      List<FillSignal> signals,
      int limit,
      Duration window,
      String what,
      String causationId) {
    FillSignal first = signals.get(0);
    FillSignal last = signals.get(signals.size() - 1);
    long span = last.timestamp() - first.timestamp();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(MarketAlerts.OBSERVED, (double) signals.size());
    values.put(MarketAlerts.LIMIT, (double) limit);
    values.put("windowMillis", (double) window.toMillis());
    values.put("spanMillis", (double) span);
    return RiskAlert.raised(
        ORIGIN,
        last.portfolio(),
        null,
        reason,
        Severity.HALT,
        signals.size()
            + what
            + RiskParameter.duration(span)
            + " (limit "
            + limit
            + " within "
            + RiskParameter.duration(window.toMillis())
            + ")",
        values,
        causationId,
        last.timestamp());
  }

  private static Map<String, Double> values(
      BigDecimal observed, BigDecimal limit, BookSignal signal) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put(MarketAlerts.OBSERVED, observed.doubleValue());
    values.put(MarketAlerts.LIMIT, limit.doubleValue());
    values.put("dayStartEquity", signal.dayStartEquity().doubleValue());
    values.put("equity", signal.equity().doubleValue());
    return values;
  }

  /**
   * {@code amount} as a fraction of the day's starting equity; ±1 when that is zero (only a book
   * wiped out the day before starts from nothing), so an event never fails on the arithmetic.
   */
  private static BigDecimal fraction(BigDecimal amount, BookSignal signal) {
    if (signal.dayStartEquity().signum() == 0) {
      return BigDecimal.valueOf(amount.signum());
    }
    return amount.divide(signal.dayStartEquity(), MathContext.DECIMAL64);
  }

  private static String snapshot(BookSignal signal) {
    return "snapshot-" + signal.sequence();
  }

  private static String money(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }

  private static String percent(BigDecimal fraction) {
    return fraction
            .movePointRight(2)
            .setScale(2, RoundingMode.HALF_EVEN)
            .stripTrailingZeros()
            .toPlainString()
        + " %";
  }
}
