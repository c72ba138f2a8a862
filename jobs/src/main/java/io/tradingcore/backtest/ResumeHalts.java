package io.tradingcore.backtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the operator a backtest models does after a portfolio breaker's HALT ({@code
 * --resume-halts}). A halt stops new orders until an operator's RESUME (DESIGN.md), and a backtest
 * has no operator: by default a halt lasts to the end of the run.
 */
public enum ResumeHalts {
  /** Nobody resumes: the portfolio stays halted to the end of the run. */
  NEVER("never"),
  /**
   * A RESUME at the first session open after the halt took effect, the earliest among the
   * portfolio's markets ({@link io.tradingcore.marketdata.TradingCalendar#nextSessionOpen}).
   */
  NEXT_SESSION("next-session");

  private final String option;

  ResumeHalts(String option) {
    this.option = option;
  }

  /** How {@code --resume-halts} names it. */
  public String option() {
    return option;
  }

  /**
   * The value {@code --resume-halts} names.
   *
   * @throws IllegalArgumentException naming the option and its values
   */
  public static ResumeHalts parse(String value) {
    String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (ResumeHalts resume : values()) {
      if (resume.option.equals(wanted)) {
        return resume;
      }
    }
    throw new IllegalArgumentException(
        "--resume-halts takes " + optionValues() + ", got '" + value + "'");
  }

  /** {@code never|next-session}. */
  public static String optionValues() {
    return Arrays.stream(values()).map(ResumeHalts::option).collect(Collectors.joining("|"));
  }
}
