package io.tradingcore.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validation of a configured list of symbols, shared by the sources' configs. */
final class SymbolLists {

  private SymbolLists() {}

  /** Every problem with {@code symbols}, or an empty list when it is usable. */
  static List<String> problems(List<String> symbols) {
    List<String> problems = new ArrayList<>();
    if (symbols == null || symbols.isEmpty()) {
      problems.add("symbols must not be empty");
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (String symbol : symbols) {
      if (symbol == null || symbol.isBlank() || !symbol.strip().equals(symbol)) {
        problems.add("symbol '" + symbol + "' must be non-blank without surrounding spaces");
      } else if (!seen.add(symbol)) {
        problems.add("symbol " + symbol + " is listed twice");
      }
    }
    return problems;
  }
}
