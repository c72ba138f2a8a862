package io.tradingcore.backtest.report;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bars of several symbols aligned into steps by bar end: the price input of the baselines. A symbol
 * without a bar at some step keeps its last close there and cannot trade at that step.
 */
public final class PriceSeries {
  private final List<String> symbols;
  private final long[] startMillis;
  private final long[] endMillis;
  private final BigDecimal[][] open;
  private final BigDecimal[][] close;

  private PriceSeries(
      List<String> symbols,
      long[] startMillis,
      long[] endMillis,
      BigDecimal[][] open,
      BigDecimal[][] close) {
    this.symbols = symbols;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.open = open;
    this.close = close;
  }

  /**
   * The steps of {@code bars} (any order): one per distinct bar end.
   *
   * @throws IllegalArgumentException without bars, for two bars of one symbol with the same end,
   *     for a non-positive price, or when a symbol has no bar at the first step
   */
  public static PriceSeries of(List<Bar> bars) {
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("a price series needs at least one bar");
    }
    SortedSet<String> names = new TreeSet<>();
    Map<Long, Map<String, Bar>> byEnd = new TreeMap<>();
    for (Bar bar : bars) {
      if (bar.open().signum() <= 0 || bar.close().signum() <= 0) {
        throw new IllegalArgumentException(
            "bar of " + bar.symbol() + " ending " + bar.endMillis() + " has a non-positive price");
      }
      names.add(bar.symbol());
      Bar earlier =
          byEnd.computeIfAbsent(bar.endMillis(), t -> new TreeMap<>()).put(bar.symbol(), bar);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "two bars of " + bar.symbol() + " end at " + bar.endMillis());
      }
    }
    List<String> symbols = List.copyOf(names);
    int n = byEnd.size();
    long[] start = new long[n];
    long[] end = new long[n];
    BigDecimal[][] open = new BigDecimal[n][symbols.size()];
    BigDecimal[][] close = new BigDecimal[n][symbols.size()];
    int i = 0;
    for (Map.Entry<Long, Map<String, Bar>> step : byEnd.entrySet()) {
      end[i] = step.getKey();
      start[i] = Long.MAX_VALUE;
      for (int s = 0; s < symbols.size(); s++) {
        Bar bar = step.getValue().get(symbols.get(s));
        if (bar != null) {
          open[i][s] = bar.open();
          close[i][s] = bar.close();
          start[i] = Math.min(start[i], bar.startMillis());
        } else if (i == 0) {
          throw new IllegalArgumentException(
              symbols.get(s) + " has no bar at the first step (bars ending " + end[0] + ")");
        }
      }
      i++;
    }
    return new PriceSeries(symbols, start, end, open, close);
  }

  public List<String> symbols() {
    return symbols;
  }

  public int size() {
    return endMillis.length;
  }

  public long startMillis(int step) {
    return startMillis[step];
  }

  public long endMillis(int step) {
    return endMillis[step];
  }

  /** The symbol's open at the step, or {@code null} when it has no bar there. */
  public BigDecimal open(int step, int symbol) {
    return open[step][symbol];
  }

  /** The symbol's close at the step, or {@code null} when it has no bar there. */
  public BigDecimal close(int step, int symbol) {
    return close[step][symbol];
  }

  /** Whether every symbol has a bar at the step. */
  public boolean complete(int step) {
    for (BigDecimal price : open[step]) {
      if (price == null) {
        return false;
      }
    }
    return true;
  }
}
