package io.tradingcore.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.testing.TestBars;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property: whatever a strategy asks for, whatever the market, the broker and the operators do, no
 * order the gate releases breaks a limit. Each order is checked against a shadow book the test
 * keeps itself from the same bars and fills, not against the gate's own state.
 */
class GateInvariantsTest {
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "IBM");
  private static final MathContext RATIO = MathContext.DECIMAL64;
  private static final BigDecimal TOLERANCE = new BigDecimal("1e-9");

  /** Closed ten minutes of every hour, so the session check is exercised too. */
  private static final TradingCalendar CLOSED_AT_MINUTE_50 =
      new TradingCalendar() {
        @Override
        public String name() {
          return "test-hours";
        }

        @Override
        public boolean isOpen(long t) {
          return ((t - TestBars.T0) / TestBars.ONE_MINUTE) % 60 < 50;
        }

        @Override
        public boolean isOpenDuring(long from, long to) {
          return true;
        }
      };

  sealed interface Step permits Move, Intent, Fill, Breaker, Command {}

  /** The next bar: minutes later, each symbol moved by its log return. */
  record Move(int minutes, double[] returns) implements Step {}

  /** A strategy's target, priced {@code offsetBps} away from the last close. */
  record Intent(int symbol, int quantity, int offsetBps) implements Step {}

  /** The broker answers every working order: fills {@code fraction} of it, or rejects it. */
  record Fill(double fraction, boolean reject) implements Step {}

  record Breaker(int kind, int symbol) implements Step {}

  record Command(int kind, int value) implements Step {}

  @Property(tries = 300)
  void noReleasedOrderBreaksALimit(@ForAll("scripts") List<Step> script) {
    new Run().play(script);
  }

  @Provide
  Arbitrary<List<Step>> scripts() {
    Arbitrary<Step> move =
        Combinators.combine(
                Arbitraries.integers().between(1, 30),
                Arbitraries.doubles().between(-0.03, 0.03).array(double[].class).ofSize(3))
            .as(Move::new);
    Arbitrary<Step> intent =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(-400, 400),
                Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(8, Arbitraries.just(0)),
                    net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-250, 250))))
            .as(Intent::new);
    Arbitrary<Step> fill =
        Combinators.combine(
                Arbitraries.doubles().between(0.1, 1.0),
                Arbitraries.integers().between(0, 9).map(i -> i == 0))
            .as(Fill::new);
    Arbitrary<Step> breaker =
        Combinators.combine(
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2))
            .as(Breaker::new);
    Arbitrary<Step> command =
        Combinators.combine(
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 400))
            .as(Command::new);
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, move),
            net.jqwik.api.Tuple.of(10, intent),
            net.jqwik.api.Tuple.of(5, fill),
            net.jqwik.api.Tuple.of(1, breaker),
            net.jqwik.api.Tuple.of(1, command));
    return step.list().ofMinSize(20).ofMaxSize(250);
  }

  /** One scripted run: the gate, and the shadow book the orders are checked against. */
  private static final class Run {
    final GateScenario gate =
        GateScenario.trading("AAPL", "MSFT", "IBM")
            .cash("50000")
            .limit("max_order_quantity", "150")
            .limit("max_order_notional", "12000")
            .limit("max_position_quantity", "250")
            .limit("max_gross_exposure", "0.8")
            .limit("max_net_exposure", "0.6")
            .limit("max_concentration", "0.35")
            .limit("max_orders_per_window", "4")
            .limit("var_limit", "0.004")
            .sessions(MarketSessions.all(CLOSED_AT_MINUTE_50));

    final Map<String, BigDecimal> position = new HashMap<>();
    final Map<String, BigDecimal> mark = new HashMap<>();
    final Map<String, Order> working = new LinkedHashMap<>();
    final Map<String, BigDecimal> filled = new HashMap<>();
    final List<Order> sent = new ArrayList<>();
    BigDecimal cash = new BigDecimal("50000");
    TradingState state = TradingState.ACTIVE;
    int minute = 1;
    int checkedOrders;
    int reportedAlerts;
    int commands;

    void play(List<Step> script) {
      double[] prices = {100, 50, 120};
      bar(prices);
      for (Step step : script) {
        if (step instanceof Move move) {
          minute += move.minutes();
          for (int i = 0; i < prices.length; i++) {
            prices[i] = Math.max(1, prices[i] * Math.exp(move.returns()[i]));
          }
          bar(prices);
        } else if (step instanceof Intent intent) {
          String symbol = SYMBOLS.get(intent.symbol());
          BigDecimal price =
              mark.get(symbol)
                  .multiply(BigDecimal.ONE.add(BigDecimal.valueOf(intent.offsetBps(), 4)))
                  .setScale(4, RoundingMode.HALF_EVEN);
          gate.risk()
              .onTarget(
                  new io.tradingcore.strategy.TargetPosition(
                      "main",
                      symbol,
                      gate.now(),
                      BigDecimal.valueOf(intent.quantity()),
                      price,
                      "property@1",
                      "random intent"),
                  gate);
        } else if (step instanceof Fill fill) {
          answerWorkingOrders(fill);
        } else if (step instanceof Breaker breaker) {
          String symbol = SYMBOLS.get(breaker.symbol());
          switch (breaker.kind()) {
            case 0 -> gate.breaker(RiskReason.REJECT_BURST, Severity.HALT, null, 0);
            case 1 -> gate.breaker(RiskReason.PROFIT_LOCK, Severity.REDUCE, null, 0);
            case 2 ->
                gate.breaker(
                    RiskReason.STALE_FEED, Severity.PAUSE, symbol, gate.now() + 10 * 60_000L);
            case 3 ->
                gate.breaker(
                    RiskReason.VOLATILITY_SPIKE, Severity.PAUSE, symbol, gate.now() + 5 * 60_000L);
            default -> gate.breaker(RiskReason.UNUSUAL_VOLUME, Severity.INFO, symbol, 0);
          }
        } else if (step instanceof Command command) {
          switch (command.kind()) {
            case 0 -> gate.command(ControlCommand.KILL);
            case 1, 2 -> gate.command(ControlCommand.RESUME);
            case 3 -> gate.command(ControlCommand.FLATTEN);
            case 4 -> gate.setLimit("max_order_quantity", Integer.toString(command.value()));
            default ->
                gate.setLimit(
                    "price_collar", BigDecimal.valueOf(command.value(), 4).toPlainString());
          }
        }
        checkNewOrders();
      }
    }

    void bar(double[] prices) {
      String[] closes = new String[prices.length * 2];
      for (int i = 0; i < prices.length; i++) {
        closes[2 * i] = SYMBOLS.get(i);
        closes[2 * i + 1] =
            BigDecimal.valueOf(prices[i]).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
      }
      // The gate's risk checks may release flatten orders on this bar: the shadow marks first.
      for (int i = 0; i < prices.length; i++) {
        mark.put(closes[2 * i], new BigDecimal(closes[2 * i + 1]));
      }
      gate.bar(minute, closes);
    }

    void answerWorkingOrders(Fill fill) {
      for (Order order : List.copyOf(working.values())) {
        BigDecimal done = filled.getOrDefault(order.clientOrderId(), BigDecimal.ZERO);
        BigDecimal leaves = order.quantity().subtract(done);
        if (fill.reject() && done.signum() == 0) {
          report(order, ExecutionStatus.REJECTED, BigDecimal.ZERO, null, leaves);
          continue;
        }
        BigDecimal quantity =
            fill.fraction() >= 0.999
                ? leaves
                : leaves
                    .multiply(BigDecimal.valueOf(fill.fraction()))
                    .setScale(0, RoundingMode.DOWN);
        if (quantity.signum() == 0) {
          continue;
        }
        BigDecimal price = mark.get(order.symbol());
        boolean last = quantity.compareTo(leaves) == 0;
        report(
            order,
            last ? ExecutionStatus.FILLED : ExecutionStatus.PARTIALLY_FILLED,
            quantity,
            price,
            leaves.subtract(quantity));
      }
    }

    void report(
        Order order,
        ExecutionStatus status,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal leaves) {
      BigDecimal fee =
          quantity.signum() == 0 ? BigDecimal.ZERO : CostModel.DEFAULT.fee(quantity, price);
      BigDecimal done = filled.getOrDefault(order.clientOrderId(), BigDecimal.ZERO).add(quantity);
      filled.put(order.clientOrderId(), done);
      if (quantity.signum() > 0) {
        BigDecimal signed = order.side() == Side.BUY ? quantity : quantity.negate();
        position.merge(order.symbol(), signed, BigDecimal::add);
        cash = cash.subtract(signed.multiply(price)).subtract(fee);
      }
      if (status != ExecutionStatus.PARTIALLY_FILLED) {
        working.remove(order.clientOrderId());
      }
      gate.report(
          new ExecutionReport(
              "exec-" + order.clientOrderId() + "-" + done,
              order.clientOrderId(),
              "main",
              order.symbol(),
              order.side(),
              status,
              quantity,
              price,
              done,
              leaves,
              fee,
              gate.now()));
    }

    /** Every order released since the last step, against the shadow state before it. */
    void checkNewOrders() {
      List<RiskAlert> alerts = gate.alerts;
      List<Order> orders = gate.orders;
      // Alerts and orders interleave within a step only where a state change precedes flatten
      // orders; the newest announced state is the one orders were released under.
      for (; reportedAlerts < alerts.size(); reportedAlerts++) {
        TradingState announced = alerts.get(reportedAlerts).tradingState();
        if (announced != null) {
          state = announced;
        }
      }
      for (; checkedOrders < orders.size(); checkedOrders++) {
        Order order = orders.get(checkedOrders);
        check(order);
        working.put(order.clientOrderId(), order);
        sent.add(order);
      }
    }

    void check(Order order) {
      RiskLimits limits = gate.risk().limits();
      String symbol = order.symbol();
      BigDecimal last = mark.get(symbol);
      boolean flatten =
          order.orderType() == OrderType.LIMIT && "risk-gate".equals(order.modelVersion());
      BigDecimal held = position.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal signed = order.signedQuantity();
      boolean reducing =
          held.signum() != 0
              && signed.signum() == -held.signum()
              && order.quantity().add(sameSideWorking(symbol, order.side())).compareTo(held.abs())
                  <= 0;

      assertThat(order.quantity().signum()).isPositive();
      assertThat(order.quantity().stripTrailingZeros().scale())
          .as("whole lots")
          .isLessThanOrEqualTo(0);
      assertThat(order.quantity()).isLessThanOrEqualTo(limits.maxOrderQuantity());
      assertThat(CLOSED_AT_MINUTE_50.isOpen(order.decisionTime()))
          .as("inside the session")
          .isTrue();
      if (flatten) {
        assertThat(reducing).as("a flatten order only closes: %s", order).isTrue();
        BigDecimal distance = order.limitPrice().subtract(last).abs().divide(last, RATIO);
        assertThat(distance)
            .isLessThanOrEqualTo(limits.get(RiskParameter.PRICE_COLLAR).add(TOLERANCE));
        return;
      }
      assertThat(state)
          .as("no strategy order while halted: %s", order)
          .isNotEqualTo(TradingState.HALTED);
      if (state == TradingState.REDUCING) {
        assertThat(reducing).as("only reducing orders while REDUCING: %s", order).isTrue();
      }
      assertThat(order.quantity().multiply(order.referencePrice()))
          .isLessThanOrEqualTo(limits.maxOrderNotional());
      BigDecimal distance = order.referencePrice().subtract(last).abs().divide(last, RATIO);
      assertThat(distance)
          .as("collar")
          .isLessThanOrEqualTo(limits.get(RiskParameter.PRICE_COLLAR).add(TOLERANCE));
      long window = limits.millis(RiskParameter.ORDER_RATE_WINDOW);
      long recent =
          sent.stream().filter(o -> o.decisionTime() > order.decisionTime() - window).count();
      assertThat(recent + 1)
          .as("order rate")
          .isLessThanOrEqualTo(limits.count(RiskParameter.MAX_ORDERS_PER_WINDOW));
      if (reducing) {
        return;
      }
      BigDecimal equity = cash;
      for (String s : SYMBOLS) {
        equity = equity.add(position.getOrDefault(s, BigDecimal.ZERO).multiply(mark.get(s)));
      }
      BigDecimal gross = BigDecimal.ZERO;
      for (String s : SYMBOLS) {
        BigDecimal worst = worstCase(s, s.equals(symbol) ? signed : BigDecimal.ZERO);
        if (s.equals(symbol)) {
          assertThat(worst).as("position limit").isLessThanOrEqualTo(limits.maxPositionQuantity());
          assertThat(worst.multiply(mark.get(s)).divide(equity, RATIO))
              .as("concentration")
              .isLessThanOrEqualTo(limits.get(RiskParameter.MAX_CONCENTRATION).add(TOLERANCE));
        }
        gross = gross.add(worst.multiply(mark.get(s)));
      }
      assertThat(gross.divide(equity, RATIO))
          .as("gross exposure")
          .isLessThanOrEqualTo(limits.get(RiskParameter.MAX_GROSS_EXPOSURE).add(TOLERANCE));
    }

    BigDecimal sameSideWorking(String symbol, Side side) {
      BigDecimal total = BigDecimal.ZERO;
      for (Order o : working.values()) {
        if (o.symbol().equals(symbol) && o.side() == side) {
          total =
              total.add(
                  o.quantity().subtract(filled.getOrDefault(o.clientOrderId(), BigDecimal.ZERO)));
        }
      }
      return total;
    }

    BigDecimal worstCase(String symbol, BigDecimal add) {
      BigDecimal held = position.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal buys = sameSideWorking(symbol, Side.BUY).add(add.max(BigDecimal.ZERO));
      BigDecimal sells = sameSideWorking(symbol, Side.SELL).add(add.min(BigDecimal.ZERO).negate());
      return held.add(buys).abs().max(held.subtract(sells).abs());
    }
  }
}
