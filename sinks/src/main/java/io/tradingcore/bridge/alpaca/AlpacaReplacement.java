package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;

/**
 * The body of {@code PATCH /v2/orders/{id}}: what changes on a working order. Alpaca replaces the
 * order by a new one; {@code clientOrderId} is the new order's id and is required, so a retried
 * replace can be looked up instead of being sent twice. Fields left {@code null} keep their value.
 */
public record AlpacaReplacement(
    String clientOrderId,
    BigDecimal qty,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    BigDecimal trail,
    TimeInForce timeInForce) {

  public AlpacaReplacement {
    if (clientOrderId == null
        || clientOrderId.isBlank()
        || clientOrderId.length() > AlpacaOrderRequest.MAX_CLIENT_ORDER_ID) {
      throw new IllegalArgumentException(
          "a replacement needs a new client order id of 1 to "
              + AlpacaOrderRequest.MAX_CLIENT_ORDER_ID
              + " characters, got '"
              + clientOrderId
              + "'");
    }
    if (qty == null
        && limitPrice == null
        && stopPrice == null
        && trail == null
        && timeInForce == null) {
      throw new IllegalArgumentException(
          "replacement "
              + clientOrderId
              + " changes nothing: give a quantity, price, trail or time in force");
    }
    if (qty != null && qty.signum() <= 0) {
      throw new IllegalArgumentException(
          "replacement " + clientOrderId + ": the quantity must be positive, got " + qty);
    }
  }

  /** A new limit price, nothing else changed. */
  public static AlpacaReplacement limitPrice(String clientOrderId, BigDecimal limitPrice) {
    return new AlpacaReplacement(clientOrderId, null, limitPrice, null, null, null);
  }

  public String toJson() {
    ObjectNode body = AlpacaHttp.JSON.createObjectNode();
    if (qty != null) {
      body.put("qty", AlpacaOrderRequest.plain(qty));
    }
    if (timeInForce != null) {
      body.put("time_in_force", AlpacaOrderRequest.alpacaTimeInForce(timeInForce));
    }
    AlpacaOrderRequest.putIfPresent(body, "limit_price", limitPrice);
    AlpacaOrderRequest.putIfPresent(body, "stop_price", stopPrice);
    AlpacaOrderRequest.putIfPresent(body, "trail", trail);
    body.put("client_order_id", clientOrderId);
    return body.toString();
  }
}
