package io.tradingcore.portfolio;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.metrics.TradingMetrics;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: applies fills to the {@link Book} and marks it to market on every bar,
 * emitting a numbered snapshot after each change.
 *
 * <p>Input 1: bars routed to the portfolio (marks). Input 2: execution reports from {@code
 * fills.v1}; reports without a fill (accepted, canceled, rejected) and fills of portfolios this job
 * does not trade do not touch the book.
 */
public final class PositionBookFunction
    extends KeyedCoProcessFunction<String, PortfolioBar, ExecutionReport, BookSnapshot> {
  private static final long serialVersionUID = 1L;

  public static final String BOOK_STATE = "position-book";
  public static final String SEQUENCE_STATE = "position-book-sequence";

  private final Map<String, PortfolioSpec> portfolios;

  private transient ValueState<Book> book;
  private transient ValueState<Long> sequence;
  private transient Counter fills;
  private transient Counter foreignFills;
  private transient Map<String, BookGauges> gauges;

  public PositionBookFunction(List<PortfolioSpec> portfolios) {
    this.portfolios = PortfolioSpec.byName(portfolios);
  }

  @Override
  public void open(OpenContext context) {
    book = getRuntimeContext().getState(new ValueStateDescriptor<>(BOOK_STATE, Book.class));
    sequence = getRuntimeContext().getState(new ValueStateDescriptor<>(SEQUENCE_STATE, Types.LONG));
    fills = getRuntimeContext().getMetricGroup().counter(TradingMetrics.FILLS_TOTAL);
    gauges = new HashMap<>();
    foreignFills = getRuntimeContext().getMetricGroup().counter("fills_other_portfolios_total");
  }

  @Override
  public void processElement1(PortfolioBar element, Context ctx, Collector<BookSnapshot> out)
      throws Exception {
    Bar bar = element.bar();
    emit(
        current(element.portfolio()).mark(bar.symbol(), bar.close()),
        SnapshotTrigger.MARK,
        bar.endMillis(),
        null,
        out);
  }

  @Override
  public void processElement2(ExecutionReport report, Context ctx, Collector<BookSnapshot> out)
      throws Exception {
    if (!report.isFill()) {
      return;
    }
    if (!portfolios.containsKey(report.portfolio())) {
      // fills.v1 is shared: another job's portfolios are none of this book's business.
      foreignFills.inc();
      return;
    }
    fills.inc();
    emit(
        current(report.portfolio()).applyFill(report),
        SnapshotTrigger.FILL,
        report.tsEvent(),
        report,
        out);
  }

  private Book current(String portfolio) throws Exception {
    Book existing = book.value();
    if (existing != null) {
      return existing;
    }
    PortfolioSpec spec = portfolios.get(portfolio);
    if (spec == null) {
      throw new IllegalStateException("data for unconfigured portfolio " + portfolio);
    }
    return Book.open(portfolio, spec.initialCash());
  }

  private void emit(
      Book next,
      SnapshotTrigger trigger,
      long tsEvent,
      ExecutionReport fill,
      Collector<BookSnapshot> out)
      throws Exception {
    long number = sequence.value() == null ? 1 : sequence.value() + 1;
    book.update(next);
    sequence.update(number);
    gaugesOf(next.portfolio()).show(next);
    out.collect(new BookSnapshot(number, trigger, tsEvent, next, fill));
  }

  /** The portfolio's gauges, registered on its first snapshot in this subtask. */
  private BookGauges gaugesOf(String portfolio) {
    BookGauges existing = gauges.get(portfolio);
    if (existing != null) {
      return existing;
    }
    BookGauges created =
        new BookGauges(
            getRuntimeContext().getMetricGroup().addGroup(TradingMetrics.PORTFOLIO, portfolio));
    gauges.put(portfolio, created);
    return created;
  }

  /**
   * P&L and equity of one portfolio's book after its last snapshot. The book is immutable, so the
   * reporter's thread reads the last one (it must not touch keyed state) and does the arithmetic
   * when it reports, not on every bar. Doubles: a reading for dashboards; the exact amounts are on
   * {@code portfolio.v1}.
   */
  private static final class BookGauges {
    private volatile Book last;

    BookGauges(MetricGroup group) {
      group.gauge(TradingMetrics.UNREALIZED_PNL, (Gauge<Double>) () -> read(Book::unrealizedPnl));
      group.gauge(TradingMetrics.REALIZED_PNL, (Gauge<Double>) () -> read(Book::realizedPnl));
      group.gauge(TradingMetrics.EQUITY, (Gauge<Double>) () -> read(Book::equity));
    }

    void show(Book book) {
      last = book;
    }

    private double read(Function<Book, BigDecimal> amount) {
      Book book = last;
      return book == null ? 0 : amount.apply(book).doubleValue();
    }
  }
}
