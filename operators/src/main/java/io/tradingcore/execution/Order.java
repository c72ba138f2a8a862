package io.tradingcore.execution;

import io.tradingcore.schemas.avro.OrderAction;
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
 * @param action NEW places this order; CANCEL cancels {@code targetClientOrderId}; REPLACE replaces
 *     {@code targetClientOrderId} by this order (under this order's own client order id)
 * @param targetClientOrderId the order a CANCEL or REPLACE acts on, else {@code null}
 * @param trailPrice TRAILING_STOP: the stop's distance from the best price, in price units
 * @param trailPercent TRAILING_STOP: the stop's distance from the best price, in percent
 * @param takeProfitPrice bracket exit: a LIMIT on the other side once this entry has filled
 * @param stopLossPrice bracket exit: a STOP on the other side once this entry has filled
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
    String reason,
    OrderAction action,
    String targetClientOrderId,
    BigDecimal trailPrice,
    BigDecimal trailPercent,
    BigDecimal takeProfitPrice,
    BigDecimal stopLossPrice) {

  /**
   * A missing action is NEW (records written before actions existed). UNKNOWN stays UNKNOWN: an
   * action added after this code was built must not be mistaken for a new order.
   */
  public Order {
    if (action == null) {
      action = OrderAction.NEW;
    }
  }

  /** A NEW order with no trail and no bracket: what the risk gate emits. */
  public Order(
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
    this(
        clientOrderId,
        portfolio,
        sequence,
        symbol,
        side,
        quantity,
        orderType,
        limitPrice,
        stopPrice,
        timeInForce,
        referencePrice,
        decisionTime,
        modelVersion,
        reason,
        OrderAction.NEW,
        null,
        null,
        null,
        null,
        null);
  }

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

  /**
   * This order as a trailing stop {@code trailPrice} (or {@code trailPercent}) from the best price.
   */
  public Order withTrail(BigDecimal trailPrice, BigDecimal trailPercent) {
    return copy(
        OrderType.TRAILING_STOP,
        action,
        targetClientOrderId,
        trailPrice,
        trailPercent,
        takeProfitPrice,
        stopLossPrice);
  }

  /** This order as the entry of a bracket: exits at {@code takeProfit} and {@code stopLoss}. */
  public Order withExits(BigDecimal takeProfit, BigDecimal stopLoss) {
    return copy(
        orderType, action, targetClientOrderId, trailPrice, trailPercent, takeProfit, stopLoss);
  }

  /** This order as a {@code action} (CANCEL or REPLACE) of {@code target}. */
  public Order acting(OrderAction action, String target) {
    return copy(
        orderType, action, target, trailPrice, trailPercent, takeProfitPrice, stopLossPrice);
  }

  private Order copy(
      OrderType type,
      OrderAction newAction,
      String target,
      BigDecimal trailBy,
      BigDecimal trailPct,
      BigDecimal takeProfit,
      BigDecimal stopLoss) {
    return new Order(
        clientOrderId,
        portfolio,
        sequence,
        symbol,
        side,
        quantity,
        type,
        limitPrice,
        stopPrice,
        timeInForce,
        referencePrice,
        decisionTime,
        modelVersion,
        reason,
        newAction,
        target,
        trailBy,
        trailPct,
        takeProfit,
        stopLoss);
  }

  /** Whether the order carries bracket exits to place once it has filled. */
  public boolean hasExits() {
    return takeProfitPrice != null || stopLossPrice != null;
  }

  /** Quantity with the sign of the side: positive buys, negative sells. */
  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }
}
