package io.tradingcore.marketdata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which {@link TradingCalendar} each symbol trades on: a default (US equities) and the symbols that
 * trade on another (crypto, round the clock).
 */
public record MarketSessions(TradingCalendar defaultCalendar, Map<String, TradingCalendar> bySymbol)
    implements Serializable {

  public MarketSessions {
    if (defaultCalendar == null) {
      throw new IllegalArgumentException("a default trading calendar is required");
    }
    bySymbol = Map.copyOf(new TreeMap<>(bySymbol));
  }

  /** Every symbol on {@code calendar}. */
  public static MarketSessions all(TradingCalendar calendar) {
    return new MarketSessions(calendar, Map.of());
  }

  /**
   * The usual mix: every symbol on the NYSE session ({@link UsEquityCalendar}) except {@code
   * roundTheClockSymbols} (crypto), which trade 24/7.
   *
   * @throws IllegalArgumentException naming every blank or repeated symbol
   */
  public static MarketSessions usEquitiesWithRoundTheClock(
      Collection<String> roundTheClockSymbols) {
    if (roundTheClockSymbols == null) {
      throw new IllegalArgumentException("round-the-clock symbols must be given (may be empty)");
    }
    List<String> errors = new ArrayList<>();
    Map<String, TradingCalendar> bySymbol = new TreeMap<>();
    for (String symbol : roundTheClockSymbols) {
      if (symbol == null || symbol.isBlank()) {
        errors.add("round-the-clock symbol '" + symbol + "' must be non-blank");
      } else if (bySymbol.put(symbol, TradingCalendar.ROUND_THE_CLOCK) != null) {
        errors.add("round-the-clock symbol " + symbol + " is listed twice");
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid market sessions: " + errors);
    }
    return new MarketSessions(UsEquityCalendar.INSTANCE, bySymbol);
  }

  public TradingCalendar of(String symbol) {
    return bySymbol.getOrDefault(symbol, defaultCalendar);
  }
}
