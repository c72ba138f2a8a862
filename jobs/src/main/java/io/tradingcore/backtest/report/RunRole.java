package io.tradingcore.backtest.report;

/** What a run is for in a report. */
public enum RunRole {
  /** The strategy under test: the gates judge it. */
  PRIMARY("strategy under test"),
  /** A yardstick from the same bars: buy-and-hold, equal-weight, the baseline strategy. */
  BASELINE("baseline"),
  /**
   * The primary strategy with its features delayed by one extra bar: if it does much better than
   * the primary, or the primary collapses when delayed, the primary may be reading the future.
   */
  LOOK_AHEAD_CHECK("look-ahead check (one bar late)");

  private final String label;

  RunRole(String label) {
    this.label = label;
  }

  /** How the report names the role. */
  public String label() {
    return label;
  }
}
