package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The running totals of one symbol's bar interval that is still open: what {@link TickBarBuilder}
 * keeps per interval until the watermark passes the interval's end.
 *
 * <p>A Flink POJO (keyed state, one entry per open interval): the accessors exist for the
 * serializer and let the state evolve. Mutable on purpose: one tick costs a few decimal additions,
 * not a copy of the bar.
 */
public final class OpenBar {
  private String symbol;
  private long startMillis;
  private long tradeCount;
  private BigDecimal open;
  private long openTimeMillis;
  private BigDecimal high;
  private BigDecimal low;
  private BigDecimal close;
  private long closeTimeMillis;
  private BigDecimal volume;
  private BigDecimal notional;
  private BigDecimal buyVolume;
  private long quoteCount;
  private double imbalanceSum;

  /** For Flink's POJO serializer. */
  public OpenBar() {}

  static OpenBar start(String symbol, long startMillis) {
    OpenBar bar = new OpenBar();
    bar.symbol = symbol;
    bar.startMillis = startMillis;
    bar.volume = BigDecimal.ZERO;
    bar.notional = BigDecimal.ZERO;
    bar.buyVolume = BigDecimal.ZERO;
    return bar;
  }

  /**
   * Merges a trade. Open and close follow event time; among trades with the same time, arrival
   * order (the first one opens, the last one closes).
   *
   * @param side buyer- or seller-initiated, or {@code null} when it cannot be told
   */
  void addTrade(BigDecimal price, BigDecimal size, long eventTimeMillis, Side side) {
    if (tradeCount == 0) {
      open = price;
      openTimeMillis = eventTimeMillis;
      high = price;
      low = price;
      close = price;
      closeTimeMillis = eventTimeMillis;
    } else {
      if (price.compareTo(high) > 0) {
        high = price;
      } else if (price.compareTo(low) < 0) {
        low = price;
      }
      if (eventTimeMillis < openTimeMillis) {
        open = price;
        openTimeMillis = eventTimeMillis;
      }
      if (eventTimeMillis >= closeTimeMillis) {
        close = price;
        closeTimeMillis = eventTimeMillis;
      }
    }
    tradeCount++;
    volume = volume.add(size);
    notional = notional.add(price.multiply(size));
    if (side == Side.BUY) {
      buyVolume = buyVolume.add(size);
    }
  }

  /** Merges the imbalance (bidSize − askSize) / (bidSize + askSize) of one quote. */
  void addQuoteImbalance(double imbalance) {
    quoteCount++;
    imbalanceSum += imbalance;
  }

  /** The bar of this interval, or {@code null} when it saw no trade (quotes alone make no bar). */
  Bar toBar(long intervalMillis, String source) {
    if (tradeCount == 0) {
      return null;
    }
    return new Bar(
        symbol,
        startMillis,
        startMillis + intervalMillis,
        open,
        high,
        low,
        close,
        volume,
        notional.divide(volume, BarAggregator.VWAP_SCALE, RoundingMode.HALF_EVEN),
        tradeCount,
        source,
        buyVolume,
        quoteCount == 0 ? null : imbalanceSum / quoteCount);
  }

  public String getSymbol() {
    return symbol;
  }

  public void setSymbol(String symbol) {
    this.symbol = symbol;
  }

  public long getStartMillis() {
    return startMillis;
  }

  public void setStartMillis(long startMillis) {
    this.startMillis = startMillis;
  }

  public long getTradeCount() {
    return tradeCount;
  }

  public void setTradeCount(long tradeCount) {
    this.tradeCount = tradeCount;
  }

  public BigDecimal getOpen() {
    return open;
  }

  public void setOpen(BigDecimal open) {
    this.open = open;
  }

  public long getOpenTimeMillis() {
    return openTimeMillis;
  }

  public void setOpenTimeMillis(long openTimeMillis) {
    this.openTimeMillis = openTimeMillis;
  }

  public BigDecimal getHigh() {
    return high;
  }

  public void setHigh(BigDecimal high) {
    this.high = high;
  }

  public BigDecimal getLow() {
    return low;
  }

  public void setLow(BigDecimal low) {
    this.low = low;
  }

  public BigDecimal getClose() {
    return close;
  }

  public void setClose(BigDecimal close) {
    this.close = close;
  }

  public long getCloseTimeMillis() {
    return closeTimeMillis;
  }

  public void setCloseTimeMillis(long closeTimeMillis) {
    this.closeTimeMillis = closeTimeMillis;
  }

  public BigDecimal getVolume() {
    return volume;
  }

  public void setVolume(BigDecimal volume) {
    this.volume = volume;
  }

  public BigDecimal getNotional() {
    return notional;
  }

  public void setNotional(BigDecimal notional) {
    this.notional = notional;
  }

  public BigDecimal getBuyVolume() {
    return buyVolume;
  }

  public void setBuyVolume(BigDecimal buyVolume) {
    this.buyVolume = buyVolume;
  }

  public long getQuoteCount() {
    return quoteCount;
  }

  public void setQuoteCount(long quoteCount) {
    this.quoteCount = quoteCount;
  }

  public double getImbalanceSum() {
    return imbalanceSum;
  }

  public void setImbalanceSum(double imbalanceSum) {
    this.imbalanceSum = imbalanceSum;
  }
}
