package io.tradingcore.risk.breakers;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a market breaker raises a {@link RiskAlert}: from {@value #ORIGIN}, for every portfolio
 * ({@link OperatorCommand#ALL_PORTFOLIOS}; the job fans it out to the portfolios that trade the
 * symbol), with an id derived from the symbol, the reason, the bar that caused it and the event
 * time, so a replay raises the same ids.
 *
 * <p>Every alert's values hold {@link #OBSERVED} and {@link #LIMIT}; a PAUSE also holds {@link
 * #UNTIL}, the event time (epoch millis) at which the gate lifts it: {@code tsEvent} + {@code
 * pause_for} as in force when the signal was annotated.
 */
public final class MarketAlerts {
  public static final String ORIGIN = "breaker";
  public static final String OBSERVED = "observed";
  public static final String LIMIT = "limit";
  public static final String UNTIL = "until";

  private MarketAlerts() {}

  /** A PAUSE of {@code symbol} until {@code tsEvent + pauseForMillis}. */
  static RiskAlert pause(
      String symbol,
      RiskReason reason,
      String cause,
      Map<String, Double> values,
      String causationId,
      long tsEvent,
      long pauseForMillis) {
    Map<String, Double> all = new LinkedHashMap<>(values);
    all.put(UNTIL, (double) (tsEvent + pauseForMillis));
    return RiskAlert.raised(
        ORIGIN,
        OperatorCommand.ALL_PORTFOLIOS,
        symbol,
        reason,
        Severity.PAUSE,
        cause,
        all,
        causationId,
        tsEvent);
  }

  /** A report that changes nothing. */
  static RiskAlert info(
      String symbol,
      RiskReason reason,
      String cause,
      Map<String, Double> values,
      String causationId,
      long tsEvent) {
    return RiskAlert.raised(
        ORIGIN,
        OperatorCommand.ALL_PORTFOLIOS,
        symbol,
        reason,
        Severity.INFO,
        cause,
        values,
        causationId,
        tsEvent);
  }

  /** The causation id of what a bar of {@code symbol} ending at {@code endMillis} caused. */
  static String barId(String symbol, long endMillis) {
    return symbol + "@" + endMillis;
  }
}
