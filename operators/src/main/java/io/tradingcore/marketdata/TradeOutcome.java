package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@link BarAggregator#onTrade} did with one trade: merged it, merged it after closing the
 * previous interval's bar, or refused it as late.
 *
 * <p>A late trade is never merged into a bar silently: the caller decides where it goes (a side
 * output, the quarantine topic, a counter).
 */
public sealed interface TradeOutcome
    permits TradeOutcome.Accepted, TradeOutcome.BarClosed, TradeOutcome.Late {

  /** The bar this trade closed, if it opened a later interval while an earlier one was open. */
  default Optional<Bar> closedBar() {
    return this instanceof BarClosed closed ? Optional.of(closed.bar()) : Optional.empty();
  }

  /** Whether the trade was refused because its interval was already closed. */
  default boolean isLate() {
    return this instanceof Late;
  }

  /** The trade went into the open interval (possibly opening it); no bar is complete yet. */
  record Accepted() implements TradeOutcome {
    static final Accepted INSTANCE = new Accepted();
  }

  /**
   * The trade belongs to a later interval: {@code bar} is the completed previous interval, and the
   * trade now sits in the newly opened one.
   */
  record BarClosed(Bar bar) implements TradeOutcome {
    public BarClosed {
      requireNonNull(bar, "bar");
    }
  }

  /**
   * The trade is older than the earliest instant the aggregator still accepts and was not merged.
   *
   * @param eventTimeMillis the trade's event time
   * @param earliestAcceptedMillis start of the open interval, or end of the last emitted bar
   */
  record Late(long eventTimeMillis, long earliestAcceptedMillis) implements TradeOutcome {}
}
