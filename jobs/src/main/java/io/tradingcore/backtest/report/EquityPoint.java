package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The portfolio at the end of one backtest step (one bar).
 *
 * @param timeMillis market time the step ends at (the bar's end)
 * @param equity cash plus the market value of every position, exactly
 * @param grossExposure Σ |market value| over the positions, zero when flat
 */
public record EquityPoint(long timeMillis, BigDecimal equity, BigDecimal grossExposure) {
  public EquityPoint {
    requireNonNull(equity, "equity");
    requireNonNull(grossExposure, "grossExposure");
    if (grossExposure.signum() < 0) {
      throw new IllegalArgumentException("gross exposure cannot be negative, got " + grossExposure);
    }
  }
}
