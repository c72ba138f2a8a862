package io.tradingcore.strategy;

import io.tradingcore.features.cross.Concentration;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a strategy can work out from the targets in force. */
public final class Targets {
  private Targets() {}

  /**
   * {@link Concentration#maxWeight} of the targets in force, each valued at the observation's close
   * of its symbol (its reference price when the observation has none): max |value| / Σ |value|, 0
   * when flat.
   */
  public static double concentration(
      Map<String, TargetPosition> current, PortfolioObservation observation) {
    List<BigDecimal> values = new ArrayList<>(current.size());
    for (TargetPosition target : current.values()) {
      ObservedSymbol observed = observation.symbol(target.symbol());
      BigDecimal price =
          observed != null && observed.features() != null
              ? observed.features().close()
              : target.referencePrice();
      values.add(target.quantity().multiply(price));
    }
    return Concentration.maxWeight(values);
  }
}
