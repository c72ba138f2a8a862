package io.tradingcore.portfolio;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** Portfolios trading {@code symbol}; empty for a symbol nobody trades. */
  public List<String> portfoliosOf(String symbol) {
    return portfoliosBySymbol.getOrDefault(symbol, List.of());
  }
}
