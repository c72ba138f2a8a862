package io.tradingcore.execution;

import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;

/**
 * An order that passed the risk gate, as the job emits it to {@code orders.v1}.
 *
 * @param clientOrderId deterministic from (portfolio, decision time, symbol, sequence)
 * @param sequence per-portfolio order number, from 1, stepping by one
 * @param quantity positive quantity to trade
 * @param limitPrice limit for LIMIT and STOP_LIMIT orders, else {@code null}
 * @param stopPrice trigger for STOP and STOP_LIMIT orders, else {@code null}
 * @param referencePrice the price the decision saw
 * @param decisionTime event time of the decision (end of the decision bar)
 * @param modelVersion strategy or model id and version
 */
public record Order(
    String clientOrderId,
    String portfolio,
    long sequence,
    String symbol,
    Side side,
    BigDecimal quantity,
    OrderType orderType,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    TimeInForce timeInForce,
    BigDecimal referencePrice,
    long decisionTime,
    String modelVersion,
    String reason) {

  /** An order without a stop price: what the risk gate emits (MARKET and LIMIT). */
  public Order(
      String clientOrderId,
      String portfolio,
      long sequence,
      String symbol,
      Side side,
      BigDecimal quantity,
      OrderType orderType,
      BigDecimal limitPrice,
      TimeInForce timeInForce,
      BigDecimal referencePrice,
      long decisionTime,
      String modelVersion,
      String reason) {
    this(
        clientOrderId,
        portfolio,
        sequence,
        symbol,
        side,
        quantity,
        orderType,
        limitPrice,
        null,
        timeInForce,
        referencePrice,
        decisionTime,
        modelVersion,
        reason);
  }

  /** Quantity with the sign of the side: positive buys, negative sells. */
  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }
}
