package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The breakers' one output: every breaker's events pass through; the signals a breaker found late
 * go to {@link PortfolioBreakers#LATE} and are counted ({@code breaker_late_inputs_total}), so a
 * caller reads both from one operator.
 */
public final class BreakerOutputFunction
    extends CoProcessFunction<RiskAlert, LateInput, RiskAlert> {
  private static final long serialVersionUID = 1L;

  private transient Counter late;

  @Override
  public void open(OpenContext context) {
    late = getRuntimeContext().getMetricGroup().counter("breaker_late_inputs_total");
  }

  @Override
  public void processElement1(RiskAlert alert, Context ctx, Collector<RiskAlert> out) {
    out.collect(alert);
  }

  @Override
  public void processElement2(LateInput input, Context ctx, Collector<RiskAlert> out) {
    late.inc();
    ctx.output(PortfolioBreakers.LATE, input);
  }
}
