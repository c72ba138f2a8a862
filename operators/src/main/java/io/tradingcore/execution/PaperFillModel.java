package io.tradingcore.execution;

import io.tradingcore.marketdata.Bar;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * How the paper broker (and the backtest) fills an order: on the first bar that starts at or after
 * the decision time, at that bar's open, with the {@link CostModel}'s fee. Never on the bar the
 * decision was taken on, so a strategy cannot trade at a price it used to decide.
 */
public record PaperFillModel(CostModel costs) implements Serializable {
  public static final PaperFillModel DEFAULT = new PaperFillModel(CostModel.DEFAULT);

  /** Whether {@code bar} is one the order may fill on. */
  public boolean canFillOn(Order order, Bar bar) {
    return bar.symbol().equals(order.symbol()) && bar.startMillis() >= order.decisionTime();
  }

  /** The fill of {@code order} on {@code bar}, or empty when the bar comes too early. */
  public Optional<PaperFill> fill(Order order, Bar bar) {
    if (!canFillOn(order, bar)) {
      return Optional.empty();
    }
    BigDecimal price = bar.open();
    return Optional.of(
        new PaperFill(
            order.quantity(), price, costs.fee(order.quantity(), price), bar.startMillis()));
  }

  /** One fill: quantity (positive), price, fee and the market time it happened at. */
  public record PaperFill(BigDecimal quantity, BigDecimal price, BigDecimal fee, long tsEvent) {}
}
