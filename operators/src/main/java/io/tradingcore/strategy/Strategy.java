package io.tradingcore.strategy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Decides target positions from aligned features. Implementations are pure: everything they
 * remember is handed back to them as {@code current}, which the caller keeps in Flink state.
 */
public interface Strategy extends Serializable {

  /** Name and version, carried on every order as its model version, e.g. {@code momentum@1}. */
  String id();

  /**
   * Targets for the symbols present in {@code bar}.
   *
   * @param current the targets in force before this bar, by symbol (absent = flat)
   */
  List<TargetPosition> decide(
      String portfolio, AlignedBar bar, Map<String, TargetPosition> current);
}
