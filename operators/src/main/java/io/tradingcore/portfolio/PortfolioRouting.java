package io.tradingcore.portfolio;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which portfolios trade each symbol: market data for a symbol fans out to all of them. */
public record PortfolioRouting(Map<String, List<String>> portfoliosBySymbol)
    implements Serializable {

  public static PortfolioRouting of(List<PortfolioSpec> portfolios) {
    Map<String, List<String>> bySymbol = new TreeMap<>();
    for (PortfolioSpec spec : portfolios) {
      for (String symbol : spec.symbols()) {
        bySymbol.computeIfAbsent(symbol, s -> new java.util.ArrayList<>()).add(spec.name());
      }
    }
    bySymbol.replaceAll((symbol, names) -> List.copyOf(names));
    return new PortfolioRouting(Map.copyOf(bySymbol));
  }

  /**
   * This routing, plus {@code symbol} to every portfolio: for a benchmark that portfolios align
   * without trading it (positions still follow {@link #of} only).
   */
  public PortfolioRouting including(String symbol) {
    Set<String> all = new TreeSet<>();
    portfoliosBySymbol.values().forEach(all::addAll);
    Map<String, List<String>> bySymbol = new TreeMap<>(portfoliosBySymbol);
    Set<String> receivers = new LinkedHashSet<>(bySymbol.getOrDefault(symbol, List.of()));
    receivers.addAll(all);
    bySymbol.put(symbol, List.copyOf(receivers));
    return new PortfolioRouting(Map.copyOf(bySymbol));
  }

  /** Portfolios trading {@code symbol}; empty for a symbol nobody trades. */
  public List<String> portfoliosOf(String symbol) {
    return portfoliosBySymbol.getOrDefault(symbol, List.of());
  }
}
