package io.tradingcore.risk;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.cross.CorrelationMatrix;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.breakers.DayLedger;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The risk gate's logic for one portfolio, over its {@link PortfolioRiskState}: every intended
 * trade passes the pre-trade checks here, the trading state (ACTIVE / REDUCING / HALTED) and the
 * pauses are enforced here, and the drawdown limit flattens and halts here. Plain Java, so the
 * Flink function, the property test and the benchmark run the same code.
 *
 * <p>Checks, in the order a denial reports the first that fails: trading state, pauses, trading
 * session, reference price and the price collar against the last trade, order quantity and
 * notional, duplicate order, order rate; then, for an order that does not reduce risk, position,
 * daily loss, gross and net exposure, concentration, correlation and value at risk. An order
 * reduces risk when it moves a position towards zero without crossing it (working orders counted);
 * such an order passes in REDUCING and while entries are paused.
 */
public final class PortfolioRisk {
  /** Where the gate's decisions go. */
  public interface Output {
    void order(Order order);

    void alert(RiskAlert alert);

    /** Called for every denied order, reported as an alert or not (a repeat). */
    default void violation(Denial denial) {}
  }

  /** A denial of the same symbol and reason is reported again only after this much event time. */
  public static final long DENIAL_REPORT_INTERVAL_MILLIS = 15 * 60_000L;

  private static final MathContext RATIO = MathContext.DECIMAL64;
  private static final int PRICE_SCALE = 8;

  private final PortfolioSpec spec;
  private final MarketSessions sessions;
  private final PortfolioRiskState state;
  private RiskLimits limits;

  public PortfolioRisk(PortfolioSpec spec, MarketSessions sessions, PortfolioRiskState state) {
    this.spec = spec;
    this.sessions = sessions;
    this.state = state;
    this.limits = spec.limits().withValues(state.limitOverrides);
  }

  /** The limits in force: the portfolio's, with every SET_LIMIT applied. */
  public RiskLimits limits() {
    return limits;
  }

  /** The state of a portfolio the gate has not seen yet. */
  public static PortfolioRiskState open(PortfolioSpec spec) {
    PortfolioRiskState state = new PortfolioRiskState();
    state.book = Book.open(spec.name(), spec.initialCash());
    state.symbols = new ArrayList<>(spec.symbols());
    state.dayStartEquity = spec.initialCash();
    return state;
  }

  public PortfolioRiskState state() {
    return state;
  }

  /** Whether the market context of {@code decisionTime}'s bar has arrived. */
  public boolean hasContextFor(long decisionTime) {
    return state.contextTime >= decisionTime;
  }

  // --- market context ---------------------------------------------------------------------

  /** Marks the book, records returns and correlations, enforces the drawdown limit. */
  public void onObservation(PortfolioObservation observation, Output out) {
    long time = observation.barEnd();
    if (time <= state.contextTime) {
      return;
    }
    rollDay(time);
    Book book = state.book;
    for (ObservedSymbol observed : observation.symbols()) {
      if (observed.traded() && observed.fresh()) {
        book = book.mark(observed.symbol(), observed.features().close());
      }
    }
    state.book = book;
    state.contextTime = time;
    recordReturns(observation);
    state.correlationSymbols = observation.symbols().stream().map(ObservedSymbol::symbol).toList();
    state.correlations = observation.correlations().clone();
    state.pauses.removeIf(pause -> pause.until() <= time);
    enforceDrawdown(out);
    if (state.flattening) {
      flatten(out);
    }
  }

  private void rollDay(long time) {
    long day = DayLedger.tradingDayOf(time);
    if (day != state.tradingDay) {
      state.tradingDay = day;
      state.dayStartEquity = state.book.equity();
    }
  }

  private void recordReturns(PortfolioObservation observation) {
    double[] returns = new double[state.symbols.size()];
    for (int i = 0; i < returns.length; i++) {
      ObservedSymbol observed = observation.symbol(state.symbols.get(i));
      if (observed == null || observed.features() == null) {
        return;
      }
      returns[i] = Math.expm1(observed.alignedReturn());
    }
    state.returns.add(returns);
    int excess = state.returns.size() - limits.count(RiskParameter.VAR_WINDOW);
    if (excess > 0) {
      state.returns.subList(0, excess).clear();
    }
  }

  // --- intents -----------------------------------------------------------------------------

  /** Plans the order that moves towards {@code target} and releases it if every check passes. */
  public void onTarget(TargetPosition target, Output out) {
    String symbol = target.symbol();
    Exposure exposure = exposureOf(symbol);
    Optional<OrderRequest> planned = OrderPlanner.plan(target, exposure, limits, spec.lots());
    if (planned.isEmpty()) {
      return;
    }
    OrderRequest request = planned.get();
    long decisionTime = target.decisionTime();
    long next = state.sequence + 1;
    String clientOrderId = ClientOrderIds.of(spec.name(), decisionTime, symbol, next);
    Optional<Denial> denial = check(request, exposure, decisionTime);
    if (denial.isPresent()) {
      deny(symbol, denial.get(), clientOrderId, decisionTime, out);
      return;
    }
    release(
        request, OrderType.MARKET, null, decisionTime, target.strategyId(), request.reason(), out);
  }

  /**
   * The first check {@code request} fails, or empty when it may go.
   *
   * @throws IllegalArgumentException for a request no correct planner produces
   */
  public Optional<Denial> check(OrderRequest request, Exposure exposure, long decisionTime) {
    if (request.quantity().signum() <= 0) {
      throw new IllegalArgumentException(
          "order quantity must be positive, got "
              + request.quantity()
              + " for "
              + request.symbol());
    }
    String symbol = request.symbol();
    RiskLimits limits = this.limits;
    boolean reducing = reducesRisk(request, exposure);
    if (state.tradingState == TradingState.HALTED) {
      return deny(
          RiskReason.TRADING_HALTED,
          "portfolio "
              + spec.name()
              + " is HALTED: nothing but FLATTEN's closing orders until RESUME",
          Map.of());
    }
    if (state.tradingState == TradingState.REDUCING && !reducing) {
      return deny(
          RiskReason.REDUCING_ONLY,
          "portfolio " + spec.name() + " is REDUCING: only orders that reduce a position pass",
          Map.of());
    }
    if (!reducing) {
      Optional<Denial> paused = checkPauses(symbol, decisionTime);
      if (paused.isPresent()) {
        return paused;
      }
    }
    TradingCalendar calendar = sessions.of(symbol);
    if (!calendar.isOpen(decisionTime)) {
      return deny(
          RiskReason.TRADING_SESSION,
          symbol + " is outside its " + calendar.name() + " session at " + instant(decisionTime),
          Map.of());
    }
    Optional<Denial> price = checkPrice(symbol, request.referencePrice(), limits);
    if (price.isPresent()) {
      return price;
    }
    Optional<Denial> orderLimits = PreTradeCheck.check(request, exposure, limits);
    if (orderLimits.isPresent()) {
      return orderLimits;
    }
    long duplicateWindow = limits.millis(RiskParameter.DUPLICATE_WINDOW);
    for (PortfolioRiskState.SentOrder sent : state.recent) {
      if (sent.symbol().equals(symbol)
          && sent.side() == request.side()
          && sent.quantity().compareTo(request.quantity()) == 0
          && decisionTime - sent.time() < duplicateWindow) {
        return deny(
            RiskReason.DUPLICATE_ORDER,
            "an order to "
                + request.side()
                + " "
                + request.quantity().toPlainString()
                + " "
                + symbol
                + " was sent "
                + (decisionTime - sent.time())
                + " ms earlier",
            Map.of("windowMillis", (double) duplicateWindow));
      }
    }
    long rateWindow = limits.millis(RiskParameter.ORDER_RATE_WINDOW);
    long inWindow =
        state.recent.stream().filter(sent -> sent.time() > decisionTime - rateWindow).count();
    int maxOrders = limits.count(RiskParameter.MAX_ORDERS_PER_WINDOW);
    if (inWindow >= maxOrders) {
      return deny(
          RiskReason.ORDER_RATE,
          inWindow
              + " orders within "
              + RiskParameter.ORDER_RATE_WINDOW.display(limits.get(RiskParameter.ORDER_RATE_WINDOW))
              + " already, the limit is "
              + maxOrders,
          Map.of("observed", (double) inWindow, "limit", (double) maxOrders));
    }
    if (reducing) {
      return Optional.empty();
    }
    return checkPortfolioRisk(request, exposure);
  }

  private Optional<Denial> checkPrice(String symbol, BigDecimal referencePrice, RiskLimits limits) {
    if (referencePrice == null || referencePrice.signum() <= 0) {
      return deny(
          RiskReason.NO_REFERENCE_PRICE, "no positive reference price for " + symbol, Map.of());
    }
    BigDecimal last = state.book.marks().get(symbol);
    if (last == null || last.signum() <= 0) {
      return deny(
          RiskReason.NO_REFERENCE_PRICE,
          "no last trade of " + symbol + " to collar against",
          Map.of());
    }
    BigDecimal distance = referencePrice.subtract(last).abs().divide(last, RATIO);
    BigDecimal collar = limits.get(RiskParameter.PRICE_COLLAR);
    if (distance.compareTo(collar) > 0) {
      return deny(
          RiskReason.PRICE_COLLAR,
          "price "
              + referencePrice.toPlainString()
              + " is "
              + percent(distance)
              + " from the last trade "
              + last.toPlainString()
              + ", the collar is "
              + percent(collar),
          Map.of("observed", distance.doubleValue(), "limit", collar.doubleValue()));
    }
    return Optional.empty();
  }

  private Optional<Denial> checkPortfolioRisk(OrderRequest request, Exposure exposure) {
    RiskLimits limits = this.limits;
    Book book = state.book;
    BigDecimal equity = book.equity();
    if (equity.signum() <= 0) {
      return deny(
          RiskReason.DAILY_LOSS,
          "equity is " + equity.toPlainString() + ": no new risk",
          Map.of("observed", equity.doubleValue()));
    }
    BigDecimal dayStart = state.dayStartEquity;
    BigDecimal lossLimit = limits.get(RiskParameter.DAILY_LOSS_LIMIT);
    if (dayStart != null && dayStart.signum() > 0) {
      BigDecimal change = equity.subtract(dayStart).divide(dayStart, RATIO);
      if (change.compareTo(lossLimit.negate()) <= 0) {
        return deny(
            RiskReason.DAILY_LOSS,
            "the day's loss is "
                + percent(change.negate())
                + " of its starting equity "
                + dayStart.toPlainString()
                + ", the limit is "
                + percent(lossLimit),
            Map.of("observed", change.negate().doubleValue(), "limit", lossLimit.doubleValue()));
      }
    }
    String symbol = request.symbol();
    BigDecimal signed = request.signedQuantity();
    BigDecimal gross = BigDecimal.ZERO;
    BigDecimal net = BigDecimal.ZERO;
    BigDecimal concentration = BigDecimal.ZERO;
    double[] before = new double[state.symbols.size()];
    double[] after = new double[state.symbols.size()];
    // The side each other symbol will be on once its working orders fill: the correlation check's
    // input, taken in the same pass.
    Map<String, Integer> otherSides = new TreeMap<>();
    for (String held : heldOrTraded()) {
      Exposure e = held.equals(symbol) ? exposure : exposureOf(held);
      BigDecimal heldNet = e.netAfter(BigDecimal.ZERO);
      if (!held.equals(symbol)) {
        otherSides.put(held, heldNet.signum());
      }
      BigDecimal mark = book.markOf(held);
      BigDecimal add = held.equals(symbol) ? signed : BigDecimal.ZERO;
      BigDecimal worst = e.worstCaseAfter(add).multiply(mark);
      BigDecimal expected = e.netAfter(add).multiply(mark);
      gross = gross.add(worst);
      net = net.add(expected);
      if (held.equals(symbol)) {
        concentration = worst;
      }
      int index = state.symbols.indexOf(held);
      if (index >= 0) {
        before[index] = heldNet.multiply(mark).doubleValue();
        after[index] = expected.doubleValue();
      }
    }
    Optional<Denial> exposureDenial =
        ratio(
            RiskReason.GROSS_EXPOSURE,
            "gross exposure",
            gross,
            equity,
            limits.get(RiskParameter.MAX_GROSS_EXPOSURE));
    if (exposureDenial.isPresent()) {
      return exposureDenial;
    }
    exposureDenial =
        ratio(
            RiskReason.NET_EXPOSURE,
            "net exposure",
            net.abs(),
            equity,
            limits.get(RiskParameter.MAX_NET_EXPOSURE));
    if (exposureDenial.isPresent()) {
      return exposureDenial;
    }
    exposureDenial =
        ratio(
            RiskReason.CONCENTRATION,
            symbol + "'s share of equity",
            concentration,
            equity,
            limits.get(RiskParameter.MAX_CONCENTRATION));
    if (exposureDenial.isPresent()) {
      return exposureDenial;
    }
    Optional<Denial> correlated = checkCorrelation(request, otherSides, limits);
    if (correlated.isPresent()) {
      return correlated;
    }
    return checkValueAtRisk(before, after, equity, limits);
  }

  private Optional<Denial> ratio(
      RiskReason reason, String what, BigDecimal amount, BigDecimal equity, BigDecimal limit) {
    BigDecimal observed = amount.divide(equity, RATIO);
    if (observed.compareTo(limit) <= 0) {
      return Optional.empty();
    }
    return deny(
        reason,
        what
            + " would be "
            + amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
            + " = "
            + observed.round(new MathContext(4)).toPlainString()
            + " × equity "
            + equity.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
            + ", the limit is "
            + limit.stripTrailingZeros().toPlainString()
            + " ×",
        Map.of("observed", observed.doubleValue(), "limit", limit.doubleValue()));
  }

  private Optional<Denial> checkCorrelation(
      OrderRequest request, Map<String, Integer> otherSides, RiskLimits limits) {
    double max = limits.asDouble(RiskParameter.MAX_CORRELATION);
    String symbol = request.symbol();
    int direction = request.signedQuantity().signum();
    for (Map.Entry<String, Integer> entry : otherSides.entrySet()) {
      String other = entry.getKey();
      int held = entry.getValue();
      double correlation = correlation(symbol, other);
      if (held == 0 || Double.isNaN(correlation) || Math.abs(correlation) <= max) {
        continue;
      }
      // A position in a correlated symbol is the same bet when the correlation's sign times the
      // held side matches the new order's side; the opposite side is a hedge and passes.
      int sameBet = (int) Math.signum(correlation) * held;
      if (sameBet == direction) {
        return deny(
            RiskReason.CORRELATION,
            String.format(
                "%s and %s move together (correlation %.3f, limit %.2f): adding to %s repeats the"
                    + " %s position's bet",
                symbol, other, correlation, max, symbol, other),
            Map.of("observed", Math.abs(correlation), "limit", max));
      }
    }
    return Optional.empty();
  }

  private Optional<Denial> checkValueAtRisk(
      double[] before, double[] after, BigDecimal equity, RiskLimits limits) {
    double confidence = limits.asDouble(RiskParameter.VAR_CONFIDENCE);
    double var = ValueAtRisk.of(after, state.returns, confidence);
    double limit = limits.asDouble(RiskParameter.VAR_LIMIT) * equity.doubleValue();
    if (Double.isNaN(var) || var <= limit) {
      return Optional.empty();
    }
    double varBefore = ValueAtRisk.of(before, state.returns, confidence);
    if (var <= varBefore) {
      return Optional.empty();
    }
    return deny(
        RiskReason.VALUE_AT_RISK,
        String.format(
            "one-bar VaR(%.0f%%) would be %.2f over %d scenarios, the limit is %.2f (%s of equity)",
            confidence * 100,
            var,
            state.returns.size(),
            limit,
            percent(limits.get(RiskParameter.VAR_LIMIT))),
        Map.of("observed", var, "limit", limit, "before", varBefore));
  }

  private double correlation(String a, String b) {
    int i = state.correlationSymbols.indexOf(a);
    int j = state.correlationSymbols.indexOf(b);
    if (i < 0 || j < 0 || i == j) {
      return Double.NaN;
    }
    int index =
        CorrelationMatrix.upperIndex(
            state.correlationSymbols.size(), Math.min(i, j), Math.max(i, j));
    return index < state.correlations.length ? state.correlations[index] : Double.NaN;
  }

  /** The portfolio's symbols and any other it holds or has orders in, in a fixed order. */
  private TreeSet<String> heldOrTraded() {
    TreeSet<String> symbols = new TreeSet<>(state.symbols);
    state
        .book
        .positions()
        .forEach(
            (symbol, position) -> {
              if (!position.isFlat()) {
                symbols.add(symbol);
              }
            });
    state.working.values().forEach(order -> symbols.add(order.symbol()));
    return symbols;
  }

  private static boolean reducesRisk(OrderRequest request, Exposure exposure) {
    BigDecimal position = exposure.position();
    if (position.signum() == 0 || request.signedQuantity().signum() == position.signum()) {
      return false;
    }
    BigDecimal sameSideWorking =
        request.side() == Side.BUY ? exposure.workingBuys() : exposure.workingSells();
    return request.quantity().add(sameSideWorking).compareTo(position.abs()) <= 0;
  }

  // --- fills -------------------------------------------------------------------------------

  /** Applies a report of this portfolio to the book and the working orders. */
  public void onFill(ExecutionReport report, Output out) {
    if (report.isFill()) {
      state.book = state.book.applyFill(report);
    }
    WorkingOrder order = state.working.get(report.clientOrderId());
    if (order != null) {
      BigDecimal remaining = order.remaining().subtract(report.lastQuantity());
      if (report.isTerminal() || remaining.signum() <= 0) {
        state.working.remove(report.clientOrderId());
      } else {
        state.working.put(
            report.clientOrderId(),
            new WorkingOrder(order.clientOrderId(), order.symbol(), order.side(), remaining));
      }
    }
    if (state.contextTime != Long.MIN_VALUE) {
      enforceDrawdown(out);
    }
  }

  // --- operators and breakers ---------------------------------------------------------------

  /** Applies a verified operator command addressed to this portfolio. */
  public void onCommand(OperatorCommand command, Output out) {
    long time = eventTime(command.issuedAt());
    String by = command.command() + " by " + command.operator() + ": " + command.reason();
    Map<String, Double> values = Map.of();
    switch (command.command()) {
      case KILL -> {
        state.flattening = false;
        changeState(
            TradingState.HALTED, RiskReason.KILL_SWITCH, by, command.commandId(), time, out);
      }
      case FLATTEN -> {
        state.flattening = true;
        changeState(TradingState.HALTED, RiskReason.FLATTEN, by, command.commandId(), time, out);
      }
      case RESUME -> {
        state.flattening = false;
        state.drawdownTripped = false;
        state.pauses.clear();
        state.book = state.book.withHighWaterMarkAtEquity();
        changeState(
            TradingState.ACTIVE, RiskReason.TRADING_STATE, by, command.commandId(), time, out);
      }
      case SET_LIMIT -> {
        RiskParameter parameter = command.parameter();
        BigDecimal old = limits.get(parameter);
        if (parameter.scope() == RiskParameter.Scope.GATE) {
          limits = limits.with(parameter, command.value());
          state.limitOverrides.put(parameter.name(), command.value());
        }
        by =
            by
                + " ("
                + parameter.externalName()
                + " "
                + parameter.display(old)
                + " → "
                + parameter.display(command.value())
                + ")";
        values = Map.of("old", old.doubleValue(), "new", command.value().doubleValue());
      }
      default -> throw new IllegalArgumentException("not a command the gate acts on: " + command);
    }
    out.alert(
        RiskAlert.raised(
                "gate",
                spec.name(),
                null,
                RiskReason.CONTROL_ACCEPTED,
                Severity.INFO,
                by,
                values,
                command.commandId(),
                time)
            .withTradingState(state.tradingState));
    if (state.flattening) {
      flatten(out);
    }
  }

  /**
   * The pause in force at {@code decisionTime} that the denial names: one of the whole portfolio
   * before one of {@code symbol}, then the one that ends last. Pauses that begin after the decision
   * do not count.
   */
  private Optional<Denial> checkPauses(String symbol, long decisionTime) {
    return state.pauses.stream()
        .filter(p -> p.pauses(symbol, decisionTime))
        .max(
            Comparator.comparing((PortfolioRiskState.Pause p) -> p.symbol() == null)
                .thenComparingLong(PortfolioRiskState.Pause::until))
        .flatMap(
            p ->
                deny(
                    RiskReason.ENTRIES_PAUSED,
                    (p.symbol() == null
                            ? "new entries of " + spec.name()
                            : "new entries in " + symbol)
                        + " are paused until "
                        + instant(p.until()),
                    Map.of("until", (double) p.until())));
  }

  /**
   * Applies a circuit breaker's event: a halt, a move to REDUCING, or a pause. A pause covers
   * decisions from the event's time to its {@code until}; halts and moves to REDUCING last until a
   * RESUME, so they apply at once.
   */
  public void onBreaker(RiskAlert breaker, Output out) {
    long time = eventTime(breaker.tsEvent());
    String cause = "breaker " + breaker.reason() + ": " + breaker.cause();
    switch (breaker.severity()) {
      case HALT ->
          changeState(TradingState.HALTED, breaker.reason(), cause, breaker.eventId(), time, out);
      case REDUCE -> {
        if (state.tradingState == TradingState.ACTIVE) {
          changeState(TradingState.REDUCING, breaker.reason(), cause, breaker.eventId(), time, out);
        }
      }
      case PAUSE -> {
        Double until = breaker.values().get("until");
        long end =
            until != null
                ? until.longValue()
                : breaker.tsEvent() + limits.millis(RiskParameter.PAUSE_FOR);
        boolean wholePortfolio =
            breaker.symbol() == null || breaker.reason() == RiskReason.VOLATILITY_SPIKE;
        state.pauses.add(
            new PortfolioRiskState.Pause(
                wholePortfolio ? null : breaker.symbol(), breaker.tsEvent(), end));
      }
      default -> {}
    }
  }

  // --- the drawdown limit and flattening ----------------------------------------------------

  private void enforceDrawdown(Output out) {
    if (state.drawdownTripped) {
      return;
    }
    Book book = state.book;
    BigDecimal hwm = book.highWaterMark();
    BigDecimal equity = book.equity();
    BigDecimal limit = limits.get(RiskParameter.MAX_DRAWDOWN);
    BigDecimal drawdown = hwm.subtract(equity).divide(hwm, RATIO);
    if (drawdown.compareTo(limit) < 0) {
      return;
    }
    state.drawdownTripped = true;
    state.flattening = true;
    String cause =
        "equity "
            + equity.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
            + " is "
            + percent(drawdown)
            + " below its high-water mark "
            + hwm.setScale(2, RoundingMode.HALF_EVEN).toPlainString()
            + ", the limit is "
            + percent(limit)
            + ": flattening every position and halting";
    RiskAlert alert =
        RiskAlert.raised(
            "gate",
            spec.name(),
            null,
            RiskReason.DRAWDOWN,
            Severity.HALT,
            cause,
            Map.of(
                "observed", drawdown.doubleValue(),
                "limit", limit.doubleValue(),
                "equity", equity.doubleValue(),
                "highWaterMark", hwm.doubleValue()),
            null,
            state.contextTime);
    state.tradingState = TradingState.HALTED;
    out.alert(alert.withTradingState(TradingState.HALTED));
  }

  /**
   * Sends a closing order for every position that has none working: a limit at the price collar's
   * edge around the last trade, so it is marketable yet never trades beyond the collar. Outside a
   * symbol's session it waits for the next bar inside it. Once flat, flattening ends.
   */
  private void flatten(Output out) {
    long time = state.contextTime;
    if (time == Long.MIN_VALUE) {
      return;
    }
    boolean flat = true;
    BigDecimal collar = limits.get(RiskParameter.PRICE_COLLAR);
    for (String symbol : new TreeSet<>(state.book.positions().keySet())) {
      BigDecimal position = state.book.positionOf(symbol);
      if (position.signum() == 0) {
        continue;
      }
      flat = false;
      if (exposureOf(symbol).hasWorkingOrders() || !sessions.of(symbol).isOpen(time)) {
        continue;
      }
      BigDecimal last = state.book.markOf(symbol);
      if (last.signum() <= 0) {
        continue;
      }
      BigDecimal quantity = position.abs();
      BigDecimal maxQuantity = limits.maxOrderQuantity();
      if (quantity.compareTo(maxQuantity) > 0) {
        quantity = spec.lots().roundDown(symbol, maxQuantity);
      }
      Side side = position.signum() > 0 ? Side.SELL : Side.BUY;
      BigDecimal limitPrice =
          side == Side.SELL
              ? last.multiply(BigDecimal.ONE.subtract(collar))
                  .setScale(PRICE_SCALE, RoundingMode.UP)
              : last.multiply(BigDecimal.ONE.add(collar)).setScale(PRICE_SCALE, RoundingMode.DOWN);
      release(
          new OrderRequest(
              symbol, side, quantity, last, "flatten: close " + position.toPlainString()),
          OrderType.LIMIT,
          limitPrice.stripTrailingZeros(),
          time,
          "risk-gate",
          "flatten: close " + position.toPlainString() + " " + symbol,
          out);
    }
    if (flat && state.working.isEmpty()) {
      state.flattening = false;
      out.alert(
          RiskAlert.raised(
                  "gate",
                  spec.name(),
                  null,
                  RiskReason.FLATTEN,
                  Severity.INFO,
                  "every position of " + spec.name() + " is closed",
                  Map.of("equity", state.book.equity().doubleValue()),
                  null,
                  time)
              .withTradingState(state.tradingState));
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private void release(
      OrderRequest request,
      OrderType type,
      BigDecimal limitPrice,
      long decisionTime,
      String strategyId,
      String reason,
      Output out) {
    long sequence = ++state.sequence;
    String clientOrderId = ClientOrderIds.of(spec.name(), decisionTime, request.symbol(), sequence);
    state.working.put(
        clientOrderId,
        new WorkingOrder(clientOrderId, request.symbol(), request.side(), request.quantity()));
    state.recent.add(
        new PortfolioRiskState.SentOrder(
            request.symbol(), request.side(), request.quantity(), decisionTime));
    trimRecent(decisionTime);
    out.order(
        new Order(
            clientOrderId,
            spec.name(),
            sequence,
            request.symbol(),
            request.side(),
            request.quantity(),
            type,
            limitPrice,
            TimeInForce.DAY,
            request.referencePrice(),
            decisionTime,
            strategyId,
            reason));
  }

  private void trimRecent(long now) {
    long keep =
        Math.max(
            limits.millis(RiskParameter.ORDER_RATE_WINDOW),
            limits.millis(RiskParameter.DUPLICATE_WINDOW));
    Iterator<PortfolioRiskState.SentOrder> it = state.recent.iterator();
    while (it.hasNext() && it.next().time() <= now - keep) {
      it.remove();
    }
  }

  private void deny(
      String symbol, Denial denial, String clientOrderId, long decisionTime, Output out) {
    out.violation(denial);
    String key = symbol + "|" + denial.reason();
    Long last = state.lastReportedDenial.get(key);
    if (last != null && decisionTime - last < DENIAL_REPORT_INTERVAL_MILLIS) {
      return;
    }
    state
        .lastReportedDenial
        .values()
        .removeIf(t -> decisionTime - t >= DENIAL_REPORT_INTERVAL_MILLIS);
    state.lastReportedDenial.put(key, decisionTime);
    out.alert(
        RiskAlert.denial(spec.name(), symbol, denial, clientOrderId, decisionTime)
            .withTradingState(state.tradingState));
  }

  private void changeState(
      TradingState next,
      RiskReason reason,
      String cause,
      String causationId,
      long time,
      Output out) {
    if (state.tradingState == next) {
      return;
    }
    TradingState previous = state.tradingState;
    state.tradingState = next;
    Severity severity =
        switch (next) {
          case HALTED -> Severity.HALT;
          case REDUCING -> Severity.REDUCE;
          default -> Severity.INFO;
        };
    out.alert(
        RiskAlert.raised(
                "gate",
                spec.name(),
                null,
                reason,
                severity,
                previous + " → " + next + " after " + cause,
                Map.of(),
                causationId,
                time)
            .withTradingState(next));
  }

  /** Exposure in {@code symbol}: the filled position and the orders still working. */
  public Exposure exposureOf(String symbol) {
    BigDecimal buys = BigDecimal.ZERO;
    BigDecimal sells = BigDecimal.ZERO;
    for (WorkingOrder order : state.working.values()) {
      if (order.symbol().equals(symbol)) {
        if (order.side() == Side.BUY) {
          buys = buys.add(order.remaining());
        } else {
          sells = sells.add(order.remaining());
        }
      }
    }
    return new Exposure(state.book.positionOf(symbol), buys, sells);
  }

  private long eventTime(long fallback) {
    return state.contextTime == Long.MIN_VALUE ? fallback : state.contextTime;
  }

  private static Optional<Denial> deny(
      RiskReason reason, String explanation, Map<String, Double> values) {
    return Optional.of(new Denial(reason, explanation, values));
  }

  private static String percent(BigDecimal fraction) {
    return fraction.movePointRight(2).round(new MathContext(3)).stripTrailingZeros().toPlainString()
        + " %";
  }

  private static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
