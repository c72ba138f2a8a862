package io.tradingcore.portfolio;

import java.math.BigDecimal;

/**
 * One instrument's position as a broker holds it, from {@code positions.broker.v1}.
 *
 * @param quantity signed: positive long, negative short
 * @param fillReports fill reports for the portfolio and symbol the bridge published in its current
 *     run, up to and including the statement's transaction
 * @param lastFillReport execution id of the last of those reports; {@code null} when there is none
 */
public record BrokerPosition(
    String symbol, BigDecimal quantity, long fillReports, String lastFillReport) {}
