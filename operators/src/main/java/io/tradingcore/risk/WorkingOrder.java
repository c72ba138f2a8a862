package io.tradingcore.risk;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;

/** An order the gate let through that the broker has not finished with. */
public record WorkingOrder(String clientOrderId, String symbol, Side side, BigDecimal remaining) {}
