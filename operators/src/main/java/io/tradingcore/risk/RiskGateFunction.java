package io.tradingcore.risk;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by portfolio: turns targets into orders and lets through only orders that pass every
 * pre-trade check. Keeps its own view of exposure, from execution reports and the orders it
 * released, so limits hold even while fills are still on their way.
 *
 * <p>Input 1: targets from the strategy. Input 2: execution reports from {@code fills.v1}. Output:
 * orders; denials go to {@link #DENIALS}.
 */
public final class RiskGateFunction
    extends KeyedCoProcessFunction<String, TargetPosition, ExecutionReport, Order> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RiskGateFunction.class);

  public static final String POSITIONS_STATE = "risk-positions";
  public static final String WORKING_STATE = "risk-working-orders";
  public static final String SEQUENCE_STATE = "risk-order-sequence";
  public static final OutputTag<RiskAlert> DENIALS =
      new OutputTag<>("risk-denials", TypeInformation.of(RiskAlert.class));

  private final Map<String, PortfolioSpec> portfolios;

  private transient MapState<String, BigDecimal> positions;
  private transient MapState<String, WorkingOrder> working;
  private transient ValueState<Long> sequence;
  private transient Counter violations;
  private transient Counter ordersReleased;

  public RiskGateFunction(List<PortfolioSpec> portfolios) {
    this.portfolios = PortfolioSpec.byName(portfolios);
  }

  @Override
  public void open(OpenContext context) {
    positions =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(POSITIONS_STATE, Types.STRING, Types.BIG_DEC));
    working =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    WORKING_STATE, Types.STRING, TypeInformation.of(WorkingOrder.class)));
    sequence = getRuntimeContext().getState(new ValueStateDescriptor<>(SEQUENCE_STATE, Types.LONG));
    violations = getRuntimeContext().getMetricGroup().counter("risk_limit_violations_total");
    ordersReleased = getRuntimeContext().getMetricGroup().counter("orders_total");
  }

  @Override
  public void processElement1(TargetPosition target, Context ctx, Collector<Order> out)
      throws Exception {
    PortfolioSpec spec = portfolios.get(target.portfolio());
    if (spec == null) {
      throw new IllegalStateException(
          "target for unconfigured portfolio " + target.portfolio() + ": " + target);
    }
    Exposure exposure = exposureOf(target.symbol());
    Optional<OrderRequest> planned =
        OrderPlanner.plan(target, exposure, spec.limits(), spec.lots());
    if (planned.isEmpty()) {
      return;
    }
    OrderRequest request = planned.get();
    long next = sequence.value() == null ? 1 : sequence.value() + 1;
    String clientOrderId =
        ClientOrderIds.of(target.portfolio(), target.decisionTime(), target.symbol(), next);
    Optional<Denial> denial = PreTradeCheck.check(request, exposure, spec.limits());
    if (denial.isPresent()) {
      violations.inc();
      ctx.output(
          DENIALS,
          RiskAlert.denial(
              target.portfolio(),
              target.symbol(),
              denial.get(),
              clientOrderId,
              target.decisionTime()));
      return;
    }
    sequence.update(next);
    working.put(
        clientOrderId,
        new WorkingOrder(clientOrderId, request.symbol(), request.side(), request.quantity()));
    ordersReleased.inc();
    out.collect(
        new Order(
            clientOrderId,
            target.portfolio(),
            next,
            request.symbol(),
            request.side(),
            request.quantity(),
            OrderType.MARKET,
            null,
            TimeInForce.DAY,
            request.referencePrice(),
            target.decisionTime(),
            target.strategyId(),
            request.reason()));
  }

  @Override
  public void processElement2(ExecutionReport report, Context ctx, Collector<Order> out)
      throws Exception {
    if (!portfolios.containsKey(report.portfolio())) {
      // fills.v1 is shared: another job's portfolios must not grow this gate's state.
      return;
    }
    if (report.isFill()) {
      BigDecimal position = positions.get(report.symbol());
      positions.put(
          report.symbol(),
          (position == null ? BigDecimal.ZERO : position).add(report.signedLastQuantity()));
    }
    WorkingOrder order = working.get(report.clientOrderId());
    if (order == null) {
      if (report.isFill()) {
        LOG.warn(
            "Fill for an order this gate did not release (or already closed): {}; position"
                + " updated anyway",
            report);
      }
      return;
    }
    BigDecimal remaining = order.remaining().subtract(report.lastQuantity());
    if (report.isTerminal() || remaining.signum() <= 0) {
      working.remove(report.clientOrderId());
    } else {
      working.put(
          report.clientOrderId(),
          new WorkingOrder(order.clientOrderId(), order.symbol(), order.side(), remaining));
    }
  }

  private Exposure exposureOf(String symbol) throws Exception {
    BigDecimal position = positions.get(symbol);
    BigDecimal buys = BigDecimal.ZERO;
    BigDecimal sells = BigDecimal.ZERO;
    for (WorkingOrder order : working.values()) {
      if (order.symbol().equals(symbol)) {
        if (order.side() == Side.BUY) {
          buys = buys.add(order.remaining());
        } else {
          sells = sells.add(order.remaining());
        }
      }
    }
    return new Exposure(position == null ? BigDecimal.ZERO : position, buys, sells);
  }
}
