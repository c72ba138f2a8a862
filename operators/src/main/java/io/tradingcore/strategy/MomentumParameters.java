package io.tradingcore.strategy;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of {@link MomentumStrategy}.
 *
 * @param entryThreshold momentum (close / MA − 1) above which a symbol goes long, e.g. 0.0005
 * @param exitThreshold momentum below minus this value returns a symbol to flat (or short)
 * @param notionalPerSymbol money put into one symbol on entry
 * @param allowShort whether a falling symbol is sold short instead of held flat
 * @param maWindowForDisplay moving-average length the momentum feature uses, for reasons only
 */
public record MomentumParameters(
    double entryThreshold,
    double exitThreshold,
    BigDecimal notionalPerSymbol,
    boolean allowShort,
    int maWindowForDisplay)
    implements Serializable {

  public static final MomentumParameters DEFAULT =
      new MomentumParameters(0.0005, 0.0005, new BigDecimal("10000"), false, 5);

  public MomentumParameters {
    List<String> errors = new ArrayList<>();
    if (!(entryThreshold >= 0)) {
      errors.add("entry threshold must be >= 0, got " + entryThreshold);
    }
    if (!(exitThreshold >= 0)) {
      errors.add("exit threshold must be >= 0, got " + exitThreshold);
    }
    if (notionalPerSymbol == null || notionalPerSymbol.signum() <= 0) {
      errors.add("notional per symbol must be positive, got " + notionalPerSymbol);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid momentum parameters: " + String.join("; ", errors));
    }
  }
}
