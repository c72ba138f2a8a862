package io.tradingcore.marketdata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A {@link TickBarStore} for one symbol in plain maps: tests, benchmarks, the replayer. */
public final class InMemoryTickBarStore implements TickBarStore {
  private final Map<Long, OpenBar> open = new HashMap<>();
  private final Map<String, Long> tradeIds = new HashMap<>();
  private TickRuleMemory tickRule;

  @Override
  public OpenBar openBar(long startMillis) {
    return open.get(startMillis);
  }

  @Override
  public void putOpenBar(OpenBar bar) {
    open.put(bar.getStartMillis(), bar);
  }

  @Override
  public void removeOpenBar(long startMillis) {
    open.remove(startMillis);
  }

  @Override
  public Collection<Long> openBarStarts() {
    return new ArrayList<>(open.keySet());
  }

  @Override
  public boolean hasTradeId(String tradeId) {
    return tradeIds.containsKey(tradeId);
  }

  @Override
  public void putTradeId(String tradeId, long barStartMillis) {
    tradeIds.put(tradeId, barStartMillis);
  }

  @Override
  public void removeTradeIdsOf(long barStartMillis) {
    tradeIds.values().removeIf(start -> start == barStartMillis);
  }

  @Override
  public TickRuleMemory tickRule() {
    return tickRule;
  }

  @Override
  public void putTickRule(TickRuleMemory memory) {
    tickRule = memory;
  }

  @Override
  public void clearTickRule() {
    tickRule = null;
  }

  /** Whether nothing is kept: no open interval, no trade id, no tick-rule reference. */
  public boolean isEmpty() {
    return open.isEmpty() && tradeIds.isEmpty() && tickRule == null;
  }
}
