package io.tradingcore.portfolio;

import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.risk.RiskLimits;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One portfolio the job trades: its symbols, starting cash, limits and lot sizes.
 *
 * @param symbols instruments the portfolio trades, in a fixed order
 */
public record PortfolioSpec(
    String name, List<String> symbols, BigDecimal initialCash, RiskLimits limits, LotSizes lots)
    implements Serializable {

  public PortfolioSpec {
    List<String> errors = new ArrayList<>();
    if (name == null || name.isBlank()) {
      errors.add("portfolio name is blank");
    }
    if (symbols == null || symbols.isEmpty()) {
      errors.add("portfolio " + name + " has no symbols");
    } else if (new LinkedHashSet<>(symbols).size() != symbols.size()) {
      errors.add("portfolio " + name + " lists a symbol twice: " + symbols);
    }
    if (initialCash == null || initialCash.signum() <= 0) {
      errors.add("initial cash must be positive, got " + initialCash);
    }
    if (limits == null) {
      errors.add("risk limits are missing");
    }
    if (lots == null) {
      errors.add("lot sizes are missing");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid portfolio: " + String.join("; ", errors));
    }
    symbols = List.copyOf(symbols);
  }

  /** The portfolios by name, for functions that look one up per record. */
  public static Map<String, PortfolioSpec> byName(List<PortfolioSpec> portfolios) {
    Map<String, PortfolioSpec> byName = new HashMap<>();
    portfolios.forEach(p -> byName.put(p.name(), p));
    return byName;
  }
}
