package io.tradingcore.portfolio;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What the reconciliation of one portfolio remembers between statements (a Flink POJO, kept in
 * keyed state).
 */
public class ReconciliationState {
  /** The book's quantity per symbol after the last fill it applied. */
  public Map<String, BigDecimal> book = new HashMap<>();

  /** Execution id of the last fill report the book applied, per symbol. */
  public Map<String, String> lastFill = new HashMap<>();

  /** The statement compared last, or {@code null} before the first. */
  public BrokerStatement previous;

  /** The book's quantity of each symbol that differed from {@link #previous}. */
  public Map<String, BigDecimal> previousBreaks = new HashMap<>();

  /**
   * Breaks already raised, as {@code book/broker} per symbol: the same break is raised once, not on
   * every statement, until the symbol agrees again.
   */
  public Map<String, String> raised = new HashMap<>();

  public ReconciliationState() {}
}
