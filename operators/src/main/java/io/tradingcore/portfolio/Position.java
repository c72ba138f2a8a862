package io.tradingcore.portfolio;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A signed holding in one symbol with its exact cost basis (quantity × average entry price).
 *
 * <p>Closing part of a position removes the closed share of the cost basis and realises the
 * difference to the fill price. The share is rounded to {@value #COST_SCALE} decimals, but whatever
 * is rounded stays in the remaining cost basis, so cash + market value − cost basis stays exactly
 * consistent however many fills are applied.
 */
public record Position(String symbol, BigDecimal quantity, BigDecimal costBasis) {
  static final int COST_SCALE = 8;

  public static Position flat(String symbol) {
    return new Position(symbol, BigDecimal.ZERO, BigDecimal.ZERO);
  }

  public boolean isFlat() {
    return quantity.signum() == 0;
  }

  /**
   * This position after a fill of {@code signedQuantity} (positive buys) at {@code price}, and the
   * P&L the fill realised (before fees).
   */
  public Change apply(BigDecimal signedQuantity, BigDecimal price) {
    if (signedQuantity.signum() == 0) {
      return new Change(this, BigDecimal.ZERO);
    }
    if (quantity.signum() == 0 || quantity.signum() == signedQuantity.signum()) {
      return new Change(
          new Position(
              symbol, quantity.add(signedQuantity), costBasis.add(signedQuantity.multiply(price))),
          BigDecimal.ZERO);
    }
    BigDecimal held = quantity.abs();
    BigDecimal closing = signedQuantity.abs().min(held);
    BigDecimal removedCost =
        closing.compareTo(held) == 0
            ? costBasis
            : costBasis.multiply(closing).divide(held, COST_SCALE, RoundingMode.HALF_EVEN);
    BigDecimal signedClosing = closing.multiply(BigDecimal.valueOf(signedQuantity.signum()));
    // Selling k of a long realises k·p − cost; buying back k of a short realises cost − k·p
    // (its cost basis is negative): both are −signedClosing·p − removedCost.
    BigDecimal realized = signedClosing.negate().multiply(price).subtract(removedCost);
    BigDecimal remainingQuantity = quantity.add(signedClosing);
    BigDecimal remainingCost = costBasis.subtract(removedCost);
    BigDecimal opening = signedQuantity.subtract(signedClosing);
    if (opening.signum() != 0) {
      // The fill flipped the position: what is left over opens the other side at the fill price.
      remainingQuantity = opening;
      remainingCost = opening.multiply(price);
    }
    return new Change(new Position(symbol, remainingQuantity, remainingCost), realized);
  }

  public BigDecimal marketValue(BigDecimal mark) {
    return quantity.multiply(mark);
  }

  public BigDecimal unrealizedPnl(BigDecimal mark) {
    return marketValue(mark).subtract(costBasis);
  }

  /** A position after a fill, with the P&L realised by that fill. */
  public record Change(Position position, BigDecimal realized) {}
}
