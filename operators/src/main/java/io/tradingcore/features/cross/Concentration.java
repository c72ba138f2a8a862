package io.tradingcore.features.cross;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;

/**
 * Concentration of a book: max |position value| / Σ |position value|, 0 when flat; 1 is all in one
 * symbol, 1/N an equal split.
 *
 * <p>It needs positions, which the aligned observation does not have: the function that aligns bars
 * is keyed on market data only, and joining the position book's snapshots there would make each
 * observation depend on which of two inputs arrived first, so a replay would not be deterministic.
 * It is computed where positions are known: a strategy applies it to the targets in force priced at
 * the observation's closes ({@code strategy.Targets#concentration}), and a risk check can apply it
 * to the book.
 */
public final class Concentration {
  private Concentration() {}

  /** Max share of gross value; exact on the decimals, then rounded to a double. */
  public static double maxWeight(Collection<BigDecimal> positionValues) {
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal largest = BigDecimal.ZERO;
    for (BigDecimal value : positionValues) {
      BigDecimal abs = value.abs();
      gross = gross.add(abs);
      largest = largest.max(abs);
    }
    if (gross.signum() == 0) {
      return 0.0;
    }
    return largest.divide(gross, MathContext.DECIMAL64).doubleValue();
  }
}
