package io.tradingcore.marketdata;

import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by symbol: lets through only plausible bars that move the symbol's time forward ({@link
 * BarChecks}), before anything downstream (features, marks) sees them. The rest go to {@link
 * #QUARANTINE} with their reason and a count, and the pipeline keeps running.
 */
public final class BarQualityGateFunction extends KeyedProcessFunction<String, Bar, Bar> {
  private static final long serialVersionUID = 1L;

  public static final String LAST_END_STATE = "bar-quality-gate-last-end";
  public static final OutputTag<Quarantined> QUARANTINE =
      new OutputTag<>("bars-refused", TypeInformation.of(Quarantined.class));

  private transient ValueState<Long> lastEnd;
  private transient Counter rejected;

  @Override
  public void open(OpenContext context) {
    lastEnd = getRuntimeContext().getState(new ValueStateDescriptor<>(LAST_END_STATE, Types.LONG));
    rejected = getRuntimeContext().getMetricGroup().counter("bars_quarantined_total");
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<Bar> out) throws Exception {
    Long last = lastEnd.value();
    Optional<BarChecks.Problem> problem = BarChecks.check(bar);
    if (problem.isEmpty() && last != null) {
      problem = BarChecks.checkSequence(bar, last);
    }
    if (problem.isPresent()) {
      rejected.inc();
      ctx.output(
          QUARANTINE,
          Quarantined.ofBar(
              bar, problem.get().reason(), problem.get().detail(), "bar-quality-gate"));
      return;
    }
    lastEnd.update(bar.endMillis());
    out.collect(bar);
  }
}
