package io.tradingcore.risk.breakers;

/**
 * What the order-watching breakers see: a broker reject or an order reaching the broker, with the
 * thresholds in force when its report arrived.
 *
 * @param timestamp the report's event time (epoch millis)
 * @param thresholds the portfolio's breaker thresholds when the report arrived
 */
public record FillSignal(
    Kind kind,
    String portfolio,
    long timestamp,
    String clientOrderId,
    String executionId,
    BreakerThresholds thresholds) {

  public enum Kind {
    /** A report with status REJECTED. */
    REJECT,
    /** The first ACCEPTED or REJECTED report of a client order id: the order reached the broker. */
    ORDER
  }
}
