package io.tradingcore.risk;

import java.math.BigDecimal;

/**
 * What a portfolio holds and may soon hold in one symbol.
 *
 * @param position signed filled quantity
 * @param workingBuys quantity of buy orders still working (not yet filled)
 * @param workingSells quantity of sell orders still working, positive
 */
public record Exposure(BigDecimal position, BigDecimal workingBuys, BigDecimal workingSells) {
  public static final Exposure FLAT =
      new Exposure(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  /** Whether any order in this symbol is still working. */
  public boolean hasWorkingOrders() {
    return workingBuys.signum() != 0 || workingSells.signum() != 0;
  }

  /**
   * The largest absolute position reachable if fills arrive in the worst order, after adding an
   * order of {@code signedQuantity}.
   */
  public BigDecimal worstCaseAfter(BigDecimal signedQuantity) {
    BigDecimal buys = workingBuys.add(signedQuantity.max(BigDecimal.ZERO));
    BigDecimal sells = workingSells.add(signedQuantity.min(BigDecimal.ZERO).negate());
    return position.add(buys).abs().max(position.subtract(sells).abs());
  }

  /** The position once every working order and {@code signedQuantity} filled. */
  public BigDecimal netAfter(BigDecimal signedQuantity) {
    return position.add(workingBuys).subtract(workingSells).add(signedQuantity);
  }
}
