package io.tradingcore.risk;

import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A risk event bound for {@code risk.events.v1}: an order denial, a breaker, a state change.
 *
 * @param symbol the instrument concerned, or {@code null} for the whole portfolio
 * @param causationId what caused it, e.g. the id the denied order would have had
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
    long tsEvent) {

  /** A denial of one order, with an id derived from what it denies (replays give the same id). */
  public static RiskAlert denial(
      String portfolio, String symbol, Denial denial, String causationId, long tsEvent) {
    String name = "risk|" + portfolio + "|" + denial.reason() + "|" + causationId + "|" + tsEvent;
    return new RiskAlert(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
        portfolio,
        symbol,
        denial.reason(),
        Severity.DENY,
        denial.explanation(),
        denial.values(),
        causationId,
        tsEvent);
  }
}
