package io.tradingcore.execution;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * How the paper broker (and the backtest) fills an order: on the first bar that starts at or after
 * the decision time, with the {@link CostModel}'s fee. Never on the bar the decision was taken on,
 * so a strategy cannot trade at a price it used to decide.
 *
 * <p>A market order fills at the bar's open. A limit order fills at the open when the open is at or
 * better than its limit, else at the limit when the bar's range reaches it, else not on this bar
 * (it stays working). Other order types fill like market orders.
 */
public record PaperFillModel(CostModel costs) implements Serializable {
  public static final PaperFillModel DEFAULT = new PaperFillModel(CostModel.DEFAULT);

  /** Whether the order would fill on {@code bar}. */
  public boolean canFillOn(Order order, Bar bar) {
    return price(order, bar).isPresent();
  }

  /** The fill of {@code order} on {@code bar}, or empty when it does not fill on that bar. */
  public Optional<PaperFill> fill(Order order, Bar bar) {
    return price(order, bar)
        .map(
            price ->
                new PaperFill(
                    order.quantity(),
                    price,
                    costs.fee(order.quantity(), price),
                    bar.startMillis()));
  }

  private static Optional<BigDecimal> price(Order order, Bar bar) {
    if (!bar.symbol().equals(order.symbol()) || bar.startMillis() < order.decisionTime()) {
      return Optional.empty();
    }
    if (order.orderType() != OrderType.LIMIT || order.limitPrice() == null) {
      return Optional.of(bar.open());
    }
    BigDecimal limit = order.limitPrice();
    if (order.side() == Side.BUY) {
      if (bar.open().compareTo(limit) <= 0) {
        return Optional.of(bar.open());
      }
      return bar.low().compareTo(limit) <= 0 ? Optional.of(limit) : Optional.empty();
    }
    if (bar.open().compareTo(limit) >= 0) {
      return Optional.of(bar.open());
    }
    return bar.high().compareTo(limit) >= 0 ? Optional.of(limit) : Optional.empty();
  }

  /** One fill: quantity (positive), price, fee and the market time it happened at. */
  public record PaperFill(BigDecimal quantity, BigDecimal price, BigDecimal fee, long tsEvent) {}
}
