package io.tradingcore.backtest;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.execution.SimulatedOrder;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.PortfolioRisk;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portfolio in a backtest, in plain Java: the live job's risk gate ({@link PortfolioRisk}), a
 * simulated venue that works the gate's orders bar by bar with the paper broker's own {@link
 * PaperFillModel}, and the position {@link Book}, joined without Kafka in between. The caller feeds
 * it events in event-time order; everything it produces goes to one {@link Output} in the order it
 * happened.
 *
 * <p>Why one class instead of the live job's separate gate, bridge and book: the live loop closes
 * through Kafka (orders → bridge → fills → gate and book), and a bounded Flink 2.x job has no
 * feedback edge (iterations are gone). Joining the three per portfolio keeps the loop inside one
 * keyed operator, where the order of events is the order the caller hands them in.
 *
 * <p>What happens on each input, as in the live loop:
 *
 * <ul>
 *   <li>a bar of a traded symbol: the book is marked at its close (a MARK snapshot stamped with the
 *       bar's end), then every order working on the symbol is worked on it: a fill at the bar's
 *       open (a FILL snapshot and a report stamped with the bar's start), an expiry. An order
 *       decided at a bar's end never fills on that bar: the fill model only works a bar that starts
 *       at or after the decision, and the venue only a bar that ends after the event time the order
 *       arrived at (an order released while this time's bars are handled, e.g. a flatten after a
 *       fill, waits for the next bar of its symbol).
 *   <li>a market context: to the gate, then any target that waited for it.
 *   <li>a target: to the gate; orders it releases are placed at the venue at once (ACCEPTED or
 *       REJECTED), and every report goes back to the gate, as fills do from {@code fills.v1}.
 *   <li>a breaker's event: written, then to the gate (HALT, PAUSE, flatten).
 *   <li>an operator command (the backtest's modelled RESUME): to the gate, which writes that it
 *       accepted it and any change of trading state.
 * </ul>
 *
 * <p>Not simulated yet: bracket exits, cancel and replace requests, broker halts and the paper
 * broker's buying-power check (the gate's exposure limits apply); such orders are REJECTED, and the
 * reason is logged (the domain execution report has no text field).
 */
public final class BacktestPortfolio {
  private static final Logger LOG = LoggerFactory.getLogger(BacktestPortfolio.class);

  /** Where one portfolio's records go, in the order they happen. */
  public interface Output {
    void order(Order order);

    void report(ExecutionReport report);

    void snapshot(BookSnapshot snapshot);

    void riskEvent(RiskAlert alert);
  }

  private final PortfolioSpec spec;
  private final PaperFillModel fills;
  private final PortfolioRisk risk;
  private final BacktestPortfolioState state;

  /** The event time whose inputs are being handled. */
  private final long now;

  /** Orders the gate released and the venue has not seen yet (the gate must not be re-entered). */
  private final Deque<Order> toPlace = new ArrayDeque<>();

  /**
   * @param now the event time whose inputs the caller hands in next: orders placed meanwhile only
   *     fill on bars that end after it
   */
  public BacktestPortfolio(
      PortfolioSpec spec,
      MarketSessions sessions,
      PaperFillModel fills,
      BacktestPortfolioState state,
      long now) {
    this.spec = spec;
    this.fills = fills;
    this.state = state;
    this.now = now;
    this.risk = new PortfolioRisk(spec, sessions, state.risk);
  }

  /** A portfolio that has seen nothing: initial cash, no positions, no orders. */
  public static BacktestPortfolioState open(PortfolioSpec spec) {
    BacktestPortfolioState state = new BacktestPortfolioState();
    state.risk = PortfolioRisk.open(spec);
    state.book = Book.open(spec.name(), spec.initialCash());
    return state;
  }

  /** The state after what was fed so far. */
  public BacktestPortfolioState state() {
    state.risk = risk.state();
    return state;
  }

  /** Marks the book at the bar's close, then works the orders of its symbol on it. */
  public void onBar(Bar bar, Output out) {
    state.book = state.book.mark(bar.symbol(), bar.close());
    snapshot(SnapshotTrigger.MARK, bar.endMillis(), null, out);
    for (VenueOrder working : List.copyOf(state.working)) {
      if (working.simulated.order().symbol().equals(bar.symbol())
          && bar.endMillis() > working.placedAt) {
        work(working, bar, out);
      }
    }
    placeReleased(out);
  }

  public void onObservation(PortfolioObservation observation, Output out) {
    risk.onObservation(observation, gateOutput(out));
    List<TargetPosition> waiting = state.waitingTargets;
    state.waitingTargets = new ArrayList<>();
    for (TargetPosition target : waiting) {
      decide(target, out);
    }
    placeReleased(out);
  }

  public void onTarget(TargetPosition target, Output out) {
    decide(target, out);
    placeReleased(out);
  }

  public void onBreaker(RiskAlert alert, Output out) {
    out.riskEvent(alert);
    risk.onBreaker(alert, gateOutput(out));
    placeReleased(out);
  }

  public void onCommand(OperatorCommand command, Output out) {
    risk.onCommand(command, gateOutput(out));
    placeReleased(out);
  }

  /** A target is judged against the market of its own bar: it waits until that has arrived. */
  private void decide(TargetPosition target, Output out) {
    if (risk.hasContextFor(target.decisionTime())) {
      risk.onTarget(target, gateOutput(out));
    } else {
      state.waitingTargets.add(target);
    }
  }

  private PortfolioRisk.Output gateOutput(Output out) {
    return new PortfolioRisk.Output() {
      @Override
      public void order(Order order) {
        out.order(order);
        toPlace.addLast(order);
      }

      @Override
      public void alert(RiskAlert alert) {
        out.riskEvent(alert);
      }
    };
  }

  /** Places what the gate released; the reports go back to the gate, which may release more. */
  private void placeReleased(Output out) {
    while (!toPlace.isEmpty()) {
      Order order = toPlace.removeFirst();
      VenueOrder venue = new VenueOrder(new SimulatedOrder(order), fills.expiry(order), now);
      Optional<String> refusal = refusal(order);
      if (refusal.isPresent()) {
        LOG.warn("Backtest venue rejects order {}: {}", order.clientOrderId(), refusal.get());
        report(venue, ExecutionStatus.REJECTED, null, order.decisionTime(), out);
        continue;
      }
      state.working.add(venue);
      report(venue, ExecutionStatus.ACCEPTED, null, order.decisionTime(), out);
    }
  }

  private Optional<String> refusal(Order order) {
    if (order.action() != OrderAction.NEW) {
      return Optional.of("the backtest venue places NEW orders only, got " + order.action());
    }
    if (order.hasExits()) {
      return Optional.of("bracket exits are not simulated in the backtest yet");
    }
    return fills.refusal(order);
  }

  /** One bar against one working order of its symbol, as the paper broker works it. */
  private void work(VenueOrder working, Bar bar, Output out) {
    if (bar.startMillis() >= working.expiry) {
      end(working, ExecutionStatus.EXPIRED, working.expiry, out);
      return;
    }
    PaperFillModel.Outcome outcome = fills.onBar(working.simulated, bar);
    PaperFillModel.PaperFill fill = outcome.fill();
    if (fill != null) {
      boolean done = working.simulated.leavesQuantity().signum() == 0;
      if (done) {
        state.working.remove(working);
      }
      report(
          working,
          done ? ExecutionStatus.FILLED : ExecutionStatus.PARTIALLY_FILLED,
          fill,
          fill.tsEvent(),
          out);
    }
    if (outcome.isExpired()) {
      end(working, ExecutionStatus.EXPIRED, bar.startMillis(), out);
    }
  }

  private void end(VenueOrder working, ExecutionStatus status, long tsEvent, Output out) {
    state.working.remove(working);
    report(working, status, null, tsEvent, out);
  }

  /**
   * A report of the venue, numbered per order like the paper broker's; a fill changes the book (a
   * FILL snapshot) before the gate hears of it, as in the live loop.
   */
  private void report(
      VenueOrder venue,
      ExecutionStatus status,
      PaperFillModel.PaperFill fill,
      long tsEvent,
      Output out) {
    Order order = venue.simulated.order();
    venue.reports++;
    boolean stillWorking =
        status == ExecutionStatus.ACCEPTED || status == ExecutionStatus.PARTIALLY_FILLED;
    ExecutionReport report =
        new ExecutionReport(
            ClientOrderIds.executionId(order.clientOrderId(), venue.reports),
            order.clientOrderId(),
            order.portfolio(),
            order.symbol(),
            order.side(),
            status,
            fill == null ? BigDecimal.ZERO : fill.quantity(),
            fill == null ? null : fill.price(),
            venue.simulated.filledQuantity(),
            stillWorking ? venue.simulated.leavesQuantity() : BigDecimal.ZERO,
            fill == null ? BigDecimal.ZERO : fill.fee(),
            tsEvent);
    out.report(report);
    if (report.isFill()) {
      state.book = state.book.applyFill(report);
      snapshot(SnapshotTrigger.FILL, tsEvent, report, out);
    }
    risk.onFill(report, gateOutput(out));
  }

  private void snapshot(SnapshotTrigger trigger, long tsEvent, ExecutionReport fill, Output out) {
    out.snapshot(new BookSnapshot(++state.snapshotSequence, trigger, tsEvent, state.book, fill));
  }

  /** For messages: the portfolio and the market time. */
  @Override
  public String toString() {
    return "BacktestPortfolio["
        + spec.name()
        + ", "
        + state.working.size()
        + " working, book equity "
        + state.book.equity().toPlainString()
        + "]";
  }
}
