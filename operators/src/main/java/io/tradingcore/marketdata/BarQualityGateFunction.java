package io.tradingcore.marketdata;

import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets through only plausible bars ({@link BarChecks}); the rest go to {@link #QUARANTINE} with
 * their reason and a count, and the pipeline keeps running.
 */
public final class BarQualityGateFunction extends ProcessFunction<Bar, Bar> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Quarantined> QUARANTINE =
      new OutputTag<>("bars-implausible", TypeInformation.of(Quarantined.class));

  private transient Counter rejected;

  @Override
  public void open(OpenContext context) {
    rejected = getRuntimeContext().getMetricGroup().counter("bars_quarantined_total");
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<Bar> out) {
    Optional<BarChecks.Problem> problem = BarChecks.check(bar);
    if (problem.isEmpty()) {
      out.collect(bar);
      return;
    }
    rejected.inc();
    ctx.output(
        QUARANTINE,
        Quarantined.ofBar(bar, problem.get().reason(), problem.get().detail(), "bar-quality-gate"));
  }
}
