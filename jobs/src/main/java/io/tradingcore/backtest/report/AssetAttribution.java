package io.tradingcore.backtest.report;

import java.math.BigDecimal;

/**
 * What one symbol contributed to a run, exactly: {@code netPnl = realizedPnl + unrealizedPnl −
 * fees}.
 *
 * @param endQuantity signed quantity held at the end
 * @param unrealizedPnl market value at the final mark minus the cost basis of what is still held
 * @param tradedNotional Σ |quantity × price| over the symbol's fills
 * @param closedRoundTrips round trips of the symbol closed by the end
 */
public record AssetAttribution(
    String symbol,
    BigDecimal endQuantity,
    BigDecimal realizedPnl,
    BigDecimal unrealizedPnl,
    BigDecimal fees,
    BigDecimal tradedNotional,
    int fills,
    int closedRoundTrips) {

  public BigDecimal netPnl() {
    return realizedPnl.add(unrealizedPnl).subtract(fees);
  }
}
