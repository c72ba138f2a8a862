package io.tradingcore.marketdata;

import io.tradingcore.money.Decimals;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The smallest tradable quantity step of each symbol: 1 share for equities by default, smaller for
 * crypto (e.g. 0.0001 BTC). Order quantities are always whole multiples of the lot.
 */
public record LotSizes(BigDecimal defaultLot, Map<String, BigDecimal> bySymbol)
    implements Serializable {
  public static final LotSizes WHOLE_UNITS = new LotSizes(BigDecimal.ONE, Map.of());

  public LotSizes {
    requireValid("default", defaultLot);
    bySymbol.forEach(LotSizes::requireValid);
    bySymbol = Map.copyOf(new TreeMap<>(bySymbol));
  }

  /** Positive, and no finer than the 8 decimals order quantities carry on the wire. */
  private static void requireValid(String symbol, BigDecimal lot) {
    if (lot == null || lot.signum() <= 0 || !Decimals.fitsWire(lot)) {
      throw new IllegalArgumentException(
          "lot size of " + symbol + " must be positive with at most 8 decimals, got " + lot);
    }
  }

  public BigDecimal of(String symbol) {
    return bySymbol.getOrDefault(symbol, defaultLot);
  }

  /** {@code quantity} rounded towards zero to a whole number of lots. */
  public BigDecimal roundDown(String symbol, BigDecimal quantity) {
    BigDecimal lot = of(symbol);
    return Decimals.normalize(quantity.divideToIntegralValue(lot).multiply(lot));
  }
}
