package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several runs over the same history side by side — one primary, its baselines, its look-ahead
 * check — each with its {@link PerformanceMetrics} and the primary's gates applied to every run.
 * Deterministic: nothing of the moment it is built goes into it unless passed in ({@code
 * generatedAt}).
 *
 * @param title heading of the report
 * @param generatedAt a caller's note of when or from what the report was made (e.g. the runner's
 *     command line), or empty; never the clock
 * @param circuitBreakers what the portfolio breakers did, or {@code null} when the caller says
 *     nothing of them
 */
public record BacktestReport(
    String title,
    String generatedAt,
    Gates gates,
    double riskFreeRate,
    List<Entry> entries,
    CircuitBreakers circuitBreakers) {

  /** One run, its role, its metrics and its gate verdicts. */
  public record Entry(
      BacktestRun run, RunRole role, PerformanceMetrics metrics, List<Gates.Result> gates) {}

  public BacktestReport {
    entries = List.copyOf(entries);
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  public Entry primary() {
    return entries.stream().filter(e -> e.role() == RunRole.PRIMARY).findFirst().orElseThrow();
  }

  /** Collects runs with their roles; {@link #build()} checks there is exactly one primary. */
  public static final class Builder {
    private final String title;
    private String generatedAt = "";
    private Gates gates = Gates.DESIGN;
    private double riskFreeRate;
    private CircuitBreakers circuitBreakers;
    private final List<BacktestRun> runs = new ArrayList<>();
    private final List<RunRole> roles = new ArrayList<>();

    private Builder(String title) {
      this.title = requireNonNull(title, "title");
    }

    public Builder generatedAt(String note) {
      this.generatedAt = requireNonNull(note, "generatedAt");
      return this;
    }

    public Builder gates(Gates gates) {
      this.gates = requireNonNull(gates, "gates");
      return this;
    }

    /** Annual risk-free rate for the Sharpe and Sortino ratios (default 0). */
    public Builder riskFreeRate(double rate) {
      this.riskFreeRate = rate;
      return this;
    }

    /** What the portfolio circuit breakers did in the runs. */
    public Builder circuitBreakers(CircuitBreakers breakers) {
      this.circuitBreakers = requireNonNull(breakers, "circuitBreakers");
      return this;
    }

    public Builder primary(BacktestRun run) {
      return run(run, RunRole.PRIMARY);
    }

    public Builder baseline(BacktestRun run) {
      return run(run, RunRole.BASELINE);
    }

    public Builder lookAheadCheck(BacktestRun run) {
      return run(run, RunRole.LOOK_AHEAD_CHECK);
    }

    public Builder run(BacktestRun run, RunRole role) {
      runs.add(requireNonNull(run, "run"));
      roles.add(requireNonNull(role, "role"));
      return this;
    }

    /** The report, the primary first, then the others in the order they were added. */
    public BacktestReport build() {
      List<String> errors = new ArrayList<>();
      long primaries = roles.stream().filter(r -> r == RunRole.PRIMARY).count();
      if (primaries != 1) {
        errors.add("a report needs exactly one primary run, got " + primaries);
      }
      Set<String> names = new HashSet<>();
      for (BacktestRun run : runs) {
        if (!names.add(run.name())) {
          errors.add("two runs are named '" + run.name() + "'");
        }
      }
      if (!Double.isFinite(riskFreeRate)) {
        errors.add("risk-free rate must be finite, got " + riskFreeRate);
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid report '" + title + "': " + String.join("; ", errors));
      }
      List<Entry> entries = new ArrayList<>();
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < runs.size(); i++) {
          if ((roles.get(i) == RunRole.PRIMARY) == (pass == 0)) {
            PerformanceMetrics metrics = PerformanceMetrics.of(runs.get(i), riskFreeRate);
            entries.add(new Entry(runs.get(i), roles.get(i), metrics, gates.judge(metrics)));
          }
        }
      }
      return new BacktestReport(title, generatedAt, gates, riskFreeRate, entries, circuitBreakers);
    }
  }
}
