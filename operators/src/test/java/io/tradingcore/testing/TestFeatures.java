package io.tradingcore.testing;

import io.tradingcore.features.BarFeatures;
import java.math.BigDecimal;

/**
 * Readable features for tests: {@code features("AAPL").atMinute(3).close("100").momentum(0.01)}.
 * Features not set take plausible, warm values of a quiet market.
 */
public final class TestFeatures {
  private final String symbol;
  private long end = TestBars.T0;
  private BigDecimal close = new BigDecimal("100");
  private double logReturn;
  private double momentum;
  private double volatility = 0.1;
  private double spread = 0.001;
  private double vwapDeviation;
  private double bookImbalance;
  private double tradeIntensity;
  private double volOfVol = 0.01;
  private double skewness;
  private double kurtosis;
  private double rsi = 50.0;
  private double emaDeviation;
  private double vpin = 0.2;
  private double quoteImbalance = Double.NaN;
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

  public TestFeatures logReturn(double logReturn) {
    this.logReturn = logReturn;
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

  public TestFeatures volatility(double volatility) {
    this.volatility = volatility;
    return this;
  }

  public TestFeatures spread(double spread) {
    this.spread = spread;
    return this;
  }

  public TestFeatures vwapDeviation(double vwapDeviation) {
    this.vwapDeviation = vwapDeviation;
    return this;
  }

  public TestFeatures bookImbalance(double bookImbalance) {
    this.bookImbalance = bookImbalance;
    return this;
  }

  public TestFeatures tradeIntensity(double tradeIntensity) {
    this.tradeIntensity = tradeIntensity;
    return this;
  }

  public TestFeatures volOfVol(double volOfVol) {
    this.volOfVol = volOfVol;
    return this;
  }

  public TestFeatures skewness(double skewness) {
    this.skewness = skewness;
    return this;
  }

  public TestFeatures kurtosis(double kurtosis) {
    this.kurtosis = kurtosis;
    return this;
  }

  public TestFeatures rsi(double rsi) {
    this.rsi = rsi;
    return this;
  }

  public TestFeatures emaDeviation(double emaDeviation) {
    this.emaDeviation = emaDeviation;
    return this;
  }

  public TestFeatures vpin(double vpin) {
    this.vpin = vpin;
    return this;
  }

  public TestFeatures quoteImbalance(double quoteImbalance) {
    this.quoteImbalance = quoteImbalance;
    return this;
  }

  public TestFeatures warmingUp() {
    this.warm = false;
    return this;
  }

  public BarFeatures build() {
    return new BarFeatures(
        symbol,
        end - TestBars.ONE_MINUTE,
        end,
        close,
        logReturn,
        momentum,
        volatility,
        spread,
        vwapDeviation,
        bookImbalance,
        tradeIntensity,
        volOfVol,
        skewness,
        kurtosis,
        rsi,
        emaDeviation,
        vpin,
        quoteImbalance,
        warm);
  }
}
