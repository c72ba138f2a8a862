package io.tradingcore.strategy;

import io.tradingcore.features.cross.PortfolioObservation;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Decides target positions from a portfolio's aligned observation. Implementations are pure:
 * everything they remember is handed back to them as {@code current}, which the caller keeps in
 * Flink state. A target for a symbol the observation marks as not usable, or not traded, is refused
 * by the caller.
 */
public interface Strategy extends Serializable {

  /** Name and version, carried on every order as its model version, e.g. {@code momentum@1}. */
  String id();

  /**
   * Targets for symbols of {@code observation}; symbols without a target keep theirs.
   *
   * @param current the targets in force before this bar, by symbol (absent = flat)
   */
  List<TargetPosition> decide(
      String portfolio, PortfolioObservation observation, Map<String, TargetPosition> current);
}
