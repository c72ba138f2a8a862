package io.tradingcore.marketdata;

import java.util.Collection;

/**
 * Where {@link TickBarBuilder} keeps one symbol's state: the open bar intervals by start, the trade
 * ids seen in them, and the tick rule's reference. Flink's keyed state in the live job ({@code
 * TickAggregationFunction}), {@link InMemoryTickBarStore} in tests, benchmarks and the replayer.
 *
 * <p>Values read from a store may be copies (RocksDB): the builder writes back what it changes.
 */
public interface TickBarStore {

  /** The open interval starting at {@code startMillis}, or {@code null}. */
  OpenBar openBar(long startMillis);

  void putOpenBar(OpenBar bar);

  void removeOpenBar(long startMillis);

  /** Starts of every open interval, in any order. */
  Collection<Long> openBarStarts();

  boolean hasTradeId(String tradeId);

  void putTradeId(String tradeId, long barStartMillis);

  /** Forgets the trade ids of the interval starting at {@code barStartMillis}. */
  void removeTradeIdsOf(long barStartMillis);

  /** The tick rule's reference, or {@code null} when the symbol has none. */
  TickRuleMemory tickRule();

  void putTickRule(TickRuleMemory memory);

  void clearTickRule();
}
