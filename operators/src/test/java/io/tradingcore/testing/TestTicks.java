package io.tradingcore.testing;

import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TickKind;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Readable ticks for tests: {@code trade("AAPL").at(T0 + 15 * SECOND).price("101.5").size("5")},
 * {@code quote("AAPL").at(T0).bid("99.9", "300").ask("100.1", "100")}.
 */
public final class TestTicks {
  /** 14:30:00 UTC, the start of a one-minute bar. */
  public static final long T0 = Instant.parse("2024-03-01T14:30:00Z").toEpochMilli();

  public static final long SECOND = 1_000L;
  public static final long MINUTE = 60 * SECOND;

  private final String symbol;
  private final TickKind kind;
  private long eventTime = T0;
  private BigDecimal price = new BigDecimal("100");
  private BigDecimal size = BigDecimal.ONE;
  private BigDecimal bid;
  private BigDecimal ask;
  private BigDecimal bidSize;
  private BigDecimal askSize;
  private Side aggressor;
  private String tradeId;

  private TestTicks(String symbol, TickKind kind) {
    this.symbol = symbol;
    this.kind = kind;
  }

  public static TestTicks trade(String symbol) {
    return new TestTicks(symbol, TickKind.TRADE);
  }

  /** A quote without prices or sizes: set them with {@link #bid} and {@link #ask}. */
  public static TestTicks quote(String symbol) {
    TestTicks quote = new TestTicks(symbol, TickKind.QUOTE);
    quote.price = null;
    quote.size = null;
    return quote;
  }

  public TestTicks at(long eventTimeMillis) {
    this.eventTime = eventTimeMillis;
    return this;
  }

  public TestTicks price(String price) {
    this.price = price == null ? null : new BigDecimal(price);
    return this;
  }

  public TestTicks size(String size) {
    this.size = size == null ? null : new BigDecimal(size);
    return this;
  }

  public TestTicks bid(String price, String size) {
    this.bid = new BigDecimal(price);
    this.bidSize = size == null ? null : new BigDecimal(size);
    return this;
  }

  public TestTicks ask(String price, String size) {
    this.ask = new BigDecimal(price);
    this.askSize = size == null ? null : new BigDecimal(size);
    return this;
  }

  public TestTicks aggressor(Side side) {
    this.aggressor = side;
    return this;
  }

  public TestTicks tradeId(String tradeId) {
    this.tradeId = tradeId;
    return this;
  }

  public Tick build() {
    return new Tick(
        symbol, kind, eventTime, price, size, bid, ask, bidSize, askSize, aggressor, "TEST",
        tradeId);
  }
}
