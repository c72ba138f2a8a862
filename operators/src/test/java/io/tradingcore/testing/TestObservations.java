package io.tradingcore.testing;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned observations for strategy tests: {@code observation(features("AAPL"), features("MSFT"))}
 * is a complete bar of fresh, traded symbols; {@code .with(stale(...))} adds others.
 */
public final class TestObservations {
  private final List<ObservedSymbol> symbols = new ArrayList<>();
  private long barEnd = TestBars.T0;

  private TestObservations() {}

  /** Fresh, traded symbols, in the given order; the bar end is the first one's. */
  public static TestObservations observation(TestFeatures... fresh) {
    TestObservations observation = new TestObservations();
    for (int i = 0; i < fresh.length; i++) {
      BarFeatures f = fresh[i].build();
      if (i == 0) {
        observation.barEnd = f.barEnd();
      }
      observation.symbols.add(
          new ObservedSymbol(f.symbol(), f, true, false, 0, true, f.logReturn(), 0, 0, 0, 1));
    }
    return observation;
  }

  /** A traded symbol carried forward {@code barsStale} bars, usable or not. */
  public TestObservations withStale(TestFeatures features, int barsStale, boolean usable) {
    BarFeatures f = features.build();
    symbols.add(new ObservedSymbol(f.symbol(), f, true, true, barsStale, usable, 0, 0, 0, 0, 1));
    return this;
  }

  /** A symbol the portfolio watches but does not trade (a benchmark). */
  public TestObservations withWatched(TestFeatures features) {
    BarFeatures f = features.build();
    symbols.add(
        new ObservedSymbol(f.symbol(), f, false, false, 0, true, f.logReturn(), 1, 1, 0, 0));
    return this;
  }

  public PortfolioObservation build() {
    int n = symbols.size();
    boolean complete = symbols.stream().allMatch(ObservedSymbol::fresh);
    return new PortfolioObservation(
        "main", barEnd, "SPY", complete, List.copyOf(symbols), new double[n * (n - 1) / 2]);
  }
}
