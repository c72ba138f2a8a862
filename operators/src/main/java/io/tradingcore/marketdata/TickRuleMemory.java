package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;

/**
 * The tick rule's reference for one symbol: the newest trade by event time and how it was
 * classified. It outlives bars (the first trade of a bar is compared with the last of the bar
 * before) and is dropped after a quiet period ({@link TickBarBuilder#expireTickRule}).
 *
 * <p>A Flink POJO (keyed state); the accessors exist for the serializer.
 */
public final class TickRuleMemory {
  private BigDecimal lastPrice;
  private long lastTradeMillis;
  private Side lastSide;

  /** For Flink's POJO serializer. */
  public TickRuleMemory() {}

  TickRuleMemory(BigDecimal lastPrice, long lastTradeMillis, Side lastSide) {
    this.lastPrice = lastPrice;
    this.lastTradeMillis = lastTradeMillis;
    this.lastSide = lastSide;
  }

  public BigDecimal getLastPrice() {
    return lastPrice;
  }

  public void setLastPrice(BigDecimal lastPrice) {
    this.lastPrice = lastPrice;
  }

  public long getLastTradeMillis() {
    return lastTradeMillis;
  }

  public void setLastTradeMillis(long lastTradeMillis) {
    this.lastTradeMillis = lastTradeMillis;
  }

  /** BUY or SELL, or {@code null} while no trade could be classified yet. */
  public Side getLastSide() {
    return lastSide;
  }

  public void setLastSide(Side lastSide) {
    this.lastSide = lastSide;
  }
}
