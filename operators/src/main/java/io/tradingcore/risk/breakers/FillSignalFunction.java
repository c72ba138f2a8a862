package io.tradingcore.risk.breakers;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The annotate step of the order-watching breakers, keyed by portfolio with the operator commands
 * broadcast: turns execution reports into {@link FillSignal}s carrying the thresholds in force. A
 * REJECTED report is a {@link FillSignal.Kind#REJECT}; the first ACCEPTED or REJECTED report of a
 * client order id is an {@link FillSignal.Kind#ORDER} (the order reached the broker), later ones of
 * the same order are not.
 *
 * <p>It works in arrival order and needs no watermark (see {@link BookSignalFunction}).
 *
 * <p>State: the client order ids already counted, with the event time of their first report, per
 * watched portfolio. An id is forgotten once the newest report is more than the runaway window plus
 * the out-of-orderness past it: a later report of that order can no longer share a window with the
 * first (or it is late and never reaches the pattern), so counting it again cannot inflate a
 * window's count. The ids are swept every retention period of event time, each one once.
 */
public final class FillSignalFunction
    extends KeyedBroadcastProcessFunction<String, ExecutionReport, OperatorCommand, FillSignal> {
  private static final long serialVersionUID = 1L;

  public static final String ORDERS_STATE = "breaker-orders-seen";
  public static final String SWEPT_STATE = "breaker-orders-swept-at";

  private final BreakerPortfolios portfolios;
  private final long retentionMillis;

  private transient MapState<String, Long> orders;
  private transient ValueState<Long> sweptAt;
  private transient Counter reports;
  private transient Counter otherPortfolios;
  private transient Counter limitChanges;
  private transient ThresholdState.InForce inForce;

  /**
   * @param outOfOrderness the bound of the fills' watermarks
   */
  public FillSignalFunction(BreakerPortfolios portfolios, Duration outOfOrderness) {
    this.portfolios = portfolios;
    this.retentionMillis = portfolios.runawayWindow().plus(outOfOrderness).toMillis();
  }

  @Override
  public void open(OpenContext context) {
    orders =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(ORDERS_STATE, Types.STRING, Types.LONG));
    sweptAt = getRuntimeContext().getState(new ValueStateDescriptor<>(SWEPT_STATE, Types.LONG));
    reports = getRuntimeContext().getMetricGroup().counter("breaker_reports_total");
    otherPortfolios =
        getRuntimeContext().getMetricGroup().counter("breaker_other_portfolios_total");
    limitChanges = getRuntimeContext().getMetricGroup().counter("breaker_limit_changes_total");
    inForce = new ThresholdState.InForce();
  }

  @Override
  public void processElement(ExecutionReport report, ReadOnlyContext ctx, Collector<FillSignal> out)
      throws Exception {
    String portfolio = ctx.getCurrentKey();
    if (!portfolios.watches(portfolio)) {
      otherPortfolios.inc();
      return;
    }
    reports.inc();
    boolean rejected = report.status() == ExecutionStatus.REJECTED;
    boolean reachedBroker = rejected || report.status() == ExecutionStatus.ACCEPTED;
    if (!reachedBroker) {
      return;
    }
    BreakerThresholds thresholds =
        inForce.get(portfolios, ctx.getBroadcastState(ThresholdState.OVERRIDES), portfolio);
    if (rejected) {
      out.collect(signal(FillSignal.Kind.REJECT, report, thresholds));
    }
    if (!orders.contains(report.clientOrderId())) {
      orders.put(report.clientOrderId(), report.tsEvent());
      out.collect(signal(FillSignal.Kind.ORDER, report, thresholds));
    }
    sweep(report.tsEvent());
  }

  private static FillSignal signal(
      FillSignal.Kind kind, ExecutionReport report, BreakerThresholds thresholds) {
    return new FillSignal(
        kind,
        report.portfolio(),
        report.tsEvent(),
        report.clientOrderId(),
        report.executionId(),
        thresholds);
  }

  /** Forgets the ids whose first report is more than the retention before {@code now}. */
  private void sweep(long now) throws Exception {
    Long last = sweptAt.value();
    if (last == null) {
      sweptAt.update(now);
      return;
    }
    if (now - last <= retentionMillis) {
      return;
    }
    Iterator<Map.Entry<String, Long>> entries = orders.iterator();
    while (entries.hasNext()) {
      if (entries.next().getValue() < now - retentionMillis) {
        entries.remove();
      }
    }
    sweptAt.update(now);
  }

  @Override
  public void processBroadcastElement(
      OperatorCommand command, Context ctx, Collector<FillSignal> out) throws Exception {
    limitChanges.inc(
        ThresholdState.apply(
            portfolios,
            ctx.getBroadcastState(ThresholdState.OVERRIDES),
            command,
            "order breakers",
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0));
    inForce.clear();
  }
}
