package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** Raises one risk event per match of a breaker pattern, built by {@link BreakerAlerts}. */
final class AlertOnMatch<T> extends PatternProcessFunction<T, RiskAlert> {
  private static final long serialVersionUID = 1L;

  /** The event a match raises. */
  interface Raise<T> extends Serializable {
    RiskAlert alert(Map<String, List<T>> match);
  }

  private final Raise<T> raise;
  private transient Counter raised;

  AlertOnMatch(Raise<T> raise) {
    this.raise = raise;
  }

  @Override
  public void open(OpenContext context) {
    raised = getRuntimeContext().getMetricGroup().counter("breaker_alerts_total");
  }

  @Override
  public void processMatch(Map<String, List<T>> match, Context ctx, Collector<RiskAlert> out) {
    raised.inc();
    out.collect(raise.alert(match));
  }
}
