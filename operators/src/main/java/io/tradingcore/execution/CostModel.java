package io.tradingcore.execution;

import io.tradingcore.money.Decimals;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Transaction cost of a fill, from the design documents: a base cost plus market impact that grows
 * with the trade's notional up to a cap.
 *
 * <p>cost rate (bp) = base + impact × min(notional / impactScale, 1); fee = notional × rate /
 * 10,000, rounded half-up to cents. Defaults: 1.0 bp base, 0.5 bp impact at $100,000.
 */
public record CostModel(BigDecimal baseBps, BigDecimal impactBps, BigDecimal impactScale)
    implements Serializable {
  public static final CostModel DEFAULT =
      new CostModel(new BigDecimal("1.0"), new BigDecimal("0.5"), new BigDecimal("100000"));

  private static final BigDecimal BPS = new BigDecimal("10000");

  public CostModel {
    if (baseBps.signum() < 0 || impactBps.signum() < 0 || impactScale.signum() <= 0) {
      throw new IllegalArgumentException(
          "cost model needs base and impact >= 0 bp and a positive impact scale, got "
              + baseBps
              + ", "
              + impactBps
              + ", "
              + impactScale);
    }
  }

  /** Cost rate in basis points for a trade of {@code notional} (absolute value). */
  public BigDecimal rateBps(BigDecimal notional) {
    BigDecimal share = notional.abs().divide(impactScale, MathContext.DECIMAL64);
    if (share.compareTo(BigDecimal.ONE) > 0) {
      share = BigDecimal.ONE;
    }
    return baseBps.add(impactBps.multiply(share));
  }

  /** Fee charged for trading {@code quantity} at {@code price}, in cents, never negative. */
  public BigDecimal fee(BigDecimal quantity, BigDecimal price) {
    BigDecimal notional = quantity.multiply(price).abs();
    return notional
        .multiply(rateBps(notional))
        .divide(BPS, MathContext.DECIMAL128)
        .setScale(Decimals.CASH_SCALE, RoundingMode.HALF_UP);
  }
}
