package io.tradingcore.testing;

import io.tradingcore.features.BarFeatures;
import java.math.BigDecimal;

/**
 * Readable features for tests: {@code features("AAPL").atMinute(3).close("100").momentum(0.01)}.
 */
public final class TestFeatures {
  private final String symbol;
  private long end = TestBars.T0;
  private BigDecimal close = new BigDecimal("100");
  private double momentum;
  private double logReturn;
  private double spread = 0.001;
  private boolean warm = true;

  private TestFeatures(String symbol) {
    this.symbol = symbol;
  }

  public static TestFeatures features(String symbol) {
    return new TestFeatures(symbol);
  }

  public TestFeatures atMinute(int n) {
    this.end = TestBars.minute(n);
    return this;
  }

  public TestFeatures close(String close) {
    this.close = new BigDecimal(close);
    return this;
  }

  public TestFeatures momentum(double momentum) {
    this.momentum = momentum;
    return this;
  }

  /** The bar ending at {@code endMillis}. */
  public TestFeatures endingAt(long endMillis) {
    this.end = endMillis;
    return this;
  }

  public TestFeatures logReturn(double logReturn) {
    this.logReturn = logReturn;
    return this;
  }

  public TestFeatures spread(double spread) {
    this.spread = spread;
    return this;
  }

  public TestFeatures warmingUp() {
    this.warm = false;
    return this;
  }

  public BarFeatures build() {
    return new BarFeatures(
        symbol, end - TestBars.ONE_MINUTE, end, close, logReturn, momentum, 0.1, spread, 0.0, warm);
  }
}
