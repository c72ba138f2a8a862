package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.execution.Order;
import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v2/orders}, checked before it is sent: the prices each order type needs
 * are there and the others are not, so a malformed order is refused here with a reason instead of
 * by Alpaca. Decimals go out as strings, as Alpaca documents them, so no digit is lost to a double.
 */
public record AlpacaOrderRequest(
    String clientOrderId,
    String symbol,
    Side side,
    BigDecimal qty,
    OrderType type,
    TimeInForce timeInForce,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    BigDecimal trailPrice,
    BigDecimal trailPercent,
    BigDecimal takeProfitPrice,
    BigDecimal stopLossPrice) {

  /** Alpaca's longest client order id. */
  public static final int MAX_CLIENT_ORDER_ID = 48;

  public AlpacaOrderRequest {
    List<String> errors = new ArrayList<>();
    if (clientOrderId == null
        || clientOrderId.isBlank()
        || clientOrderId.length() > MAX_CLIENT_ORDER_ID) {
      errors.add("the client order id must be 1 to " + MAX_CLIENT_ORDER_ID + " characters");
    }
    if (symbol == null || symbol.isBlank()) {
      errors.add("the symbol is missing");
    }
    if (side == null) {
      errors.add("the side is missing");
    }
    if (qty == null || qty.signum() <= 0) {
      errors.add("the quantity must be positive, got " + plain(qty));
    }
    if (type == null || type == OrderType.UNKNOWN) {
      errors.add("the order type " + type + " has no Alpaca equivalent");
    } else {
      boolean needsLimit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
      boolean needsStop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
      price(errors, type, "limit price", limitPrice, needsLimit);
      price(errors, type, "stop price", stopPrice, needsStop);
      boolean trailing = type == OrderType.TRAILING_STOP;
      if (trailing && (trailPrice == null) == (trailPercent == null)) {
        errors.add("a TRAILING_STOP order needs exactly one of trail price and trail percent");
      }
      if (!trailing && (trailPrice != null || trailPercent != null)) {
        errors.add("a " + type + " order takes no trail");
      }
      positiveOrNull(errors, "trail price", trailPrice);
      positiveOrNull(errors, "trail percent", trailPercent);
    }
    positiveOrNull(errors, "take-profit price", takeProfitPrice);
    positiveOrNull(errors, "stop-loss price", stopLossPrice);
    if ((takeProfitPrice != null || stopLossPrice != null)
        && timeInForce != TimeInForce.DAY
        && timeInForce != TimeInForce.GTC) {
      errors.add("Alpaca takes take-profit and stop-loss exits on DAY or GTC orders only");
    }
    if (timeInForce == null || timeInForce == TimeInForce.UNKNOWN) {
      errors.add("the time in force " + timeInForce + " has no Alpaca equivalent");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "order " + clientOrderId + " cannot be sent to Alpaca: " + String.join("; ", errors));
    }
  }

  /**
   * The request for a bridge order: its trail for a TRAILING_STOP, its exits as a bracket (take
   * profit and stop loss) or a one-triggers-other order (one of them).
   *
   * @throws IllegalArgumentException saying everything that is wrong with the order
   */
  public static AlpacaOrderRequest of(Order order) {
    return new AlpacaOrderRequest(
        order.clientOrderId(),
        order.symbol(),
        order.side(),
        order.quantity(),
        order.orderType(),
        order.timeInForce(),
        order.limitPrice(),
        order.stopPrice(),
        order.trailPrice(),
        order.trailPercent(),
        order.takeProfitPrice(),
        order.stopLossPrice());
  }

  /** Alpaca's {@code order_class}: {@code bracket} with both exits, {@code oto} with one. */
  public String orderClass() {
    if (takeProfitPrice != null && stopLossPrice != null) {
      return "bracket";
    }
    return takeProfitPrice != null || stopLossPrice != null ? "oto" : "simple";
  }

  /** Alpaca's {@code type}. */
  public static String alpacaType(OrderType type) {
    return switch (type) {
      case MARKET -> "market";
      case LIMIT -> "limit";
      case STOP -> "stop";
      case STOP_LIMIT -> "stop_limit";
      case TRAILING_STOP -> "trailing_stop";
      case UNKNOWN -> throw new IllegalArgumentException("order type UNKNOWN has no Alpaca type");
    };
  }

  /** Alpaca's {@code time_in_force}. */
  public static String alpacaTimeInForce(TimeInForce timeInForce) {
    return switch (timeInForce) {
      case DAY -> "day";
      case GTC -> "gtc";
      case IOC -> "ioc";
      case FOK -> "fok";
      case OPG -> "opg";
      case CLS -> "cls";
      case UNKNOWN ->
          throw new IllegalArgumentException("time in force UNKNOWN has no Alpaca value");
    };
  }

  /** The JSON body. */
  public String toJson() {
    ObjectNode body = AlpacaHttp.JSON.createObjectNode();
    body.put("symbol", symbol);
    body.put("qty", plain(qty));
    body.put("side", side == Side.BUY ? "buy" : "sell");
    body.put("type", alpacaType(type));
    body.put("time_in_force", alpacaTimeInForce(timeInForce));
    putIfPresent(body, "limit_price", limitPrice);
    putIfPresent(body, "stop_price", stopPrice);
    putIfPresent(body, "trail_price", trailPrice);
    putIfPresent(body, "trail_percent", trailPercent);
    if (takeProfitPrice != null || stopLossPrice != null) {
      body.put("order_class", orderClass());
      if (takeProfitPrice != null) {
        body.putObject("take_profit").put("limit_price", plain(takeProfitPrice));
      }
      if (stopLossPrice != null) {
        body.putObject("stop_loss").put("stop_price", plain(stopLossPrice));
      }
    }
    body.put("client_order_id", clientOrderId);
    return body.toString();
  }

  static void putIfPresent(ObjectNode body, String field, BigDecimal value) {
    if (value != null) {
      body.put(field, plain(value));
    }
  }

  static String plain(BigDecimal value) {
    return value == null ? null : Decimals.normalize(value).toPlainString();
  }

  private static void price(
      List<String> errors, OrderType type, String name, BigDecimal value, boolean needed) {
    if (needed && value == null) {
      errors.add("a " + type + " order needs a " + name);
    } else if (!needed && value != null) {
      errors.add("a " + type + " order takes no " + name + ", got " + plain(value));
    } else {
      positiveOrNull(errors, name, value);
    }
  }

  private static void positiveOrNull(List<String> errors, String name, BigDecimal value) {
    if (value != null && value.signum() <= 0) {
      errors.add("the " + name + " must be positive, got " + plain(value));
    }
  }
}
