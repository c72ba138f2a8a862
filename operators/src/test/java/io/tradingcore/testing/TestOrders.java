package io.tradingcore.testing;

import io.tradingcore.execution.Order;
import io.tradingcore.schemas.avro.TimeInForce;

/** Variations of a test order: the same order with another time in force or decision time. */
public final class TestOrders {
  private TestOrders() {}

  public static Order withTimeInForce(Order o, TimeInForce timeInForce) {
    return rebuilt(o, timeInForce, o.decisionTime());
  }

  public static Order withDecisionTime(Order o, long decisionTime) {
    return rebuilt(o, o.timeInForce(), decisionTime);
  }

  private static Order rebuilt(Order o, TimeInForce timeInForce, long decisionTime) {
    return new Order(
        o.clientOrderId(),
        o.portfolio(),
        o.sequence(),
        o.symbol(),
        o.side(),
        o.quantity(),
        o.orderType(),
        o.limitPrice(),
        o.stopPrice(),
        timeInForce,
        o.referencePrice(),
        decisionTime,
        o.modelVersion(),
        o.reason(),
        o.action(),
        o.targetClientOrderId(),
        o.trailPrice(),
        o.trailPercent(),
        o.takeProfitPrice(),
        o.stopLossPrice());
  }
}
