package io.tradingcore.backtest;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.risk.RiskAlert;

/**
 * One output of a portfolio's backtest, in the order the portfolio produced it: an order (what the
 * live job writes to {@code orders.v1}), an execution report of the simulated venue ({@code
 * fills.v1}), a book snapshot ({@code portfolio.v1}) or a risk event ({@code risk.events.v1}). One
 * stream instead of four keeps that order when the runner collects them. A record the quality gate
 * refused (no portfolio) travels on the same stream, and so do the records of the extra runs
 * ({@link #run}). A Flink POJO.
 */
public final class BacktestRecord {
  /** Which payload the record carries. */
  public enum Kind {
    ORDER,
    REPORT,
    SNAPSHOT,
    RISK_EVENT,
    QUARANTINED,
    /**
     * A bar the quality gate accepted: what the report's baselines are priced on (ticks, Kafka).
     */
    BAR,
    /**
     * An event a portfolio breaker raised over this run's records, at {@link #raisedAt}: what the
     * next pass applies ({@link BreakerPasses}). Not written: an applied event reaches {@code
     * risk-events.jsonl} as the portfolio operator's input.
     */
    BREAKER_RAISED
  }

  public Kind kind;
  public String portfolio;
  public Order order;
  public ExecutionReport report;
  public BookSnapshot snapshot;
  public RiskAlert event;
  public Quarantined quarantined;
  public Bar bar;

  /**
   * For {@link Kind#BREAKER_RAISED}: the event time of the portfolio's records that completed the
   * breaker's pattern (epoch millis).
   */
  public long raisedAt;

  /** The extra run that produced it, or {@code null} for the primary run (and quarantine). */
  public ExtraRun run;

  public BacktestRecord() {}

  private BacktestRecord(Kind kind, String portfolio) {
    this.kind = kind;
    this.portfolio = portfolio;
  }

  public static BacktestRecord of(Order order) {
    BacktestRecord record = new BacktestRecord(Kind.ORDER, order.portfolio());
    record.order = order;
    return record;
  }

  public static BacktestRecord of(ExecutionReport report) {
    BacktestRecord record = new BacktestRecord(Kind.REPORT, report.portfolio());
    record.report = report;
    return record;
  }

  public static BacktestRecord of(BookSnapshot snapshot) {
    BacktestRecord record = new BacktestRecord(Kind.SNAPSHOT, snapshot.book().portfolio());
    record.snapshot = snapshot;
    return record;
  }

  public static BacktestRecord of(RiskAlert event) {
    BacktestRecord record = new BacktestRecord(Kind.RISK_EVENT, event.portfolio());
    record.event = event;
    return record;
  }

  /** A portfolio breaker's event over the records the portfolio produced at {@code raisedAt}. */
  public static BacktestRecord raised(RiskAlert event, long raisedAt) {
    BacktestRecord record = new BacktestRecord(Kind.BREAKER_RAISED, event.portfolio());
    record.event = event;
    record.raisedAt = raisedAt;
    return record;
  }

  /** A bar the quality gate accepted; it belongs to no portfolio. */
  public static BacktestRecord of(Bar bar) {
    BacktestRecord record = new BacktestRecord(Kind.BAR, null);
    record.bar = bar;
    return record;
  }

  /** A bar or record refused on the way in; it belongs to no portfolio. */
  public static BacktestRecord of(Quarantined quarantined) {
    BacktestRecord record = new BacktestRecord(Kind.QUARANTINED, null);
    record.quarantined = quarantined;
    return record;
  }
}
