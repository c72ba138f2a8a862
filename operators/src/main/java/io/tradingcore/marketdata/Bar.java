package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * One instrument's open-high-low-close-volume over the interval {@code [startMillis, endMillis)}.
 *
 * <p>The bar becomes known at {@code endMillis}, its event time. Prices and volume are exact
 * decimals; plausibility (positive prices, high above low) is the quality gate's concern, not the
 * constructor's, so that bad data can be quarantined with a reason instead of failing a job.
 *
 * @param vwap volume-weighted average price, or {@code null} when the source does not provide it
 * @param tradeCount number of trades, or {@code null} when the source does not provide it
 * @param source producer of the bar, e.g. {@code synthetic}, {@code csv}, {@code bitstamp}
 * @param buyVolume the part of {@code volume} classified as buyer-initiated by the tick rule (or
 *     the venue's aggressor flag), when the bar was built from trades; {@code null} otherwise
 * @param quoteImbalance mean of (bid size − ask size) / (bid size + ask size) over the quotes seen
 *     in the interval, in [−1, 1]; {@code null} when the source carries no quotes
 */
public record Bar(
    String symbol,
    long startMillis,
    long endMillis,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    BigDecimal volume,
    BigDecimal vwap,
    Long tradeCount,
    String source,
    BigDecimal buyVolume,
    Double quoteImbalance) {

  public Bar {
    requireNonNull(symbol, "symbol");
    requireNonNull(open, "open");
    requireNonNull(high, "high");
    requireNonNull(low, "low");
    requireNonNull(close, "close");
    requireNonNull(volume, "volume");
    requireNonNull(source, "source");
  }

  /** A bar from a source that neither classifies trades nor carries quotes. */
  public Bar(
      String symbol,
      long startMillis,
      long endMillis,
      BigDecimal open,
      BigDecimal high,
      BigDecimal low,
      BigDecimal close,
      BigDecimal volume,
      BigDecimal vwap,
      Long tradeCount,
      String source) {
    this(
        symbol,
        startMillis,
        endMillis,
        open,
        high,
        low,
        close,
        volume,
        vwap,
        tradeCount,
        source,
        null,
        null);
  }
}
