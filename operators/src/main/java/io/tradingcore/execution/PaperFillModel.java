package io.tradingcore.execution;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the paper broker and the backtest fill orders, bar by bar: one deterministic rule set with no
 * clock, no I/O and no broker, so the same input bars give the same fills byte for byte.
 *
 * <ul>
 *   <li>Never on the decision bar: a bar may fill an order only when it starts at or after the
 *       order's decision time.
 *   <li>Participation cap: a bar fills at most {@code participation × volume} of the remaining
 *       quantity, rounded down to the order quantity's decimals (whole shares for a whole-share
 *       order); the rest stays working. A zero-volume bar fills nothing.
 *   <li>Prices: MARKET at the open. LIMIT at the open when it is at or better than the limit, else
 *       at the limit when the bar's range reaches it. STOP triggers when the bar trades through the
 *       stop: at the open when the bar gaps through it, else at the stop; once triggered it fills
 *       like a market order. STOP_LIMIT triggers the same way, then fills as a limit order from the
 *       trigger price. TRAILING_STOP is a stop at the best price since acceptance (starting at the
 *       order's reference price) less (sell) or plus (buy) the trail; a bar is first checked
 *       against the stop as it stood before the bar, then ratchets the stop with its high (sell) or
 *       low (buy), because the bar's path is unknown.
 *   <li>Fee: the {@link CostModel} on each fill's own notional.
 *   <li>Time in force: DAY expires at the session close of its trading day (the session the
 *       decision falls in, or the next one); on a round-the-clock symbol at the next midnight UTC.
 *       GTC never expires. IOC fills what its first bar allows and expires the rest. FOK fills the
 *       whole quantity on its first bar or nothing. OPG and CLS are refused.
 * </ul>
 */
public record PaperFillModel(CostModel costs, BigDecimal participation, MarketSessions sessions)
    implements Serializable {

  /** Share of a bar's volume one order may take: 10 %. */
  public static final BigDecimal DEFAULT_PARTICIPATION = new BigDecimal("0.10");

  /** Symbols the default model trades round the clock (crypto), all others on the NYSE session. */
  public static final List<String> ROUND_THE_CLOCK_SYMBOLS = List.of("BTCUSD", "ETHUSD");

  public static final PaperFillModel DEFAULT =
      new PaperFillModel(
          CostModel.DEFAULT,
          DEFAULT_PARTICIPATION,
          MarketSessions.usEquitiesWithRoundTheClock(ROUND_THE_CLOCK_SYMBOLS));

  private static final BigDecimal HUNDRED = new BigDecimal("100");

  public PaperFillModel {
    if (costs == null || sessions == null) {
      throw new IllegalArgumentException("a fill model needs a cost model and market sessions");
    }
    if (participation == null
        || participation.signum() <= 0
        || participation.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("participation must be in (0, 1], got " + participation);
    }
  }

  /** The default model with another participation cap. */
  public static PaperFillModel withParticipation(BigDecimal participation) {
    return new PaperFillModel(DEFAULT.costs(), participation, DEFAULT.sessions());
  }

  /**
   * Why the model cannot work {@code order}, everything at once; empty when it can.
   *
   * @return a text for the REJECTED report
   */
  public Optional<String> refusal(Order order) {
    List<String> errors = new ArrayList<>();
    if (order.quantity() == null || order.quantity().signum() <= 0) {
      errors.add("quantity must be positive, got " + order.quantity());
    }
    TimeInForce tif = order.timeInForce();
    if (tif != TimeInForce.DAY
        && tif != TimeInForce.GTC
        && tif != TimeInForce.IOC
        && tif != TimeInForce.FOK) {
      errors.add(
          "time in force "
              + tif
              + " is not supported by the paper fill model (DAY, GTC, IOC, FOK are)");
    }
    OrderType type = order.orderType();
    boolean needsLimit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
    boolean needsStop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
    if (type == null || type == OrderType.UNKNOWN) {
      errors.add("order type " + type + " is not supported");
    }
    if (needsLimit && !positive(order.limitPrice())) {
      errors.add("a " + type + " order needs a positive limit price");
    }
    if (needsStop && !positive(order.stopPrice())) {
      errors.add("a " + type + " order needs a positive stop price");
    }
    if (type == OrderType.TRAILING_STOP) {
      boolean byPrice = positive(order.trailPrice());
      boolean byPercent =
          positive(order.trailPercent()) && order.trailPercent().compareTo(HUNDRED) < 0;
      if (byPrice == byPercent) {
        errors.add(
            "a TRAILING_STOP order needs exactly one of a positive trail price and a trail percent"
                + " between 0 and 100");
      }
    }
    if (order.hasExits()) {
      if (tif != TimeInForce.DAY && tif != TimeInForce.GTC) {
        errors.add("take-profit and stop-loss exits need a DAY or GTC entry, got " + tif);
      }
      BigDecimal tp = order.takeProfitPrice();
      BigDecimal sl = order.stopLossPrice();
      if ((tp != null && !positive(tp)) || (sl != null && !positive(sl))) {
        errors.add("take-profit and stop-loss prices must be positive");
      } else if (tp != null && sl != null) {
        int expected = order.side() == Side.BUY ? 1 : -1;
        if (tp.compareTo(sl) != expected) {
          errors.add(
              "a "
                  + order.side()
                  + " entry's take-profit must be "
                  + (expected > 0 ? "above" : "below")
                  + " its stop-loss, got "
                  + tp.toPlainString()
                  + " and "
                  + sl.toPlainString());
        }
      }
    }
    return errors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", errors));
  }

  /**
   * Market time at which a DAY order stops working: the close of the session the decision falls in
   * (or of the next session when it falls outside one); for a round-the-clock symbol the next
   * midnight UTC. {@link Long#MAX_VALUE} for every other time in force.
   */
  public long expiry(Order order) {
    if (order.timeInForce() != TimeInForce.DAY) {
      return Long.MAX_VALUE;
    }
    long t = order.decisionTime();
    TradingCalendar calendar = sessions.of(order.symbol());
    if (calendar instanceof UsEquityCalendar nyse) {
      LocalDate date = Instant.ofEpochMilli(t).atZone(UsEquityCalendar.ZONE).toLocalDate();
      if (!nyse.isTradingDay(date) || nyse.sessionClose(date).toEpochMilli() <= t) {
        date = nyse.nextTradingDay(date);
      }
      return nyse.sessionClose(date).toEpochMilli();
    }
    LocalDate day = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /**
   * One trade as the smallest bar the model works orders on: open, high, low and close at the
   * trade's price, its size as the volume (so the participation cap applies to the trade), from the
   * trade's time to a millisecond after. Orders then fill on the next trade at or after their
   * decision, never before it.
   *
   * @throws IllegalArgumentException for a quote, or a trade without a price or size
   */
  public static Bar tradeAsBar(Tick trade) {
    if (!trade.isTrade() || trade.price() == null || trade.size() == null) {
      throw new IllegalArgumentException("only a trade with price and size fills orders: " + trade);
    }
    return new Bar(
        trade.symbol(),
        trade.eventTimeMillis(),
        trade.eventTimeMillis() + 1,
        trade.price(),
        trade.price(),
        trade.price(),
        trade.price(),
        trade.size(),
        trade.price(),
        1L,
        trade.venue() == null ? "trade" : trade.venue());
  }

  /**
   * Works {@code order} on {@code bar}: updates its fills and stop state and says what happened. A
   * bar of another symbol, or one that starts before the decision time, changes nothing.
   */
  public Outcome onBar(SimulatedOrder order, Bar bar) {
    Order o = order.order();
    if (!bar.symbol().equals(o.symbol())
        || bar.startMillis() < o.decisionTime()
        || order.leavesQuantity().signum() <= 0) {
      return Outcome.NOTHING;
    }
    long expiry = expiry(o);
    if (bar.startMillis() >= expiry) {
      return new Outcome(
          null, "DAY order expired at the session close " + Instant.ofEpochMilli(expiry));
    }
    boolean first = order.firstBar();
    Optional<BigDecimal> price = price(order, bar);
    BigDecimal capacity = capacity(order, bar);
    BigDecimal quantity = order.leavesQuantity().min(capacity);
    TimeInForce tif = o.timeInForce();
    if (tif == TimeInForce.FOK && first) {
      if (price.isEmpty() || capacity.compareTo(order.leavesQuantity()) < 0) {
        return new Outcome(
            null,
            "FOK order could not fill "
                + order.leavesQuantity().toPlainString()
                + " on its first bar (room "
                + capacity.toPlainString()
                + (price.isEmpty() ? ", price not reached)" : ")"));
      }
    }
    PaperFill fill = null;
    if (price.isPresent() && quantity.signum() > 0) {
      fill =
          new PaperFill(quantity, price.get(), costs.fee(quantity, price.get()), bar.startMillis());
      order.record(fill);
    }
    if (tif == TimeInForce.IOC && first && order.leavesQuantity().signum() > 0) {
      return new Outcome(
          fill,
          "IOC order: "
              + order.leavesQuantity().toPlainString()
              + " not filled on its first bar expired");
    }
    return fill == null ? Outcome.NOTHING : new Outcome(fill, null);
  }

  /**
   * The exits of a bracket entry that has stopped working with {@code entry.filledQuantity() > 0}:
   * a take-profit LIMIT and/or a stop-loss STOP on the other side for the filled quantity, working
   * from the end of {@code fillBar} (never on the bar the entry filled on), with the entry's time
   * in force. Ids are {@link ClientOrderIds#exit}; the two are one-cancels-other.
   */
  public List<Order> exits(SimulatedOrder entry, Bar fillBar) {
    Order o = entry.order();
    if (!o.hasExits() || entry.filledQuantity().signum() <= 0) {
      return List.of();
    }
    Side side = o.side() == Side.BUY ? Side.SELL : Side.BUY;
    List<Order> exits = new ArrayList<>();
    if (o.takeProfitPrice() != null) {
      exits.add(
          exit(entry, side, "take-profit", OrderType.LIMIT, o.takeProfitPrice(), null, fillBar));
    }
    if (o.stopLossPrice() != null) {
      exits.add(exit(entry, side, "stop-loss", OrderType.STOP, null, o.stopLossPrice(), fillBar));
    }
    return exits;
  }

  private static Order exit(
      SimulatedOrder entry,
      Side side,
      String leg,
      OrderType type,
      BigDecimal limit,
      BigDecimal stop,
      Bar fillBar) {
    Order o = entry.order();
    return new Order(
        ClientOrderIds.exit(o.clientOrderId(), leg),
        o.portfolio(),
        o.sequence(),
        o.symbol(),
        side,
        entry.filledQuantity(),
        type,
        limit,
        stop,
        o.timeInForce(),
        entry.averagePrice(),
        fillBar.endMillis(),
        o.modelVersion(),
        leg + " exit of " + o.clientOrderId());
  }

  /** Share of the bar's volume the order may take, in the order quantity's decimals. */
  private BigDecimal capacity(SimulatedOrder order, Bar bar) {
    int scale = Math.max(order.order().quantity().scale(), 0);
    BigDecimal room = bar.volume().multiply(participation).setScale(scale, RoundingMode.DOWN);
    return room.signum() > 0 ? room : BigDecimal.ZERO;
  }

  private static Optional<BigDecimal> price(SimulatedOrder order, Bar bar) {
    Order o = order.order();
    OrderType type = o.orderType();
    if (type == OrderType.LIMIT) {
      return limit(o.side(), o.limitPrice(), bar.open(), bar);
    }
    if (type != OrderType.STOP && type != OrderType.STOP_LIMIT && type != OrderType.TRAILING_STOP) {
      return Optional.of(bar.open());
    }
    BigDecimal from = bar.open();
    if (!order.isTriggered()) {
      BigDecimal stop = type == OrderType.TRAILING_STOP ? order.trailingStop() : o.stopPrice();
      Optional<BigDecimal> touched = touch(o.side(), stop, bar);
      if (touched.isEmpty()) {
        order.ratchet(bar.high(), bar.low());
        return Optional.empty();
      }
      order.trigger();
      from = touched.get();
    }
    return type == OrderType.STOP_LIMIT
        ? limit(o.side(), o.limitPrice(), from, bar)
        : Optional.of(from);
  }

  /** A buy stop triggers when the bar trades at or above it, a sell stop at or below. */
  private static Optional<BigDecimal> touch(Side side, BigDecimal stop, Bar bar) {
    if (side == Side.BUY) {
      if (bar.open().compareTo(stop) >= 0) {
        return Optional.of(bar.open());
      }
      return bar.high().compareTo(stop) >= 0 ? Optional.of(stop) : Optional.empty();
    }
    if (bar.open().compareTo(stop) <= 0) {
      return Optional.of(bar.open());
    }
    return bar.low().compareTo(stop) <= 0 ? Optional.of(stop) : Optional.empty();
  }

  /** A limit order reached from {@code from}: at it when at or better, else at the limit. */
  private static Optional<BigDecimal> limit(Side side, BigDecimal limit, BigDecimal from, Bar bar) {
    if (side == Side.BUY) {
      if (from.compareTo(limit) <= 0) {
        return Optional.of(from);
      }
      return bar.low().compareTo(limit) <= 0 ? Optional.of(limit) : Optional.empty();
    }
    if (from.compareTo(limit) >= 0) {
      return Optional.of(from);
    }
    return bar.high().compareTo(limit) >= 0 ? Optional.of(limit) : Optional.empty();
  }

  private static boolean positive(BigDecimal value) {
    return value != null && value.signum() > 0;
  }

  /** One fill: quantity (positive), price, fee and the market time it happened at. */
  public record PaperFill(BigDecimal quantity, BigDecimal price, BigDecimal fee, long tsEvent)
      implements Serializable {}

  /**
   * What one bar did to an order: a fill or none, and, when the rest of the order stopped working
   * by its time in force, why ({@code expired}); both can happen on one bar (IOC).
   */
  public record Outcome(PaperFill fill, String expired) implements Serializable {
    public static final Outcome NOTHING = new Outcome(null, null);

    public boolean isExpired() {
      return expired != null;
    }
  }
}
