package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.Side;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Aggregates one symbol's ticks into bars of a fixed interval aligned to the epoch, in event time:
 * any number of intervals may be open at once, and an interval's bar is emitted when the watermark
 * reaches its end. An interval without trades produces no bar.
 *
 * <p>Per bar: OHLCV (open and close by event time, arrival order among equal times), exact VWAP
 * rounded once to {@value BarAggregator#VWAP_SCALE} decimals half-even, trade count, buy volume and
 * quote imbalance.
 *
 * <p><b>Buy volume.</b> A trade is buyer-initiated when the venue's aggressor flag says so; without
 * a flag the tick rule decides: a price above the reference trade's is a buy, below it a sell,
 * equal to it inherits the reference's classification. The reference is the newest trade by event
 * time seen so far for the symbol, across bar boundaries. A trade that arrives out of order (older
 * than the reference) is classified against the reference too, but does not replace it: one delayed
 * print must not flip the classification of the in-order trades that follow it. Trades that cannot
 * be classified (the symbol's first trade, or a zero tick after one) count as neither side, so
 * {@code buyVolume <= volume} and the remainder is sell-initiated or unknown. The reference is
 * forgotten after {@code tickRuleMemory} without trades ({@link #expireTickRule}), so a symbol that
 * goes quiet leaves no state behind.
 *
 * <p><b>Quote imbalance.</b> The mean of (bidSize − askSize) / (bidSize + askSize) over the
 * interval's quotes that carry both sizes; {@code null} when there were none.
 *
 * <p><b>Refusals.</b> Implausible ticks ({@link TickChecks}); ticks whose interval ended at or
 * before the watermark ({@code LATE}: its bar was emitted, or is being emitted, and a second bar
 * for the same interval would conflict); trades whose trade id was already seen in an open interval
 * ({@code DUPLICATE}).
 *
 * <p>Plain Java with no Flink types; the state lives in a {@link TickBarStore}, so the same logic
 * runs on Flink keyed state and on plain maps. One builder serves every symbol; one store per
 * symbol.
 */
public final class TickBarBuilder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The interval used when none is given. */
  public static final Duration DEFAULT_INTERVAL = BarAggregator.DEFAULT_INTERVAL;

  /** How long a quiet symbol keeps its tick-rule reference by default. */
  public static final Duration DEFAULT_TICK_RULE_MEMORY = Duration.ofDays(1);

  /** The {@code source} of bars built from ticks. */
  public static final String SOURCE = "ticks";

  private final long intervalMillis;
  private final long tickRuleMemoryMillis;
  private final String source;

  public TickBarBuilder() {
    this(DEFAULT_INTERVAL, DEFAULT_TICK_RULE_MEMORY, SOURCE);
  }

  /**
   * @param interval bar length: positive and a whole number of milliseconds
   * @param tickRuleMemory how long without trades a symbol's tick-rule reference is kept: positive
   * @param source producer name written into every bar
   * @throws IllegalArgumentException listing every invalid argument
   */
  public TickBarBuilder(Duration interval, Duration tickRuleMemory, String source) {
    List<String> errors = new ArrayList<>();
    if (interval == null || interval.isNegative() || interval.isZero()) {
      errors.add("interval must be positive, was " + interval);
    } else if (interval.getNano() % 1_000_000 != 0) {
      errors.add("interval must be a whole number of milliseconds, was " + interval);
    }
    if (tickRuleMemory == null || tickRuleMemory.isNegative() || tickRuleMemory.isZero()) {
      errors.add("tick-rule memory must be positive, was " + tickRuleMemory);
    }
    if (source == null || source.isBlank()) {
      errors.add("source must not be blank");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid TickBarBuilder config: " + errors);
    }
    this.intervalMillis = interval.toMillis();
    this.tickRuleMemoryMillis = tickRuleMemory.toMillis();
    this.source = source;
  }

  public Duration interval() {
    return Duration.ofMillis(intervalMillis);
  }

  /** End (exclusive) of the interval holding {@code eventTimeMillis}: the bar's event time. */
  public long barEnd(long eventTimeMillis) {
    return intervalStart(eventTimeMillis) + intervalMillis;
  }

  /**
   * Checks one tick and merges it into its interval.
   *
   * @param watermark the event time up to which bars have been (or are being) emitted
   */
  public TickOutcome onTick(Tick tick, long watermark, TickBarStore store) {
    requireNonNull(tick, "tick");
    Optional<TickChecks.Problem> problem = TickChecks.check(tick);
    if (problem.isPresent()) {
      return new TickOutcome.Refused(problem.get().reason(), problem.get().detail());
    }
    long start = intervalStart(tick.eventTimeMillis());
    long end = start + intervalMillis;
    if (end <= watermark) {
      return new TickOutcome.Refused(
          QuarantineReason.LATE,
          "tick at "
              + Instant.ofEpochMilli(tick.eventTimeMillis())
              + " belongs to the bar ending "
              + Instant.ofEpochMilli(end)
              + ", already emitted (watermark "
              + Instant.ofEpochMilli(watermark)
              + ")");
    }
    String tradeId = tick.isTrade() ? tick.tradeId() : null;
    if (tradeId != null && store.hasTradeId(tradeId)) {
      return new TickOutcome.Refused(
          QuarantineReason.DUPLICATE, "trade id " + tradeId + " was already aggregated");
    }
    OpenBar bar = store.openBar(start);
    boolean opened = bar == null;
    if (opened) {
      bar = OpenBar.start(tick.symbol(), start);
    }
    if (tick.isTrade()) {
      bar.addTrade(tick.price(), tick.size(), tick.eventTimeMillis(), classify(tick, store));
      if (tradeId != null) {
        store.putTradeId(tradeId, start);
      }
    } else if (tick.bidSize() != null && tick.askSize() != null) {
      double bidSize = tick.bidSize().doubleValue();
      double askSize = tick.askSize().doubleValue();
      bar.addQuoteImbalance((bidSize - askSize) / (bidSize + askSize));
    }
    store.putOpenBar(bar);
    return new TickOutcome.Accepted(end, opened);
  }

  /**
   * Emits, in time order, the bars of every open interval that ends at or before {@code watermark}
   * and forgets those intervals (their trade ids included). Intervals that saw only quotes are
   * dropped without a bar.
   */
  public List<Bar> emitUpTo(long watermark, TickBarStore store) {
    List<Long> due = new ArrayList<>();
    for (Long start : store.openBarStarts()) {
      if (start + intervalMillis <= watermark) {
        due.add(start);
      }
    }
    if (due.isEmpty()) {
      return List.of();
    }
    due.sort(null);
    List<Bar> bars = new ArrayList<>(due.size());
    for (Long start : due) {
      Bar bar = store.openBar(start).toBar(intervalMillis, source);
      if (bar != null) {
        bars.add(bar);
      }
      store.removeOpenBar(start);
      store.removeTradeIdsOf(start);
    }
    return bars;
  }

  /**
   * Forgets the tick-rule reference of a symbol that has no open interval and traded last more than
   * {@code tickRuleMemory} before {@code watermark}.
   *
   * @return when to ask again (the reference's expiry), or empty when there is nothing to expire or
   *     an open interval will ask again once it is emitted
   */
  public OptionalLong expireTickRule(long watermark, TickBarStore store) {
    TickRuleMemory memory = store.tickRule();
    if (memory == null || !store.openBarStarts().isEmpty()) {
      return OptionalLong.empty();
    }
    long expiry = memory.getLastTradeMillis() + tickRuleMemoryMillis;
    if (expiry <= watermark) {
      store.clearTickRule();
      return OptionalLong.empty();
    }
    return OptionalLong.of(expiry);
  }

  private Side classify(Tick trade, TickBarStore store) {
    TickRuleMemory memory = store.tickRule();
    Side side = trade.aggressor();
    if (side == null && memory != null) {
      int direction = trade.price().compareTo(memory.getLastPrice());
      side = direction > 0 ? Side.BUY : direction < 0 ? Side.SELL : memory.getLastSide();
    }
    if (memory == null) {
      store.putTickRule(new TickRuleMemory(trade.price(), trade.eventTimeMillis(), side));
    } else if (trade.eventTimeMillis() >= memory.getLastTradeMillis()) {
      memory.setLastPrice(trade.price());
      memory.setLastTradeMillis(trade.eventTimeMillis());
      memory.setLastSide(side);
      store.putTickRule(memory);
    }
    return side;
  }

  private long intervalStart(long eventTimeMillis) {
    return Math.floorDiv(eventTimeMillis, intervalMillis) * intervalMillis;
  }
}
