package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what a backtest's job wrote — {@code portfolio.v1} snapshots and {@code fills.v1} reports
 * of one portfolio — into a {@link BacktestRun}. The runner only feeds records, in any order for
 * snapshots (they are numbered) and in topic order for reports (the order the book applied them).
 *
 * <p>Steps: the book emits a MARK snapshot per symbol and bar (event time = the bar's end) and a
 * FILL snapshot per fill (event time = the start of the bar it filled on, so it may arrive after
 * that bar's marks). Walking the snapshots by sequence number, a step ends where the first MARK of
 * a later bar end begins, and its equity and gross exposure are the book's just before that MARK:
 * all symbols marked at the step's bar end, and every fill processed before the next bar. The last
 * step ends with the last snapshot.
 *
 * <p>Reports of other portfolios (the topic is shared) and reports without a fill are skipped; a
 * report delivered twice (same execution id) counts once.
 */
public final class RunRecorder {
  /** Largest gap between the given initial cash and the one a snapshot implies (8-dp rounding). */
  private static final BigDecimal ROUNDING_SLACK = new BigDecimal("0.0000001");

  private final String portfolio;
  private final String runName;
  private final BigDecimal initialCash;
  private final double barsPerYear;
  private String description = "";
  private final Map<Long, PortfolioSnapshot> snapshots = new TreeMap<>();
  private final List<Fill> fills = new ArrayList<>();
  private final Set<String> executionIds = new HashSet<>();
  private long skippedReports;

  /**
   * @param portfolio the portfolio whose records make the run
   * @param runName the run's name in the report
   */
  public RunRecorder(String portfolio, String runName, BigDecimal initialCash, double barsPerYear) {
    this.portfolio = requireNonNull(portfolio, "portfolio");
    this.runName = runName;
    this.initialCash = requireNonNull(initialCash, "initialCash");
    this.barsPerYear = barsPerYear;
  }

  public RunRecorder description(String description) {
    this.description = description;
    return this;
  }

  /** A snapshot from {@code portfolio.v1}; another portfolio's is skipped. */
  public void accept(PortfolioSnapshot snapshot) {
    if (!portfolio.equals(snapshot.getPortfolio())) {
      return;
    }
    PortfolioSnapshot earlier = snapshots.putIfAbsent(snapshot.getSequence(), snapshot);
    if (earlier != null && !earlier.equals(snapshot)) {
      throw new IllegalArgumentException(
          "portfolio "
              + portfolio
              + " has two different snapshots numbered "
              + snapshot.getSequence()
              + ": the records come from two runs");
    }
  }

  /** A report from {@code fills.v1}, as the wire carries it. */
  public void accept(io.tradingcore.schemas.avro.ExecutionReport report) {
    accept(AvroMapping.toDomain(report));
  }

  /** A report from {@code fills.v1}, decoded. */
  public void accept(ExecutionReport report) {
    if (!portfolio.equals(report.portfolio()) || !report.isFill()) {
      skippedReports++;
      return;
    }
    if (report.executionId() != null && !executionIds.add(report.executionId())) {
      skippedReports++;
      return;
    }
    fills.add(Fill.of(report));
  }

  /** Reports skipped so far: other portfolios', no fill, or delivered twice. */
  public long skippedReports() {
    return skippedReports;
  }

  public BacktestRun toRun() {
    BacktestRun.Builder run =
        BacktestRun.builder(runName, initialCash, barsPerYear).description(description);
    List<String> errors = new ArrayList<>();
    long expected = 1;
    Long stepTime = null;
    PortfolioSnapshot previous = null;
    for (PortfolioSnapshot snapshot : snapshots.values()) {
      if (snapshot.getSequence() != expected && errors.isEmpty()) {
        errors.add(
            "snapshot "
                + expected
                + " of portfolio "
                + portfolio
                + " is missing (next is "
                + snapshot.getSequence()
                + ")");
      }
      expected = snapshot.getSequence() + 1;
      BigDecimal implied =
          snapshot
              .getEquity()
              .subtract(snapshot.getRealizedPnl())
              .subtract(snapshot.getUnrealizedPnl())
              .add(snapshot.getFees());
      if (implied.subtract(initialCash).abs().compareTo(ROUNDING_SLACK) > 0 && errors.isEmpty()) {
        errors.add(
            "snapshot "
                + snapshot.getSequence()
                + " implies an initial cash of "
                + implied.stripTrailingZeros().toPlainString()
                + " (equity − realised − unrealised + fees), not "
                + initialCash.toPlainString());
      }
      long time = snapshot.getTsEvent().toEpochMilli();
      if (snapshot.getTrigger() == SnapshotTrigger.MARK && (stepTime == null || time > stepTime)) {
        if (stepTime != null) {
          step(run, stepTime, previous);
        }
        stepTime = time;
      }
      previous = snapshot;
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot build run '" + runName + "': " + String.join("; ", errors));
    }
    if (stepTime != null) {
      step(run, stepTime, previous);
    }
    if (previous != null) {
      for (PositionSnapshot position : previous.getPositions()) {
        run.mark(position.getSymbol(), position.getMarketPrice());
      }
    }
    fills.forEach(run::fill);
    return run.build();
  }

  private static void step(BacktestRun.Builder run, long time, PortfolioSnapshot snapshot) {
    BigDecimal gross = BigDecimal.ZERO;
    for (PositionSnapshot position : snapshot.getPositions()) {
      gross = gross.add(position.getMarketValue().abs());
    }
    run.step(time, snapshot.getEquity(), gross);
  }
}
