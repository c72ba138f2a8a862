package io.tradingcore.backtest.report;

import java.math.BigDecimal;

/**
 * A position in one symbol from flat back to flat (or to a flip to the other side).
 *
 * @param isLong whether the trip held a long position
 * @param realizedPnl P&L the closing fills realised against the cost basis, before fees
 * @param fees fees of the trip's fills; a fill that flips the position shares its fee between the
 *     trip it closes and the one it opens in proportion to quantity
 */
public record RoundTrip(
    String symbol,
    boolean isLong,
    long openedMillis,
    long closedMillis,
    BigDecimal realizedPnl,
    BigDecimal fees) {

  /** Realised P&L after fees: what decides a win or a loss. */
  public BigDecimal netPnl() {
    return realizedPnl.subtract(fees);
  }
}
