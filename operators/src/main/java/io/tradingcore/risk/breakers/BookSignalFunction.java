package io.tradingcore.risk.breakers;

import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.risk.OperatorCommand;
import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The annotate step of the book-watching breakers, keyed by portfolio with the operator commands
 * broadcast: turns each book snapshot into {@link BookSignal}s (a day closed, a day opened, the
 * equity now) carrying the thresholds in force, which SET_LIMIT commands change.
 *
 * <p>It works in arrival order and needs no watermark: event time starts after it (the command
 * stream has none, and would hold a two-input operator's watermark back forever). Snapshots of a
 * portfolio arrive in sequence order from the position book; a snapshot whose sequence is not above
 * the last one taken is a replay and is counted, not applied. Portfolios the breakers do not watch
 * are counted and ignored.
 *
 * <p>State: one {@link DayLedger} per watched portfolio; the run-time threshold overrides in
 * broadcast state ({@link ThresholdState}).
 */
public final class BookSignalFunction
    extends KeyedBroadcastProcessFunction<String, BookSnapshot, OperatorCommand, BookSignal> {
  private static final long serialVersionUID = 1L;

  public static final String LEDGER_STATE = "breaker-day-ledger";

  private final BreakerPortfolios portfolios;

  private transient ValueState<DayLedger> ledger;
  private transient Counter snapshots;
  private transient Counter stale;
  private transient Counter otherPortfolios;
  private transient Counter limitChanges;
  private transient ThresholdState.InForce inForce;

  public BookSignalFunction(BreakerPortfolios portfolios) {
    this.portfolios = portfolios;
  }

  @Override
  public void open(OpenContext context) {
    ledger =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(LEDGER_STATE, TypeInformation.of(DayLedger.class)));
    snapshots = getRuntimeContext().getMetricGroup().counter("breaker_snapshots_total");
    stale = getRuntimeContext().getMetricGroup().counter("breaker_stale_snapshots_total");
    otherPortfolios =
        getRuntimeContext().getMetricGroup().counter("breaker_other_portfolios_total");
    limitChanges = getRuntimeContext().getMetricGroup().counter("breaker_limit_changes_total");
    inForce = new ThresholdState.InForce();
  }

  @Override
  public void processElement(BookSnapshot snapshot, ReadOnlyContext ctx, Collector<BookSignal> out)
      throws Exception {
    String portfolio = ctx.getCurrentKey();
    if (!portfolios.watches(portfolio)) {
      otherPortfolios.inc();
      return;
    }
    snapshots.inc();
    DayLedger before = ledger.value();
    if (before == null) {
      before = DayLedger.before(portfolios.initialCash(portfolio));
    }
    if (before.isStale(snapshot.sequence())) {
      stale.inc();
      return;
    }
    DayLedger.Step step =
        before.next(snapshot.sequence(), snapshot.tsEvent(), snapshot.book().equity());
    DayLedger after = step.ledger();
    BreakerThresholds thresholds =
        inForce.get(portfolios, ctx.getBroadcastState(ThresholdState.OVERRIDES), portfolio);
    if (step.closed() != null) {
      DayLedger.ClosedDay closed = step.closed();
      out.collect(
          new BookSignal(
              BookSignal.Kind.DAY_CLOSE,
              portfolio,
              after.sequence(),
              after.timestamp(),
              closed.tradingDay(),
              closed.startEquity(),
              closed.closeEquity(),
              thresholds));
    }
    if (step.opensDay()) {
      out.collect(
          signal(BookSignal.Kind.DAY_OPEN, portfolio, after, after.dayStartEquity(), thresholds));
    }
    out.collect(signal(BookSignal.Kind.EQUITY, portfolio, after, after.equity(), thresholds));
    ledger.update(after);
  }

  private static BookSignal signal(
      BookSignal.Kind kind,
      String portfolio,
      DayLedger ledger,
      BigDecimal equity,
      BreakerThresholds thresholds) {
    return new BookSignal(
        kind,
        portfolio,
        ledger.sequence(),
        ledger.timestamp(),
        ledger.tradingDay(),
        ledger.dayStartEquity(),
        equity,
        thresholds);
  }

  @Override
  public void processBroadcastElement(
      OperatorCommand command, Context ctx, Collector<BookSignal> out) throws Exception {
    limitChanges.inc(
        ThresholdState.apply(
            portfolios,
            ctx.getBroadcastState(ThresholdState.OVERRIDES),
            command,
            "book breakers",
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0));
    inForce.clear();
  }
}
