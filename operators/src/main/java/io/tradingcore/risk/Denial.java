package io.tradingcore.risk;

import io.tradingcore.schemas.avro.RiskReason;
import java.util.Map;

/** Why the gate refused an order: a stable reason code, an explanation and the numbers. */
public record Denial(RiskReason reason, String explanation, Map<String, Double> values) {}
