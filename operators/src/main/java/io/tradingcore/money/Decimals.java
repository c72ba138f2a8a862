package io.tradingcore.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact-decimal conventions shared by every component.
 *
 * <p>Prices, quantities and money are {@link BigDecimal}s, never accumulated as doubles. The wire
 * format carries them at scale {@value #WIRE_SCALE}; inside the job they keep whatever exact scale
 * the arithmetic produced.
 */
public final class Decimals {
  /** Scale of every decimal field in the Avro contracts. */
  public static final int WIRE_SCALE = 8;

  /** Precision of price and quantity fields in the Avro contracts. */
  public static final int WIRE_PRECISION = 24;

  /** Scale money amounts charged by the paper broker are rounded to (cents). */
  public static final int CASH_SCALE = 2;

  private Decimals() {}

  /**
   * Whether {@code value} fits a price or quantity field of the wire exactly: at most {@value
   * #WIRE_SCALE} decimals and {@value #WIRE_PRECISION} digits in all.
   */
  public static boolean fitsWire(BigDecimal value) {
    BigDecimal normalized = normalize(value);
    return normalized.scale() <= WIRE_SCALE
        && normalized.precision() - normalized.scale() <= WIRE_PRECISION - WIRE_SCALE;
  }

  /** The same number without trailing zeros and never with a negative scale ({@code 1E+2}). */
  public static BigDecimal normalize(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * {@code value} at the wire scale, refusing to round: a price or quantity with more than {@value
   * #WIRE_SCALE} decimals is a broken invariant upstream, not something to hide.
   *
   * @throws ArithmeticException when {@code value} has more decimals than the wire carries
   */
  public static BigDecimal toWireExact(BigDecimal value) {
    try {
      return value.setScale(WIRE_SCALE, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(
          value.toPlainString() + " has more than " + WIRE_SCALE + " decimals");
    }
  }

  /**
   * {@code value} rounded half-even to the wire scale, for derived reporting figures (equity, P&L)
   * that may carry more decimals than the wire holds.
   */
  public static BigDecimal toWireRounded(BigDecimal value) {
    return value.setScale(WIRE_SCALE, RoundingMode.HALF_EVEN);
  }
}
