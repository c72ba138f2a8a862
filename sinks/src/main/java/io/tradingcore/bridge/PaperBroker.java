package io.tradingcore.bridge;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.execution.SimulatedOrder;
import io.tradingcore.execution.TradingHalts;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
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
import java.util.TreeMap;

/**
 * A simulated broker that works orders with the {@link PaperFillModel} the backtest uses: fills on
 * bars after the decision, at most the model's participation cap of each bar's volume (the rest
 * stays working, PARTIALLY_FILLED), stop and trailing-stop triggers, time-in-force expiry, bracket
 * exits as one-cancels-other orders, and the design's cost model as the fee.
 *
 * <p>It remembers recent bars per symbol, so an order that reaches it late (orders are released
 * when the job's checkpoint completes) still works from the bar after its decision, not from
 * whatever bar is current: fills do not depend on timing. It keeps a cash ledger per portfolio and
 * rejects a buy the cash, less what working buys have reserved, cannot cover. It halts symbols by a
 * limit-up/limit-down rule over bars ({@link TradingHalts}) or by hand ({@link #halt}): a new order
 * decided during a halt is rejected naming it, and working orders do not fill on bars that start
 * inside it. Not thread-safe: the bridge calls it from one thread.
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
  private final TradingHalts halts;

  private final Map<String, Deque<Bar>> recentBars = new HashMap<>();
  private final Map<String, Long> evictedThrough = new HashMap<>();

  /**
   * Start of the latest bar seen per symbol: the market time a DAY order of the symbol expires by.
   * Never another symbol's: the bridge reads symbols from different partitions, in no fixed order
   * between them, so one symbol's bars may run days ahead of another's, and expiring by them would
   * make fills depend on that order.
   */
  private final Map<String, Long> marketTime = new HashMap<>();

  /** Every order seen, for idempotent look-ups (terminal ones forgotten past a bound). */
  private final Map<String, PaperOrder> orders = new LinkedHashMap<>();

  /** Orders accepted and not yet finished, in arrival order: what each bar is matched against. */
  private final Map<String, PaperOrder> working = new LinkedHashMap<>();

  private final Map<String, BigDecimal> cash = new HashMap<>();

  /** Signed quantity by symbol, per portfolio: what the paper account holds. */
  private final Map<String, Map<String, BigDecimal>> positions = new HashMap<>();

  public PaperBroker(
      PaperFillModel model,
      BigDecimal initialCash,
      int barHistory,
      Clock clock,
      TradingHalts halts) {
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
    this.halts = halts;
  }

  public PaperBroker(PaperFillModel model, BigDecimal initialCash, int barHistory, Clock clock) {
    this(model, initialCash, barHistory, clock, new TradingHalts());
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
    return place(new PaperOrder(order, model.expiry(order)), null);
  }

  /**
   * Replaces the working order {@code replacement.targetClientOrderId()} by {@code replacement}, a
   * fresh order under its own client order id for the quantity still to trade: the old order's
   * fills stay on the old id, which ends REPLACED. A replacement of an order that is not working,
   * or that changes its symbol or side, is REJECTED and the old order keeps working. A replayed
   * replacement (its id already known) does nothing.
   */
  @Override
  public List<ExecutionReport> replace(Order replacement) {
    if (orders.containsKey(replacement.clientOrderId())) {
      return List.of();
    }
    PaperOrder fresh = new PaperOrder(replacement, model.expiry(replacement));
    PaperOrder old = working.get(replacement.targetClientOrderId());
    if (old == null) {
      orders.put(replacement.clientOrderId(), fresh);
      return List.of(
          reject(
              fresh,
              "order "
                  + replacement.targetClientOrderId()
                  + " is not working: nothing to replace"));
    }
    if (!old.order().symbol().equals(replacement.symbol())
        || old.order().side() != replacement.side()) {
      orders.put(replacement.clientOrderId(), fresh);
      return List.of(reject(fresh, "a replacement keeps the symbol and side of the order"));
    }
    return place(fresh, old);
  }

  @Override
  public List<ExecutionReport> onMarketData(Bar bar) {
    Deque<Bar> bars = recentBars.computeIfAbsent(bar.symbol(), s -> new ArrayDeque<>());
    bars.addLast(bar);
    if (bars.size() > barHistory) {
      Bar dropped = bars.removeFirst();
      evictedThrough.merge(bar.symbol(), dropped.startMillis(), Math::max);
    }
    halts.onBar(bar);
    marketTime.merge(bar.symbol(), bar.startMillis(), Math::max);
    List<ExecutionReport> reports = new ArrayList<>();
    for (PaperOrder paper : List.copyOf(working.values())) {
      if (!working.containsKey(paper.order().clientOrderId())) {
        continue; // canceled by its one-cancels-other partner on this bar
      }
      if (paper.order().symbol().equals(bar.symbol())) {
        reports.addAll(work(paper, bar));
      }
    }
    return reports;
  }

  @Override
  public List<ExecutionReport> cancelAll(String portfolio) {
    List<ExecutionReport> reports = new ArrayList<>();
    for (PaperOrder paper : List.copyOf(working.values())) {
      if (paper.order().portfolio().equals(portfolio)) {
        reports.add(
            end(paper, ExecutionStatus.CANCELED, paper.order().decisionTime(), "kill switch"));
      }
    }
    return reports;
  }

  @Override
  public List<ExecutionReport> cancel(String clientOrderId) {
    PaperOrder paper = working.get(clientOrderId);
    return paper == null
        ? List.of()
        : List.of(
            end(
                paper,
                ExecutionStatus.CANCELED,
                paper.order().decisionTime(),
                "canceled on request"));
  }

  /** Halts {@code symbol} until {@link #resume}: new orders are rejected, working ones wait. */
  public void halt(String symbol, String why) {
    halts.halt(symbol, why);
  }

  public void resume(String symbol) {
    halts.resume(symbol);
  }

  /** Cash the paper account of {@code portfolio} holds now. */
  public BigDecimal cashOf(String portfolio) {
    return cash.getOrDefault(portfolio, initialCash);
  }

  /** What the paper account of {@code portfolio} holds: every symbol it has traded. */
  @Override
  public Optional<Map<String, BigDecimal>> positionsOf(String portfolio) {
    return Optional.of(new TreeMap<>(positions.getOrDefault(portfolio, Map.of())));
  }

  /** Orders accepted and not yet filled, expired, replaced or canceled. */
  public long workingOrders() {
    return working.size();
  }

  /** Accepts or rejects {@code paper} (replacing {@code old} when given), then catches it up. */
  private List<ExecutionReport> place(PaperOrder paper, PaperOrder old) {
    Order order = paper.order();
    orders.put(order.clientOrderId(), paper);
    Optional<String> refusal = refusal(order, old);
    if (refusal.isPresent()) {
      return List.of(reject(paper, refusal.get()));
    }
    List<ExecutionReport> reports = new ArrayList<>();
    if (old != null) {
      reports.add(
          end(
              old,
              ExecutionStatus.REPLACED,
              order.decisionTime(),
              "replaced by " + order.clientOrderId()));
    }
    paper.status = ExecutionStatus.ACCEPTED;
    reports.add(report(paper, ExecutionStatus.ACCEPTED, null, order.decisionTime(), null));
    Long evicted = evictedThrough.get(order.symbol());
    if (evicted != null && evicted >= order.decisionTime()) {
      // The bar this order should have filled on has been forgotten: filling on a later one
      // would make the fill depend on timing.
      reports.add(
          reject(paper, "order arrived after its fill bar left the paper broker's history"));
      return reports;
    }
    working.put(order.clientOrderId(), paper);
    for (Bar bar : recentBars.getOrDefault(order.symbol(), new ArrayDeque<>())) {
      if (!working.containsKey(order.clientOrderId())) {
        return reports;
      }
      if (bar.startMillis() >= order.decisionTime()) {
        reports.addAll(work(paper, bar));
      }
    }
    if (working.containsKey(order.clientOrderId())
        && paper.expiry <= marketTime.getOrDefault(order.symbol(), Long.MIN_VALUE)) {
      reports.add(expire(paper, paper.expiry));
    }
    return reports;
  }

  /** One bar against one working order of its symbol. */
  private List<ExecutionReport> work(PaperOrder paper, Bar bar) {
    Order order = paper.order();
    if (bar.startMillis() >= paper.expiry) {
      return List.of(expire(paper, paper.expiry));
    }
    if (halts.haltAt(order.symbol(), bar.startMillis()).isPresent()) {
      return List.of();
    }
    PaperFillModel.Outcome outcome = model.onBar(paper.simulated, bar);
    List<ExecutionReport> reports = new ArrayList<>();
    PaperFillModel.PaperFill fill = outcome.fill();
    if (fill != null) {
      BigDecimal signedNotional =
          order.side() == Side.BUY
              ? fill.quantity().multiply(fill.price())
              : fill.quantity().multiply(fill.price()).negate();
      cash.put(
          order.portfolio(),
          cashOf(order.portfolio()).subtract(signedNotional).subtract(fill.fee()));
      // What was filled, not what was ordered: the position is what the reports add up to.
      positions
          .computeIfAbsent(order.portfolio(), p -> new HashMap<>())
          .merge(
              order.symbol(),
              order.side() == Side.BUY ? fill.quantity() : fill.quantity().negate(),
              BigDecimal::add);
      boolean done = paper.simulated.leavesQuantity().signum() == 0;
      paper.status = done ? ExecutionStatus.FILLED : ExecutionStatus.PARTIALLY_FILLED;
      if (done) {
        working.remove(order.clientOrderId());
      }
      reports.add(report(paper, paper.status, fill, fill.tsEvent(), null));
      if (paper.ocoPartner != null && working.containsKey(paper.ocoPartner)) {
        reports.add(
            end(
                working.get(paper.ocoPartner),
                ExecutionStatus.CANCELED,
                fill.tsEvent(),
                "one-cancels-other: " + order.clientOrderId() + " filled"));
      }
    }
    if (outcome.isExpired()) {
      reports.add(end(paper, ExecutionStatus.EXPIRED, bar.startMillis(), outcome.expired()));
    }
    if (!working.containsKey(order.clientOrderId())) {
      reports.addAll(placeExits(paper, bar));
    }
    return reports;
  }

  /** A finished bracket entry with fills places its exits, linked one-cancels-other. */
  private List<ExecutionReport> placeExits(PaperOrder entry, Bar bar) {
    List<Order> exits = model.exits(entry.simulated, bar);
    List<ExecutionReport> reports = new ArrayList<>();
    List<PaperOrder> placed = new ArrayList<>();
    for (Order exit : exits) {
      if (!orders.containsKey(exit.clientOrderId())) {
        PaperOrder paper = new PaperOrder(exit, model.expiry(exit));
        placed.add(paper);
        reports.addAll(place(paper, null));
      }
    }
    if (placed.size() == 2) {
      placed.get(0).ocoPartner = placed.get(1).order().clientOrderId();
      placed.get(1).ocoPartner = placed.get(0).order().clientOrderId();
    }
    return reports;
  }

  private ExecutionReport expire(PaperOrder paper, long expiry) {
    return end(
        paper,
        ExecutionStatus.EXPIRED,
        expiry,
        paper.order().timeInForce() + " order expired at " + Instant.ofEpochMilli(expiry));
  }

  private ExecutionReport end(PaperOrder paper, ExecutionStatus status, long tsEvent, String why) {
    paper.status = status;
    working.remove(paper.order().clientOrderId());
    return report(paper, status, null, tsEvent, why);
  }

  private ExecutionReport reject(PaperOrder paper, String why) {
    return end(paper, ExecutionStatus.REJECTED, paper.order().decisionTime(), why);
  }

  private Optional<String> refusal(Order order, PaperOrder replaced) {
    if (order.action() != OrderAction.NEW && order.action() != OrderAction.REPLACE) {
      return Optional.of("the paper broker places NEW and REPLACE orders, got " + order.action());
    }
    Optional<String> unworkable = model.refusal(order);
    if (unworkable.isPresent()) {
      return unworkable;
    }
    Optional<String> halted = halts.haltAt(order.symbol(), order.decisionTime());
    if (halted.isPresent()) {
      return halted;
    }
    if (order.side() == Side.BUY) {
      BigDecimal price = priceEstimate(order);
      BigDecimal needed =
          order.quantity().multiply(price).add(model.costs().fee(order.quantity(), price));
      BigDecimal available =
          cashOf(order.portfolio()).subtract(reservedFor(order.portfolio(), replaced));
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

  /** What working buys of {@code portfolio} may still spend, {@code except} one being replaced. */
  private BigDecimal reservedFor(String portfolio, PaperOrder except) {
    BigDecimal reserved = BigDecimal.ZERO;
    for (PaperOrder paper : working.values()) {
      Order o = paper.order();
      if (paper != except && o.side() == Side.BUY && o.portfolio().equals(portfolio)) {
        reserved = reserved.add(paper.simulated.leavesQuantity().multiply(priceEstimate(o)));
      }
    }
    return reserved;
  }

  /** The price a buy is reserved at: the highest of its reference, limit and stop prices. */
  private static BigDecimal priceEstimate(Order order) {
    BigDecimal price = order.referencePrice();
    if (order.limitPrice() != null) {
      price = price.max(order.limitPrice());
    }
    if (order.stopPrice() != null) {
      price = price.max(order.stopPrice());
    }
    return price;
  }

  private ExecutionReport report(
      PaperOrder paper,
      ExecutionStatus status,
      PaperFillModel.PaperFill fill,
      long tsEvent,
      String text) {
    Order order = paper.order();
    paper.reports++;
    SimulatedOrder simulated = paper.simulated;
    boolean stillWorking =
        status == ExecutionStatus.ACCEPTED || status == ExecutionStatus.PARTIALLY_FILLED;
    BigDecimal average = simulated.averagePrice();
    ExecutionReport report =
        ExecutionReport.newBuilder()
            .setExecutionId(ClientOrderIds.executionId(order.clientOrderId(), paper.reports))
            .setClientOrderId(order.clientOrderId())
            .setBrokerOrderId("paper-" + order.clientOrderId())
            .setPortfolio(order.portfolio())
            .setSymbol(order.symbol())
            .setSide(order.side())
            .setStatus(status)
            .setLastQuantity(Decimals.toWireExact(fill == null ? BigDecimal.ZERO : fill.quantity()))
            .setLastPrice(fill == null ? null : Decimals.toWireExact(fill.price()))
            .setCumulativeQuantity(Decimals.toWireExact(simulated.filledQuantity()))
            .setLeavesQuantity(
                Decimals.toWireExact(stillWorking ? simulated.leavesQuantity() : BigDecimal.ZERO))
            .setAveragePrice(average == null ? null : Decimals.toWireExact(average))
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
      if (!working.containsKey(paper.order().clientOrderId())) {
        it.remove();
        excess--;
      }
    }
  }

  private static final class PaperOrder {
    final SimulatedOrder simulated;
    ExecutionStatus status;
    int reports;

    /** The other exit of a bracket, canceled when this one fills. */
    String ocoPartner;

    /** What {@link #reportsOf} gives a bridge that replays the order after a crash. */
    final List<ExecutionReport> history = new ArrayList<>(2);

    /** When a DAY order expires ({@link PaperFillModel#expiry}), worked out once. */
    final long expiry;

    PaperOrder(Order order, long expiry) {
      this.simulated = new SimulatedOrder(order);
      this.expiry = expiry;
    }

    Order order() {
      return simulated.order();
    }
  }
}
