package io.tradingcore.testing;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.BarSource;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Bars prepared in a test, replayed in list order: one slice of a longer history at a time. */
public final class ListBarSource implements BarSource {
  private final List<String> symbols;
  private final Iterator<Bar> bars;

  public ListBarSource(List<Bar> bars) {
    this.symbols = bars.stream().map(Bar::symbol).distinct().sorted().toList();
    this.bars = List.copyOf(bars).iterator();
  }

  @Override
  public List<String> symbols() {
    return symbols;
  }

  @Override
  public Optional<Bar> next() {
    return bars.hasNext() ? Optional.of(bars.next()) : Optional.empty();
  }

  @Override
  public void close() {}
}
