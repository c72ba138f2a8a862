package io.tradingcore.strategy;

import java.math.BigDecimal;

/**
 * The position a strategy wants to hold in one symbol after a decision.
 *
 * @param decisionTime event time of the decision: the end of the bar it was taken on
 * @param quantity signed target quantity (negative is short)
 * @param referencePrice the price the decision saw (the bar's close)
 * @param strategyId strategy and version, e.g. {@code momentum@1}
 * @param reason the signal behind the target, for people
 */
public record TargetPosition(
    String portfolio,
    String symbol,
    long decisionTime,
    BigDecimal quantity,
    BigDecimal referencePrice,
    String strategyId,
    String reason) {}
