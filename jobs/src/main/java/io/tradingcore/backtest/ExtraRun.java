package io.tradingcore.backtest;

import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run the backtest makes beside the primary one, in the same Flink job over the same bars (the
 * quality gate, the features and the market breakers are shared), with its own strategy and
 * portfolio operators ({@link BacktestJob}), its records in a subfolder of {@code --out} and its
 * column in the report.
 */
public enum ExtraRun {
  /**
   * The primary strategy with the features delayed by one extra bar ({@link OneBarLateFunction}
   * between the rolling features and the portfolio alignment the strategy reads): a strategy that
   * does much better one bar late, or whose edge vanishes, may be reading a bar it could not have
   * had.
   */
  LOOK_AHEAD("look-ahead", "look-ahead", "look-ahead check (features one bar late)"),
  /**
   * The momentum baseline strategy with the command's momentum parameters, beside a primary policy;
   * when the primary is momentum itself it is the baseline and no second copy runs.
   */
  BASELINE_STRATEGY("baseline", "baseline-momentum", "baseline strategy (momentum)");

  private final String option;
  private final String folder;
  private final String label;

  ExtraRun(String option, String folder, String label) {
    this.option = option;
    this.folder = folder;
    this.label = label;
  }

  /** How the command's output names it, e.g. {@code look-ahead check (features one bar late)}. */
  public String label() {
    return label;
  }

  /** How {@code --checks} names it. */
  public String option() {
    return option;
  }

  /** Subfolder of {@code --out} its records go to; also the suffix of its operators' uids. */
  public String folder() {
    return folder;
  }

  /** The suffix of its operators' uids and names. */
  MarketDataGraph.Variant variant() {
    return new MarketDataGraph.Variant(folder);
  }

  /**
   * The runs of {@code requested} the configuration needs: the baseline strategy only beside a
   * policy (a momentum primary is the baseline strategy), in declaration order.
   */
  public static EnumSet<ExtraRun> needed(Set<ExtraRun> requested, TradingJobConfig config) {
    EnumSet<ExtraRun> needed =
        requested.isEmpty() ? EnumSet.noneOf(ExtraRun.class) : EnumSet.copyOf(requested);
    if (!config.strategy().isPolicy()) {
      needed.remove(BASELINE_STRATEGY);
    }
    return needed;
  }

  /**
   * The runs a {@code --checks} list names, e.g. {@code look-ahead,baseline}.
   *
   * @throws IllegalArgumentException naming every value that is none of them
   */
  public static Set<ExtraRun> parse(List<String> values) {
    Set<ExtraRun> runs = EnumSet.noneOf(ExtraRun.class);
    List<String> unknown = new ArrayList<>();
    for (String value : values) {
      String wanted = value.strip().toLowerCase(Locale.ROOT);
      ExtraRun match = null;
      for (ExtraRun run : values()) {
        if (run.option.equals(wanted)) {
          match = run;
        }
      }
      if (match == null) {
        unknown.add("'" + value + "'");
      } else {
        runs.add(match);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "--checks takes "
              + optionValues()
              + " (comma-separated; --no-checks for none), got "
              + String.join(", ", unknown));
    }
    return runs;
  }

  /** {@code look-ahead, baseline}. */
  public static String optionValues() {
    return Arrays.stream(values()).map(ExtraRun::option).collect(Collectors.joining(", "));
  }
}
