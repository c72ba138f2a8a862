package io.tradingcore.replay;

import io.tradingcore.marketdata.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helper: everything a source yields, in order (the caller closes the source). */
final class BarSources {
  private BarSources() {}

  static List<Bar> drain(BarSource source) {
    List<Bar> bars = new ArrayList<>();
    Optional<Bar> next;
    while ((next = source.next()).isPresent()) {
      bars.add(next.get());
    }
    return bars;
  }
}
