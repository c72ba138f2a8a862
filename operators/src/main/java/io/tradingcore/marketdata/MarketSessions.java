package io.tradingcore.marketdata;

import java.io.Serializable;
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

  public TradingCalendar of(String symbol) {
    return bySymbol.getOrDefault(symbol, defaultCalendar);
  }
}
