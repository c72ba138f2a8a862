package io.tradingcore.testing;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.time.Instant;

/** Readable bars for tests: {@code bar("AAPL").endingAt(T0).ohlc("10", "11", "9", "10.5")}. */
public final class TestBars {
  /** A Monday 09:31 New York (14:31 UTC): the end of the session's first minute bar. */
  public static final long T0 = Instant.parse("2024-01-08T14:31:00Z").toEpochMilli();

  public static final long ONE_MINUTE = 60_000L;

  private String symbol;
  private long end = T0;
  private BigDecimal open = new BigDecimal("100");
  private BigDecimal high = new BigDecimal("100");
  private BigDecimal low = new BigDecimal("100");
  private BigDecimal close = new BigDecimal("100");
  private BigDecimal volume = new BigDecimal("1000");
  private BigDecimal vwap;
  private Long start;
  private Long tradeCount;
  private BigDecimal buyVolume;
  private Double quoteImbalance;

  private TestBars(String symbol) {
    this.symbol = symbol;
  }

  public static TestBars bar(String symbol) {
    return new TestBars(symbol);
  }

  /** The bar ending {@code n} minutes after {@link #T0}. */
  public static long minute(int n) {
    return T0 + n * ONE_MINUTE;
  }

  public TestBars endingAt(long endMillis) {
    this.end = endMillis;
    return this;
  }

  public TestBars atMinute(int n) {
    return endingAt(minute(n));
  }

  /** All four prices the same: a flat bar at {@code price}. */
  public TestBars flatAt(String price) {
    return ohlc(price, price, price, price);
  }

  public TestBars ohlc(String open, String high, String low, String close) {
    this.open = new BigDecimal(open);
    this.high = new BigDecimal(high);
    this.low = new BigDecimal(low);
    this.close = new BigDecimal(close);
    return this;
  }

  public TestBars volume(String volume) {
    this.volume = new BigDecimal(volume);
    return this;
  }

  public TestBars vwap(String vwap) {
    this.vwap = new BigDecimal(vwap);
    return this;
  }

  /** Starts the bar at {@code startMillis} instead of one minute before its end. */
  public TestBars startingAt(long startMillis) {
    this.start = startMillis;
    return this;
  }

  public TestBars tradeCount(long tradeCount) {
    this.tradeCount = tradeCount;
    return this;
  }

  /** The tick-rule buyer-initiated part of the volume, as tick aggregation sets it. */
  public TestBars buyVolume(String buyVolume) {
    this.buyVolume = new BigDecimal(buyVolume);
    return this;
  }

  public TestBars quoteImbalance(double quoteImbalance) {
    this.quoteImbalance = quoteImbalance;
    return this;
  }

  public Bar build() {
    return new Bar(
        symbol,
        start == null ? end - ONE_MINUTE : start,
        end,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        "test",
        buyVolume,
        quoteImbalance);
  }
}
