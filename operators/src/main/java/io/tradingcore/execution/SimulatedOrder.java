package io.tradingcore.execution;

import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One working order inside the paper fill model: what has filled so far (quantity, notional, fees)
 * and the state a stop or trailing stop carries between bars. The {@link PaperFillModel} moves it
 * from bar to bar; the paper broker and the backtest each keep one per working order.
 *
 * <p>A Flink POJO (no-argument constructor, a getter and setter per field) so the backtest can keep
 * working orders in keyed state without a Kryo fallback; the setters are for Flink's serializer,
 * the fill model moves an order through its own methods.
 */
public final class SimulatedOrder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  private Order order;
  private BigDecimal filledQuantity = BigDecimal.ZERO;
  private BigDecimal filledNotional = BigDecimal.ZERO;
  private BigDecimal fees = BigDecimal.ZERO;
  private boolean triggered;
  private boolean sawFirstBar;

  /** Trailing stops: the best price since acceptance (highest for a sell, lowest for a buy). */
  private BigDecimal bestPrice;

  public SimulatedOrder(Order order) {
    this.order = order;
    this.bestPrice = order.referencePrice();
  }

  /** For Flink's POJO serializer. */
  public SimulatedOrder() {}

  public Order order() {
    return order;
  }

  public BigDecimal filledQuantity() {
    return filledQuantity;
  }

  public BigDecimal leavesQuantity() {
    return order.quantity().subtract(filledQuantity);
  }

  public BigDecimal fees() {
    return fees;
  }

  /**
   * Quantity-weighted average price of the fills so far, rounded half-even to the wire's 8
   * decimals; {@code null} before the first fill.
   */
  public BigDecimal averagePrice() {
    if (filledQuantity.signum() == 0) {
      return null;
    }
    return Decimals.normalize(
        filledNotional.divide(filledQuantity, Decimals.WIRE_SCALE, RoundingMode.HALF_EVEN));
  }

  /** Whether a stop (plain, limit or trailing) has been triggered. */
  public boolean isTriggered() {
    return triggered;
  }

  /**
   * Where a trailing stop stands now: the best price since acceptance less the trail for a sell,
   * plus the trail for a buy, rounded half-up to 8 decimals.
   */
  public BigDecimal trailingStop() {
    if (order.orderType() != OrderType.TRAILING_STOP) {
      throw new IllegalStateException(order.clientOrderId() + " is not a trailing stop");
    }
    BigDecimal trail =
        order.trailPrice() != null
            ? order.trailPrice()
            : bestPrice.multiply(order.trailPercent()).divide(HUNDRED);
    BigDecimal stop = order.side() == Side.SELL ? bestPrice.subtract(trail) : bestPrice.add(trail);
    return stop.scale() > Decimals.WIRE_SCALE
        ? stop.setScale(Decimals.WIRE_SCALE, RoundingMode.HALF_UP)
        : stop;
  }

  BigDecimal bestPrice() {
    return bestPrice;
  }

  void ratchet(BigDecimal high, BigDecimal low) {
    if (order.side() == Side.SELL && high.compareTo(bestPrice) > 0) {
      bestPrice = high;
    } else if (order.side() == Side.BUY && low.compareTo(bestPrice) < 0) {
      bestPrice = low;
    }
  }

  void trigger() {
    triggered = true;
  }

  /** Whether this is the first bar the order may fill on (what IOC and FOK are decided on). */
  boolean firstBar() {
    boolean first = !sawFirstBar;
    sawFirstBar = true;
    return first;
  }

  void record(PaperFillModel.PaperFill fill) {
    filledQuantity = filledQuantity.add(fill.quantity());
    filledNotional = filledNotional.add(fill.quantity().multiply(fill.price()));
    fees = fees.add(fill.fee());
  }

  // --- Flink POJO accessors: state restore only -----------------------------------------------

  public Order getOrder() {
    return order;
  }

  public void setOrder(Order order) {
    this.order = order;
  }

  public BigDecimal getFilledQuantity() {
    return filledQuantity;
  }

  public void setFilledQuantity(BigDecimal filledQuantity) {
    this.filledQuantity = filledQuantity;
  }

  public BigDecimal getFilledNotional() {
    return filledNotional;
  }

  public void setFilledNotional(BigDecimal filledNotional) {
    this.filledNotional = filledNotional;
  }

  public BigDecimal getFees() {
    return fees;
  }

  public void setFees(BigDecimal fees) {
    this.fees = fees;
  }

  public boolean getTriggered() {
    return triggered;
  }

  public void setTriggered(boolean triggered) {
    this.triggered = triggered;
  }

  public boolean getSawFirstBar() {
    return sawFirstBar;
  }

  public void setSawFirstBar(boolean sawFirstBar) {
    this.sawFirstBar = sawFirstBar;
  }

  public BigDecimal getBestPrice() {
    return bestPrice;
  }

  public void setBestPrice(BigDecimal bestPrice) {
    this.bestPrice = bestPrice;
  }
}
