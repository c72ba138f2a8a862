package io.tradingcore.strategy;

import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.metrics.ModelInfo;
import io.tradingcore.metrics.SecondsHistogram;
import io.tradingcore.metrics.TradingMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: asks the {@link Strategy} for targets on each aligned {@link
 * PortfolioObservation} (aligned upstream by {@link io.tradingcore.features.CrossAssetFunction})
 * and keeps the targets in force.
 *
 * <p>A target for a symbol the observation marks as not usable (stale beyond the limit, or never
 * seen) or not traded (a benchmark the portfolio only watches) is refused and counted: the strategy
 * must not trade it.
 */
public final class StrategyFunction
    extends KeyedProcessFunction<String, PortfolioObservation, TargetPosition> {
  private static final long serialVersionUID = 1L;

  public static final String TARGETS_STATE = "strategy-targets";

  private final Strategy strategy;

  private transient MapState<String, TargetPosition> targets;
  private transient Counter refusedTargets;
  private transient Histogram decisionLatency;

  public StrategyFunction(Strategy strategy) {
    this.strategy = strategy;
  }

  @Override
  public void open(OpenContext context) {
    targets =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    TARGETS_STATE, Types.STRING, TypeInformation.of(TargetPosition.class)));
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    refusedTargets = metrics.counter("targets_refused_total");
    decisionLatency =
        metrics.histogram(TradingMetrics.DECISION_LATENCY_SECONDS, SecondsHistogram.ofLast(1024));
    ModelInfo.register(metrics).inUse(strategy.id());
  }

  @Override
  public void processElement(
      PortfolioObservation observation, Context ctx, Collector<TargetPosition> out)
      throws Exception {
    long arrived = System.nanoTime();
    Map<String, TargetPosition> current = new HashMap<>();
    for (Map.Entry<String, TargetPosition> entry : targets.entries()) {
      current.put(entry.getKey(), entry.getValue());
    }
    for (TargetPosition target : strategy.decide(ctx.getCurrentKey(), observation, current)) {
      ObservedSymbol observed = observation.symbol(target.symbol());
      if (observed == null || !observed.traded() || !observed.usable()) {
        refusedTargets.inc();
        continue;
      }
      targets.put(target.symbol(), target);
      out.collect(target);
    }
    decisionLatency.update(System.nanoTime() - arrived);
  }
}
