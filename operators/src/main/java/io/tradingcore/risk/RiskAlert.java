package io.tradingcore.risk;

import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.TradingState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A risk event bound for {@code risk.events.v1}: an order denial, a breaker, a state change.
 *
 * @param symbol the instrument concerned, or {@code null} for the whole portfolio
 * @param causationId what caused it, e.g. the id the denied order would have had
 * @param tradingState the portfolio's state after the event when the risk gate raised it, else
 *     {@code null}
 */
public record RiskAlert(
    String eventId,
    String portfolio,
    String symbol,
    RiskReason reason,
    Severity severity,
    String cause,
    Map<String, Double> values,
    String causationId,
    long tsEvent,
    TradingState tradingState) {

  public RiskAlert {
    values = Map.copyOf(values);
  }

  /**
   * An event with an id derived from where it was raised and what it is about, so a replay raises
   * the same ids.
   *
   * @param origin the raising component, e.g. {@code gate}, {@code breaker}, {@code policy}
   */
  public static RiskAlert raised(
      String origin,
      String portfolio,
      String symbol,
      RiskReason reason,
      Severity severity,
      String cause,
      Map<String, Double> values,
      String causationId,
      long tsEvent) {
    String name =
        origin + "|" + portfolio + "|" + symbol + "|" + reason + "|" + causationId + "|" + tsEvent;
    return new RiskAlert(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
        portfolio,
        symbol,
        reason,
        severity,
        cause,
        values,
        causationId,
        tsEvent,
        null);
  }

  /** A denial of one order, with an id derived from what it denies (replays give the same id). */
  public static RiskAlert denial(
      String portfolio, String symbol, Denial denial, String causationId, long tsEvent) {
    return raised(
        "risk",
        portfolio,
        symbol,
        denial.reason(),
        Severity.DENY,
        denial.explanation(),
        denial.values(),
        causationId,
        tsEvent);
  }

  /** This event for another portfolio (a market breaker fanned out), with its own id. */
  public RiskAlert forPortfolio(String other) {
    return raised(
            "fan-out|" + eventId,
            other,
            symbol,
            reason,
            severity,
            cause,
            values,
            causationId,
            tsEvent)
        .withTradingState(tradingState);
  }

  public RiskAlert withTradingState(TradingState state) {
    return new RiskAlert(
        eventId, portfolio, symbol, reason, severity, cause, values, causationId, tsEvent, state);
  }
}
