package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Aggregates one symbol's trades, arriving in event-time order, into bars of a fixed interval
 * aligned to the epoch (default one minute).
 *
 * <p>A bar is emitted when a trade of a later interval arrives ({@link TradeOutcome.BarClosed}) or
 * on {@link #flush()}; an interval without trades produces no bar. A trade older than the open
 * interval, or older than the end of a bar already emitted, is returned as {@link
 * TradeOutcome.Late} and not merged. Within the open interval trades may arrive out of order: open
 * and close are the prices of the earliest and latest trade by event time (by arrival among equal
 * times). VWAP is exact ({@code sum(price * size) / sum(size)}) and rounded once, to {@value
 * #VWAP_SCALE} decimals half-even, when the bar is built.
 *
 * <p>Plain Java with no Flink types, so the same core serves a keyed Flink function, the replayer
 * and the backtest. Not thread-safe: one instance per symbol.
 */
public final class BarAggregator {

  /** The interval used when none is given. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** Decimal places of the VWAP; the same scale as the {@code Bar} Avro contract. */
  public static final int VWAP_SCALE = 8;

  private final String symbol;
  private final Duration interval;
  private final long intervalMillis;
  private final String source;

  private boolean open;
  private long openStartMillis;
  private BigDecimal openPrice;
  private long openPriceTime;
  private BigDecimal high;
  private BigDecimal low;
  private BigDecimal close;
  private long closePriceTime;
  private BigDecimal volume;
  private BigDecimal notional;
  private long tradeCount;

  // Once a bar is emitted its interval is final: accepting an older trade later would publish a
  // second, conflicting bar for the same interval.
  private long earliestAcceptedMillis = Long.MIN_VALUE;

  /** A one-minute aggregator. */
  public BarAggregator(String symbol, String source) {
    this(symbol, DEFAULT_INTERVAL, source);
  }

  /**
   * @param symbol the instrument every bar is labelled with
   * @param interval bar length: positive and a whole number of milliseconds
   * @param source producer name written into every bar, e.g. {@code bitstamp}
   * @throws IllegalArgumentException listing every invalid argument
   */
  public BarAggregator(String symbol, Duration interval, String source) {
    List<String> errors = new ArrayList<>();
    if (symbol == null || symbol.isBlank()) {
      errors.add("symbol must not be blank");
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      errors.add("interval must be positive, was " + interval);
    } else if (interval.getNano() % 1_000_000 != 0) {
      errors.add("interval must be a whole number of milliseconds, was " + interval);
    }
    if (source == null || source.isBlank()) {
      errors.add("source must not be blank");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid BarAggregator config: " + errors);
    }
    this.symbol = symbol;
    this.interval = interval;
    this.intervalMillis = interval.toMillis();
    this.source = source;
  }

  public String symbol() {
    return symbol;
  }

  public Duration interval() {
    return interval;
  }

  /**
   * Adds one trade.
   *
   * @param price trade price
   * @param size traded quantity; zero is allowed (it sets prices but weighs nothing in the VWAP,
   *     and a bar whose trades all have size zero has a {@code null} VWAP)
   * @param eventTimeMillis trade time, epoch milliseconds
   * @return whether the trade was accepted, closed the previous bar, or was refused as late
   * @throws IllegalArgumentException if {@code size} is negative, which would corrupt volume
   */
  public TradeOutcome onTrade(BigDecimal price, BigDecimal size, long eventTimeMillis) {
    requireNonNull(price, "price");
    requireNonNull(size, "size");
    if (size.signum() < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
    if (eventTimeMillis < earliestAcceptedMillis) {
      return new TradeOutcome.Late(eventTimeMillis, earliestAcceptedMillis);
    }
    long start = intervalStart(eventTimeMillis);
    if (open && start == openStartMillis) {
      merge(price, size, eventTimeMillis);
      return TradeOutcome.Accepted.INSTANCE;
    }
    Optional<Bar> closed = flush();
    openInterval(start, price, size, eventTimeMillis);
    return closed
        .<TradeOutcome>map(TradeOutcome.BarClosed::new)
        .orElse(TradeOutcome.Accepted.INSTANCE);
  }

  /**
   * Emits the open interval's bar, if any, at the end of input (or when the caller knows by other
   * means, e.g. a watermark, that the interval is over). Trades older than its end are late from
   * now on.
   */
  public Optional<Bar> flush() {
    if (!open) {
      return Optional.empty();
    }
    long end = openStartMillis + intervalMillis;
    BigDecimal vwap =
        volume.signum() == 0 ? null : notional.divide(volume, VWAP_SCALE, RoundingMode.HALF_EVEN);
    Bar bar =
        new Bar(
            symbol,
            openStartMillis,
            end,
            openPrice,
            high,
            low,
            close,
            volume,
            vwap,
            tradeCount,
            source);
    open = false;
    earliestAcceptedMillis = end;
    return Optional.of(bar);
  }

  private long intervalStart(long eventTimeMillis) {
    return Math.floorDiv(eventTimeMillis, intervalMillis) * intervalMillis;
  }

  private void openInterval(long start, BigDecimal price, BigDecimal size, long eventTimeMillis) {
    open = true;
    openStartMillis = start;
    earliestAcceptedMillis = start;
    openPrice = price;
    openPriceTime = eventTimeMillis;
    high = price;
    low = price;
    close = price;
    closePriceTime = eventTimeMillis;
    volume = size;
    notional = price.multiply(size);
    tradeCount = 1;
  }

  private void merge(BigDecimal price, BigDecimal size, long eventTimeMillis) {
    if (price.compareTo(high) > 0) {
      high = price;
    }
    if (price.compareTo(low) < 0) {
      low = price;
    }
    // Feeds reorder trades slightly within an interval: open and close follow event time, and
    // arrival order only among trades with the same timestamp.
    if (eventTimeMillis < openPriceTime) {
      openPrice = price;
      openPriceTime = eventTimeMillis;
    }
    if (eventTimeMillis >= closePriceTime) {
      close = price;
      closePriceTime = eventTimeMillis;
    }
    volume = volume.add(size);
    notional = notional.add(price.multiply(size));
    tradeCount++;
  }
}
