package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by symbol: lets through only bars that pass the data-quality gate ({@link BarGate}) before
 * anything downstream (features, marks) sees them. The rest go to {@link #QUARANTINE} with their
 * reason and a count per reason, and the pipeline keeps running. A gap of missing bars is reported
 * to {@link #QUARANTINE} too, while the bar after it passes.
 *
 * <p>A symbol's state expires {@link GateParameters#stateTtl()} after its last bar, so symbols that
 * stop trading do not hold state forever.
 */
public final class BarQualityGateFunction extends KeyedProcessFunction<String, Bar, Bar> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "bar-quality-gate-state";
  public static final String DETECTED_BY = "bar-quality-gate";
  public static final OutputTag<Quarantined> QUARANTINE =
      new OutputTag<>("bars-refused", TypeInformation.of(Quarantined.class));

  private final GateParameters parameters;
  private final BarGate gate;
  private transient ValueState<GateState> state;
  private transient Counter refused;
  private transient QuarantineCounters byReason;

  public BarQualityGateFunction() {
    this(GateParameters.DEFAULT);
  }

  public BarQualityGateFunction(GateParameters parameters) {
    this.parameters = requireNonNull(parameters, "parameters");
    this.gate = new BarGate(parameters);
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<GateState> descriptor =
        new ValueStateDescriptor<>(STATE, TypeInformation.of(GateState.class));
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(parameters.stateTtl()).updateTtlOnCreateAndWrite().build());
    state = getRuntimeContext().getState(descriptor);
    // The total from before per-reason counts, kept for existing dashboards.
    refused = getRuntimeContext().getMetricGroup().counter("bars_quarantined_total");
    byReason = QuarantineCounters.register(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<Bar> out) throws Exception {
    GateState current = state.value();
    if (current == null) {
      current = gate.newState();
    }
    BarGate.Verdict verdict = gate.judge(current, bar);
    if (verdict.stateChanged()) {
      state.update(current);
    }
    if (verdict.report() != null) {
      quarantine(ctx, bar, verdict.report());
    }
    if (verdict.accepted()) {
      out.collect(bar);
    } else {
      refused.inc();
      quarantine(ctx, bar, verdict.refusal());
    }
  }

  private void quarantine(Context ctx, Bar bar, BarChecks.Problem problem) {
    byReason.count(problem.reason());
    ctx.output(QUARANTINE, Quarantined.ofBar(bar, problem.reason(), problem.detail(), DETECTED_BY));
  }
}
