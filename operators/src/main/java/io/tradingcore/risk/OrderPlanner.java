package io.tradingcore.risk;

import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Turns a target position into the order that moves towards it.
 *
 * <p>The target is first capped at the position limit, and the order at the per-order quantity and
 * notional limits, so a strategy asking for too much trades up to the limits instead of being
 * refused outright. While an order in the symbol is still working nothing new is sent: the next bar
 * re-plans from what actually filled.
 */
public final class OrderPlanner {
  private OrderPlanner() {}

  public static Optional<OrderRequest> plan(
      TargetPosition target, Exposure exposure, RiskLimits limits, LotSizes lots) {
    if (exposure.hasWorkingOrders()) {
      return Optional.empty();
    }
    String symbol = target.symbol();
    BigDecimal maxPosition = limits.maxPositionQuantity();
    BigDecimal capped = target.quantity().min(maxPosition).max(maxPosition.negate());
    capped = lots.roundDown(symbol, capped);
    BigDecimal delta = capped.subtract(exposure.position());
    BigDecimal quantity = lots.roundDown(symbol, delta.abs().min(limits.maxOrderQuantity()));
    BigDecimal price = target.referencePrice();
    if (price.signum() > 0) {
      BigDecimal byNotional = limits.maxOrderNotional().divide(price, 8, RoundingMode.DOWN);
      quantity = lots.roundDown(symbol, quantity.min(byNotional));
    }
    if (quantity.signum() == 0) {
      return Optional.empty();
    }
    Side side = delta.signum() > 0 ? Side.BUY : Side.SELL;
    String reason =
        target.reason()
            + (capped.compareTo(target.quantity()) != 0
                ? " (target "
                    + target.quantity().toPlainString()
                    + " capped at "
                    + capped.toPlainString()
                    + ")"
                : "");
    return Optional.of(new OrderRequest(symbol, side, quantity, price, reason));
  }
}
