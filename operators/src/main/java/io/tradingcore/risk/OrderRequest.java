package io.tradingcore.risk;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;

/** An order the planner proposes, before the pre-trade check. */
public record OrderRequest(
    String symbol, Side side, BigDecimal quantity, BigDecimal referencePrice, String reason) {

  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }
}
