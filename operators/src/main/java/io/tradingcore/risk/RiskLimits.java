package io.tradingcore.risk;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-trade limits of one portfolio, the same for each of its symbols.
 *
 * @param maxOrderQuantity largest quantity one order may carry
 * @param maxOrderNotional largest quantity × reference price one order may carry
 * @param maxPositionQuantity largest absolute position in a symbol, counting every working order as
 *     if it filled
 */
public record RiskLimits(
    BigDecimal maxOrderQuantity, BigDecimal maxOrderNotional, BigDecimal maxPositionQuantity)
    implements Serializable {

  public static final RiskLimits DEFAULT =
      new RiskLimits(new BigDecimal("10000"), new BigDecimal("50000"), new BigDecimal("10000"));

  public RiskLimits {
    List<String> errors = new ArrayList<>();
    requirePositive(maxOrderQuantity, "max order quantity", errors);
    requirePositive(maxOrderNotional, "max order notional", errors);
    requirePositive(maxPositionQuantity, "max position quantity", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid risk limits: " + String.join("; ", errors));
    }
  }

  private static void requirePositive(BigDecimal value, String name, List<String> errors) {
    if (value == null || value.signum() <= 0) {
      errors.add(name + " must be positive, got " + value);
    }
  }
}
