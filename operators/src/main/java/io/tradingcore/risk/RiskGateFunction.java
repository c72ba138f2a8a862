package io.tradingcore.risk;

import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.metrics.TradingMetrics;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by portfolio: the pre-trade risk gate every order passes, and the keeper of the portfolio's
 * trading state. Thin: {@link PortfolioRisk} holds the logic, this function its state.
 *
 * <p>A target waits until the market context (the observation) of its own bar has arrived, so the
 * checks never judge a decision against an older market than the one it was taken on, whichever of
 * the two paths delivers first. Orders leave on the main output; denials, state changes and
 * accepted commands go to {@link #EVENTS}.
 */
public final class RiskGateFunction extends KeyedProcessFunction<String, GateInput, Order> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "risk-gate-state";
  public static final String PENDING_TARGETS = "risk-gate-pending-targets";
  public static final OutputTag<RiskAlert> EVENTS =
      new OutputTag<>("risk-gate-events", TypeInformation.of(RiskAlert.class));

  private final Map<String, PortfolioSpec> portfolios;
  private final MarketSessions sessions;

  private transient ValueState<PortfolioRiskState> state;
  private transient ListState<TargetPosition> pending;
  private transient Counter violations;
  private transient Counter ordersReleased;
  private transient Counter foreignReports;
  private transient Map<RiskReason, Counter> violationsByReason;
  private transient Map<Side, Map<OrderType, Counter>> ordersByKind;
  private transient MetricGroup metrics;

  public RiskGateFunction(List<PortfolioSpec> portfolios, MarketSessions sessions) {
    this.portfolios = PortfolioSpec.byName(portfolios);
    this.sessions = sessions;
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(STATE, TypeInformation.of(PortfolioRiskState.class)));
    pending =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    PENDING_TARGETS, TypeInformation.of(TargetPosition.class)));
    metrics = getRuntimeContext().getMetricGroup();
    violations = metrics.counter(TradingMetrics.RISK_LIMIT_VIOLATIONS);
    violationsByReason = new EnumMap<>(RiskReason.class);
    ordersReleased = metrics.counter(TradingMetrics.ORDERS_TOTAL);
    ordersByKind = new EnumMap<>(Side.class);
    foreignReports = metrics.counter("risk_gate_other_portfolio_reports_total");
  }

  @Override
  public void processElement(GateInput input, Context ctx, Collector<Order> out) throws Exception {
    PortfolioSpec spec = portfolios.get(input.portfolio());
    if (spec == null) {
      if (input.kind == GateInput.Kind.REPORT) {
        // fills.v1 is shared: another job's portfolios must not grow this gate's state.
        foreignReports.inc();
        return;
      }
      throw new IllegalStateException("input for unconfigured portfolio: " + input);
    }
    PortfolioRiskState current = state.value();
    PortfolioRisk risk =
        new PortfolioRisk(spec, sessions, current == null ? PortfolioRisk.open(spec) : current);
    PortfolioRisk.Output output = output(ctx, out);
    switch (input.kind) {
      case OBSERVATION -> {
        risk.onObservation(input.observation, output);
        releaseWaitingTargets(risk, output);
      }
      case TARGET -> {
        if (risk.hasContextFor(input.target.decisionTime())) {
          risk.onTarget(input.target, output);
        } else {
          pending.add(input.target);
        }
      }
      case REPORT -> risk.onFill(input.report, output);
      case COMMAND -> risk.onCommand(input.command, output);
      case BREAKER -> risk.onBreaker(input.breaker, output);
      default -> throw new IllegalStateException("unknown gate input " + input);
    }
    state.update(risk.state());
  }

  private void releaseWaitingTargets(PortfolioRisk risk, PortfolioRisk.Output output)
      throws Exception {
    List<TargetPosition> stillWaiting = new ArrayList<>();
    boolean any = false;
    for (TargetPosition target : pending.get()) {
      any = true;
      if (risk.hasContextFor(target.decisionTime())) {
        risk.onTarget(target, output);
      } else {
        stillWaiting.add(target);
      }
    }
    if (any) {
      pending.update(stillWaiting);
    }
  }

  private PortfolioRisk.Output output(Context ctx, Collector<Order> out) {
    return new PortfolioRisk.Output() {
      @Override
      public void order(Order order) {
        ordersReleased.inc();
        countByKind(order);
        out.collect(order);
      }

      @Override
      public void alert(RiskAlert alert) {
        ctx.output(EVENTS, alert);
      }

      @Override
      public void violation(Denial denial) {
        violations.inc();
        countByReason(denial.reason());
      }
    };
  }

  /** Counted under {@code reason=<code>}; a reason's counter appears with its first denial. */
  private void countByReason(RiskReason reason) {
    if (reason == null) {
      return;
    }
    violationsByReason
        .computeIfAbsent(
            reason,
            r ->
                metrics
                    .addGroup(TradingMetrics.REASON, r.name())
                    .counter(TradingMetrics.RISK_LIMIT_VIOLATIONS))
        .inc();
  }

  /** Counted under {@code side=<SIDE>, type=<TYPE>}; each appears with its first order. */
  private void countByKind(Order order) {
    Side side = order.side();
    OrderType type = order.orderType();
    if (side == null || type == null) {
      return;
    }
    ordersByKind
        .computeIfAbsent(side, s -> new EnumMap<>(OrderType.class))
        .computeIfAbsent(
            type,
            t ->
                metrics
                    .addGroup(TradingMetrics.SIDE, side.name())
                    .addGroup(TradingMetrics.ORDER_TYPE, t.name())
                    .counter(TradingMetrics.ORDERS_TOTAL))
        .inc();
  }
}
