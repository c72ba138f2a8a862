package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The fields of Alpaca's order object the adapter uses.
 *
 * @param id Alpaca's order id
 * @param qty ordered quantity; {@code null} for a notional order
 * @param filledQty quantity filled so far
 * @param filledAvgPrice average price of the fills so far; {@code null} before the first
 * @param status Alpaca's status, e.g. {@code partially_filled}
 * @param updatedAt when Alpaca last changed the order, if it says
 * @param replacedBy the id of the order that replaced this one, if any
 */
public record AlpacaOrder(
    String id,
    String clientOrderId,
    String symbol,
    Side side,
    String type,
    String timeInForce,
    BigDecimal qty,
    BigDecimal filledQty,
    BigDecimal filledAvgPrice,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    String status,
    Instant updatedAt,
    String replacedBy) {

  static AlpacaOrder fromJson(JsonNode node) {
    if (node == null || !node.isObject() || !node.hasNonNull("id")) {
      throw new AlpacaException("Alpaca sent an order without an id: " + node, 0);
    }
    return new AlpacaOrder(
        node.get("id").asText(),
        text(node, "client_order_id"),
        text(node, "symbol"),
        "sell".equals(text(node, "side")) ? Side.SELL : Side.BUY,
        node.hasNonNull("type") ? text(node, "type") : text(node, "order_type"),
        text(node, "time_in_force"),
        decimal(node, "qty"),
        decimal(node, "filled_qty") == null ? BigDecimal.ZERO : decimal(node, "filled_qty"),
        decimal(node, "filled_avg_price"),
        decimal(node, "limit_price"),
        decimal(node, "stop_price"),
        text(node, "status"),
        instant(node, "updated_at"),
        text(node, "replaced_by"));
  }

  /** The state the bridge reports for this order. */
  public ExecutionStatus executionStatus() {
    return AlpacaStatuses.toExecutionStatus(status, filledQty);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new AlpacaException(
          "Alpaca sent " + field + " '" + value + "', which is not a decimal number", 0);
    }
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
