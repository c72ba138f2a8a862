package io.tradingcore.dashboard;

import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.avro.TradingState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard shows, kept in memory and bounded: per portfolio the latest book (equity,
 * cash, P&amp;L, positions), its equity curve and drawdown and its trading state; the newest
 * orders, execution reports and risk events; the model deciding and the latest release; counters.
 * Plain Java, fed by {@link DashboardFeed}; safe to read from other threads.
 */
public final class DashboardView {
  /** Newest rows kept per list (orders, reports, risk events). */
  static final int ROWS = 50;

  /** Points of each equity curve before it is thinned. */
  static final int CURVE_POINTS = 600;

  private final BigDecimal initialCash;
  private final Map<String, PortfolioView> portfolios = new TreeMap<>();
  private final Deque<OrderRow> orders = new ArrayDeque<>();
  private final Deque<FillRow> fills = new ArrayDeque<>();
  private final Deque<RiskRow> riskEvents = new ArrayDeque<>();
  private final Map<String, Long> skipped = new TreeMap<>();
  private long bars;
  private long orderCount;
  private long fillCount;
  private long rejectCount;
  private long riskEventCount;
  private long updates;
  private String decidingModel;
  private String lastRelease;

  /**
   * @param initialCash what returns are measured against; {@code null} to measure them against the
   *     first equity seen (a dashboard started in the middle of a run)
   * @param decidingModel what decides when the dashboard starts, e.g. {@code momentum@1}, or {@code
   *     null} until an order or a model event says
   */
  public DashboardView(BigDecimal initialCash, String decidingModel) {
    this.initialCash = initialCash;
    this.decidingModel = decidingModel;
  }

  /** A book snapshot from {@code portfolio.v1}; a repeated or older sequence is ignored. */
  public synchronized void onSnapshot(PortfolioSnapshot snapshot) {
    PortfolioView view =
        portfolios.computeIfAbsent(
            snapshot.getPortfolio(), name -> new PortfolioView(name, initialCash));
    if (view.baseline == null) {
      view.baseline = snapshot.getEquity();
    }
    // portfolio.v1 is at least once: after a job restart, snapshots may come again.
    if (snapshot.getSequence() <= view.lastSequence) {
      return;
    }
    view.lastSequence = snapshot.getSequence();
    view.last = snapshot;
    view.newestMarketTime = Math.max(view.newestMarketTime, snapshot.getTsEvent().toEpochMilli());
    BigDecimal drawdown = drawdown(snapshot.getEquity(), snapshot.getHighWaterMark());
    if (drawdown.compareTo(view.maxDrawdown) > 0) {
      view.maxDrawdown = drawdown;
    }
    view.curve.add(
        snapshot.getSequence(),
        snapshot.getTsEvent().toEpochMilli(),
        snapshot.getEquity().doubleValue(),
        drawdown.doubleValue());
    if (snapshot.getTrigger() == SnapshotTrigger.MARK) {
      bars++;
    }
    updates++;
  }

  /** A committed record of {@code orders.v1}. */
  public synchronized void onOrder(Order order) {
    orderCount++;
    if (order.getModelVersion() != null && !order.getModelVersion().isBlank()) {
      decidingModel = order.getModelVersion();
    }
    add(
        orders,
        new OrderRow(
            Formats.time(order.getDecisionTime().toEpochMilli()),
            order.getPortfolio(),
            order.getSymbol(),
            String.valueOf(order.getSide()),
            Formats.quantity(order.getQuantity()),
            String.valueOf(order.getOrderType()),
            Formats.price(order.getLimitPrice()),
            String.valueOf(order.getAction()),
            order.getModelVersion(),
            order.getReason(),
            order.getClientOrderId()));
    updates++;
  }

  /** An execution report from {@code fills.v1}. */
  public synchronized void onReport(ExecutionReport report) {
    if (report.getLastQuantity().signum() > 0) {
      fillCount++;
    }
    if (report.getStatus() == ExecutionStatus.REJECTED) {
      rejectCount++;
    }
    add(
        fills,
        new FillRow(
            Formats.time(report.getTsEvent().toEpochMilli()),
            report.getPortfolio(),
            report.getSymbol(),
            String.valueOf(report.getSide()),
            String.valueOf(report.getStatus()),
            Formats.quantity(report.getLastQuantity()),
            Formats.price(report.getLastPrice()),
            Formats.money(report.getFee()),
            report.getClientOrderId(),
            report.getText()));
    updates++;
  }

  /** A risk event: denials, breakers, trading-state changes, accepted commands, model events. */
  public synchronized void onRiskEvent(RiskEvent event) {
    riskEventCount++;
    TradingState state = event.getTradingState();
    if (state != null && state != TradingState.UNKNOWN) {
      PortfolioView view =
          portfolios.computeIfAbsent(
              event.getPortfolio(), name -> new PortfolioView(name, initialCash));
      // A denial restates the state it was denied in; the cause shown is what put it there.
      if (state != view.tradingState || event.getSeverity() != Severity.DENY) {
        view.tradingStateCause = event.getCause();
      }
      view.tradingState = state;
    }
    if (event.getReason() == RiskReason.MODEL_ACTIVATED) {
      // The scorer's own words: "<name>@<version> now decides (was …)".
      decidingModel = event.getCause().split(" ", 2)[0];
    }
    add(
        riskEvents,
        new RiskRow(
            Formats.time(event.getTsEvent().toEpochMilli()),
            event.getPortfolio(),
            event.getSymbol(),
            String.valueOf(event.getReason()),
            String.valueOf(event.getSeverity()),
            event.getCause(),
            state == null ? null : state.name()));
    updates++;
  }

  /** A model release from {@code models.v1}; whether the job took it is a risk event. */
  public synchronized void onModelUpdate(ModelUpdate update) {
    lastRelease =
        update.getModelName()
            + "@"
            + update.getVersion()
            + " (exported "
            + Formats.time(update.getCreatedAt().toEpochMilli())
            + " UTC)";
    updates++;
  }

  /** A record that could not be read: counted by topic and otherwise left alone. */
  public synchronized void onUndecodable(String topic) {
    skipped.merge(topic, 1L, Long::sum);
  }

  /** Everything the page shows, as of now. */
  public synchronized State state(boolean controlEnabled) {
    List<PortfolioState> books = new ArrayList<>();
    for (PortfolioView view : portfolios.values()) {
      books.add(view.state());
    }
    return new State(
        updates,
        new Model(decidingModel, lastRelease),
        new Counts(bars, orderCount, fillCount, rejectCount, riskEventCount, Map.copyOf(skipped)),
        books,
        List.copyOf(orders),
        List.copyOf(fills),
        List.copyOf(riskEvents),
        controlEnabled);
  }

  private static <T> void add(Deque<T> rows, T row) {
    rows.addFirst(row);
    while (rows.size() > ROWS) {
      rows.removeLast();
    }
  }

  /** {@code (highWaterMark - equity) / highWaterMark}, zero at or above the mark. */
  static BigDecimal drawdown(BigDecimal equity, BigDecimal highWaterMark) {
    if (highWaterMark == null
        || highWaterMark.signum() <= 0
        || equity.compareTo(highWaterMark) >= 0) {
      return BigDecimal.ZERO;
    }
    return highWaterMark.subtract(equity).divide(highWaterMark, MathContext.DECIMAL64);
  }

  /** One portfolio's running view. */
  private static final class PortfolioView {
    final String name;
    BigDecimal baseline;
    final EquityCurve curve = new EquityCurve(CURVE_POINTS);
    long lastSequence;
    PortfolioSnapshot last;
    // Symbols' bars arrive from different partitions: a later snapshot may be earlier in time.
    long newestMarketTime = Long.MIN_VALUE;
    BigDecimal maxDrawdown = BigDecimal.ZERO;
    // The risk gate starts every portfolio ACTIVE and says nothing until that changes.
    TradingState tradingState = TradingState.ACTIVE;
    String tradingStateCause;

    PortfolioView(String name, BigDecimal baseline) {
      this.name = name;
      this.baseline = baseline;
    }

    PortfolioState state() {
      List<PositionRow> positions = new ArrayList<>();
      List<EquityCurve.Point> points = curve.points();
      long[] sequences = new long[points.size()];
      long[] times = new long[points.size()];
      double[] equity = new double[points.size()];
      double[] drawdowns = new double[points.size()];
      for (int i = 0; i < points.size(); i++) {
        sequences[i] = points.get(i).sequence();
        times[i] = points.get(i).time();
        equity[i] = points.get(i).equity();
        drawdowns[i] = points.get(i).drawdown();
      }
      Curve curveState = new Curve(sequences, times, equity, drawdowns);
      if (last == null) {
        return new PortfolioState(
            name, tradingState.name(), tradingStateCause, null, positions, curveState);
      }
      for (PositionSnapshot p : last.getPositions()) {
        if (p.getQuantity().signum() == 0) {
          continue;
        }
        BigDecimal average = p.getCostBasis().divide(p.getQuantity(), MathContext.DECIMAL64).abs();
        positions.add(
            new PositionRow(
                p.getSymbol(),
                Formats.quantity(p.getQuantity()),
                Formats.price(average),
                Formats.price(p.getMarketPrice()),
                Formats.money(p.getMarketValue()),
                Formats.signedMoney(p.getMarketValue().subtract(p.getCostBasis()))));
      }
      BigDecimal equityNow = last.getEquity();
      BigDecimal drawdown = drawdown(equityNow, last.getHighWaterMark());
      Book book =
          new Book(
              last.getSequence(),
              Formats.time(newestMarketTime),
              Formats.money(equityNow),
              Formats.money(last.getCash()),
              Formats.signedMoney(last.getRealizedPnl()),
              Formats.signedMoney(last.getUnrealizedPnl()),
              Formats.money(last.getFees()),
              Formats.money(last.getHighWaterMark()),
              Formats.money(baseline),
              Formats.percent(equityNow.subtract(baseline), baseline),
              Formats.percent(drawdown.negate(), BigDecimal.ONE),
              Formats.percent(maxDrawdown.negate(), BigDecimal.ONE));
      return new PortfolioState(
          name, tradingState.name(), tradingStateCause, book, positions, curveState);
    }
  }

  /** The whole page's data; money and quantities as exact, formatted text. */
  public record State(
      long updates,
      Model model,
      Counts counts,
      List<PortfolioState> portfolios,
      List<OrderRow> orders,
      List<FillRow> fills,
      List<RiskRow> riskEvents,
      boolean controlEnabled) {}

  /** What decides now (from the newest order or model event) and the newest release. */
  public record Model(String deciding, String lastRelease) {}

  /** Totals since the dashboard started reading; {@code skipped} by topic. */
  public record Counts(
      long bars,
      long orders,
      long fills,
      long rejects,
      long riskEvents,
      Map<String, Long> skipped) {}

  /** One portfolio: trading state, book (null before its first snapshot), positions, curve. */
  public record PortfolioState(
      String name,
      String tradingState,
      String tradingStateCause,
      Book book,
      List<PositionRow> positions,
      Curve curve) {}

  /**
   * The latest snapshot, formatted; returns and drawdowns are percentages; the market time is the
   * newest of all snapshots so far.
   */
  public record Book(
      long sequence,
      String marketTime,
      String equity,
      String cash,
      String realizedPnl,
      String unrealizedPnl,
      String fees,
      String highWaterMark,
      String baseline,
      String totalReturn,
      String drawdown,
      String maxDrawdown) {}

  /**
   * Chart data, for drawing only: snapshot sequence numbers (the x axis), their market times (epoch
   * ms), equity and drawdown (fractions).
   */
  public record Curve(long[] sequence, long[] time, double[] equity, double[] drawdown) {}

  /** An open position. */
  public record PositionRow(
      String symbol,
      String quantity,
      String averagePrice,
      String marketPrice,
      String marketValue,
      String unrealizedPnl) {}

  /** An order as the bridge saw it. */
  public record OrderRow(
      String time,
      String portfolio,
      String symbol,
      String side,
      String quantity,
      String type,
      String limitPrice,
      String action,
      String modelVersion,
      String reason,
      String clientOrderId) {}

  /** An execution report. */
  public record FillRow(
      String time,
      String portfolio,
      String symbol,
      String side,
      String status,
      String quantity,
      String price,
      String fee,
      String clientOrderId,
      String text) {}

  /** A risk event. */
  public record RiskRow(
      String time,
      String portfolio,
      String symbol,
      String reason,
      String severity,
      String cause,
      String tradingState) {}
}
