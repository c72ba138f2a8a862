package io.tradingcore.bridge;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated broker: fills each order whole on the first bar that starts at or after its decision
 * time, at that bar's open, with the design's cost model as the fee — the same {@link
 * PaperFillModel} the backtest uses.
 *
 * <p>It remembers recent bars per symbol, so an order that reaches it late (orders are released
 * when the job's checkpoint completes) still fills on the bar after its decision, not on whatever
 * bar is current: fills do not depend on timing. It keeps a cash ledger per portfolio and rejects a
 * buy the cash cannot cover. Not thread-safe: the bridge calls it from one thread.
 */
public final class PaperBroker implements Broker {
  /**
   * Bars kept per symbol to fill late orders on the right bar: about 13 trading days of minutes.
   */
  public static final int DEFAULT_BAR_HISTORY = 5_000;

  private final PaperFillModel model;
  private final BigDecimal initialCash;
  private final int barHistory;
  private final Clock clock;

  private final Map<String, Deque<Bar>> recentBars = new HashMap<>();
  private final Map<String, Long> evictedThrough = new HashMap<>();

  /** Every order seen, for idempotent look-ups (terminal ones forgotten past a bound). */
  private final Map<String, PaperOrder> orders = new LinkedHashMap<>();

  /** Orders accepted and not yet finished, in arrival order: what each bar is matched against. */
  private final Map<String, PaperOrder> working = new LinkedHashMap<>();

  private final Map<String, BigDecimal> cash = new HashMap<>();

  public PaperBroker(PaperFillModel model, BigDecimal initialCash, int barHistory, Clock clock) {
    if (initialCash.signum() <= 0 || barHistory < 1) {
      throw new IllegalArgumentException(
          "paper broker needs positive cash and bar history, got "
              + initialCash
              + ", "
              + barHistory);
    }
    this.model = model;
    this.initialCash = initialCash;
    this.barHistory = barHistory;
    this.clock = clock;
  }

  public PaperBroker(BigDecimal initialCash) {
    this(PaperFillModel.DEFAULT, initialCash, DEFAULT_BAR_HISTORY, Clock.systemUTC());
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public Optional<ExecutionStatus> lookup(String clientOrderId) {
    return Optional.ofNullable(orders.get(clientOrderId)).map(o -> o.status);
  }

  /** Every report the order produced so far, in order: the same objects, so the same ids. */
  @Override
  public List<ExecutionReport> reportsOf(Order order) {
    PaperOrder paper = orders.get(order.clientOrderId());
    return paper == null ? List.of() : List.copyOf(paper.history);
  }

  @Override
  public List<ExecutionReport> submit(Order order) {
    if (orders.containsKey(order.clientOrderId())) {
      return List.of();
    }
    PaperOrder paper = new PaperOrder(order);
    orders.put(order.clientOrderId(), paper);
    Optional<String> refusal = refusal(order);
    if (refusal.isPresent()) {
      paper.status = ExecutionStatus.REJECTED;
      return List.of(
          report(paper, ExecutionStatus.REJECTED, null, order.decisionTime(), refusal.get()));
    }
    paper.status = ExecutionStatus.ACCEPTED;
    working.put(order.clientOrderId(), paper);
    List<ExecutionReport> reports = new ArrayList<>();
    reports.add(report(paper, ExecutionStatus.ACCEPTED, null, order.decisionTime(), null));
    Deque<Bar> bars = recentBars.getOrDefault(order.symbol(), new ArrayDeque<>());
    Long evicted = evictedThrough.get(order.symbol());
    if (evicted != null && evicted >= order.decisionTime()) {
      // The bar this order should have filled on has been forgotten: filling on a later one
      // would make the fill depend on timing.
      paper.status = ExecutionStatus.REJECTED;
      working.remove(order.clientOrderId());
      reports.add(
          report(
              paper,
              ExecutionStatus.REJECTED,
              null,
              order.decisionTime(),
              "order arrived after its fill bar left the paper broker's history"));
      return reports;
    }
    for (Bar bar : bars) {
      if (model.canFillOn(order, bar)) {
        reports.add(fill(paper, bar));
        break;
      }
    }
    return reports;
  }

  @Override
  public List<ExecutionReport> onMarketData(Bar bar) {
    Deque<Bar> bars = recentBars.computeIfAbsent(bar.symbol(), s -> new ArrayDeque<>());
    bars.addLast(bar);
    if (bars.size() > barHistory) {
      Bar dropped = bars.removeFirst();
      evictedThrough.merge(bar.symbol(), dropped.startMillis(), Math::max);
    }
    List<ExecutionReport> reports = new ArrayList<>();
    for (PaperOrder paper : List.copyOf(working.values())) {
      if (model.canFillOn(paper.order, bar)) {
        reports.add(fill(paper, bar));
      }
    }
    return reports;
  }

  @Override
  public List<ExecutionReport> cancelAll(String portfolio) {
    List<ExecutionReport> reports = new ArrayList<>();
    for (PaperOrder paper : List.copyOf(working.values())) {
      if (paper.order.portfolio().equals(portfolio)) {
        reports.add(cancel(paper, "kill switch"));
      }
    }
    return reports;
  }

  @Override
  public List<ExecutionReport> cancel(String clientOrderId) {
    PaperOrder paper = working.get(clientOrderId);
    return paper == null ? List.of() : List.of(cancel(paper, "canceled on request"));
  }

  private ExecutionReport cancel(PaperOrder paper, String why) {
    paper.status = ExecutionStatus.CANCELED;
    working.remove(paper.order.clientOrderId());
    return report(paper, ExecutionStatus.CANCELED, null, paper.order.decisionTime(), why);
  }

  /** Cash the paper account of {@code portfolio} holds now. */
  public BigDecimal cashOf(String portfolio) {
    return cash.getOrDefault(portfolio, initialCash);
  }

  /** Orders accepted and not yet filled or canceled. */
  public long workingOrders() {
    return working.size();
  }

  private Optional<String> refusal(Order order) {
    if (order.quantity().signum() <= 0) {
      return Optional.of("quantity must be positive, got " + order.quantity().toPlainString());
    }
    if (order.side() == Side.BUY) {
      BigDecimal notional = order.quantity().multiply(order.referencePrice());
      BigDecimal needed = notional.add(model.costs().fee(order.quantity(), order.referencePrice()));
      BigDecimal available = cashOf(order.portfolio()).subtract(reservedFor(order.portfolio()));
      if (needed.compareTo(available) > 0) {
        return Optional.of(
            "insufficient buying power: needs "
                + needed.toPlainString()
                + ", has "
                + available.toPlainString());
      }
    }
    return Optional.empty();
  }

  private BigDecimal reservedFor(String portfolio) {
    BigDecimal reserved = BigDecimal.ZERO;
    for (PaperOrder paper : working.values()) {
      Order o = paper.order;
      if (o.side() == Side.BUY && o.portfolio().equals(portfolio)) {
        reserved = reserved.add(o.quantity().multiply(o.referencePrice()));
      }
    }
    return reserved;
  }

  private ExecutionReport fill(PaperOrder paper, Bar bar) {
    PaperFillModel.PaperFill fill = model.fill(paper.order, bar).orElseThrow();
    BigDecimal signedNotional = paper.order.signedQuantity().multiply(fill.price());
    cash.put(
        paper.order.portfolio(),
        cashOf(paper.order.portfolio()).subtract(signedNotional).subtract(fill.fee()));
    paper.status = ExecutionStatus.FILLED;
    working.remove(paper.order.clientOrderId());
    return report(paper, ExecutionStatus.FILLED, fill, fill.tsEvent(), null);
  }

  private ExecutionReport report(
      PaperOrder paper,
      ExecutionStatus status,
      PaperFillModel.PaperFill fill,
      long tsEvent,
      String text) {
    Order order = paper.order;
    paper.reports++;
    BigDecimal filled = fill == null ? BigDecimal.ZERO : fill.quantity();
    boolean terminal = status != ExecutionStatus.ACCEPTED;
    ExecutionReport report =
        ExecutionReport.newBuilder()
            .setExecutionId(ClientOrderIds.executionId(order.clientOrderId(), paper.reports))
            .setClientOrderId(order.clientOrderId())
            .setBrokerOrderId("paper-" + order.clientOrderId())
            .setPortfolio(order.portfolio())
            .setSymbol(order.symbol())
            .setSide(order.side())
            .setStatus(status)
            .setLastQuantity(Decimals.toWireExact(filled))
            .setLastPrice(fill == null ? null : Decimals.toWireExact(fill.price()))
            .setCumulativeQuantity(Decimals.toWireExact(filled))
            .setLeavesQuantity(Decimals.toWireExact(terminal ? BigDecimal.ZERO : order.quantity()))
            .setAveragePrice(fill == null ? null : Decimals.toWireExact(fill.price()))
            .setFee(Decimals.toWireExact(fill == null ? BigDecimal.ZERO : fill.fee()))
            .setBroker(name())
            .setText(text)
            .setTsEvent(Instant.ofEpochMilli(tsEvent))
            .setTsInit(clock.instant())
            .build();
    paper.history.add(report);
    return report;
  }

  /** Forgets terminal orders beyond the most recent {@code keep}, to bound memory. */
  public void forgetTerminalOrdersBeyond(int keep) {
    int excess = orders.size() - keep;
    for (Iterator<PaperOrder> it = orders.values().iterator(); it.hasNext() && excess > 0; ) {
      PaperOrder paper = it.next();
      if (paper.status != ExecutionStatus.ACCEPTED) {
        it.remove();
        excess--;
      }
    }
  }

  private static final class PaperOrder {
    final Order order;
    ExecutionStatus status;
    int reports;

    /** What {@link #reportsOf} gives a bridge that replays the order after a crash. */
    final List<ExecutionReport> history = new ArrayList<>(2);

    PaperOrder(Order order) {
      this.order = order;
    }
  }
}
