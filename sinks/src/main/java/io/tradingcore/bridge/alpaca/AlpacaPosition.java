package io.tradingcore.bridge.alpaca;

import java.math.BigDecimal;

/**
 * One position of an Alpaca account, for reconciling the job's book with the broker's.
 *
 * @param qty signed: negative for a short position
 * @param avgEntryPrice average price the position was built at
 * @param marketValue Alpaca's current value of the position, if it sent one
 */
public record AlpacaPosition(
    String symbol, BigDecimal qty, BigDecimal avgEntryPrice, BigDecimal marketValue) {}
