package io.tradingcore.strategy;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.portfolio.PortfolioSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: lines up the features of the portfolio's symbols bar by bar and asks the
 * {@link Strategy} for targets once per bar.
 *
 * <p>A bar is decided as soon as every symbol's features for it are in. A symbol whose bar never
 * comes must not stall trading, so a bar is also decided, with what it has, when the watermark
 * passes its end, or when a later bar completes first. Decisions are strictly in time order;
 * features for a bar already decided are counted and ignored.
 */
public final class StrategyFunction
    extends KeyedProcessFunction<String, PortfolioFeatures, TargetPosition> {
  private static final long serialVersionUID = 1L;

  public static final String PENDING_STATE = "strategy-pending-bars";
  public static final String LAST_DECISION_STATE = "strategy-last-decision";
  public static final String TARGETS_STATE = "strategy-targets";

  private final Strategy strategy;
  private final Map<String, PortfolioSpec> portfolios;

  private transient MapState<Long, AlignedBar> pending;
  private transient ValueState<Long> lastDecision;
  private transient MapState<String, TargetPosition> targets;
  private transient Counter lateFeatures;
  private transient Counter incompleteDecisions;

  public StrategyFunction(Strategy strategy, List<PortfolioSpec> portfolios) {
    this.strategy = strategy;
    this.portfolios = PortfolioSpec.byName(portfolios);
  }

  @Override
  public void open(OpenContext context) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING_STATE, Types.LONG, TypeInformation.of(AlignedBar.class)));
    lastDecision =
        getRuntimeContext().getState(new ValueStateDescriptor<>(LAST_DECISION_STATE, Types.LONG));
    targets =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    TARGETS_STATE, Types.STRING, TypeInformation.of(TargetPosition.class)));
    lateFeatures = getRuntimeContext().getMetricGroup().counter("features_late_total");
    incompleteDecisions =
        getRuntimeContext().getMetricGroup().counter("decisions_incomplete_total");
  }

  @Override
  public void processElement(PortfolioFeatures element, Context ctx, Collector<TargetPosition> out)
      throws Exception {
    BarFeatures features = element.features();
    long barEnd = features.barEnd();
    Long decided = lastDecision.value();
    if (decided != null && barEnd <= decided) {
      lateFeatures.inc();
      return;
    }
    AlignedBar bar = pending.get(barEnd);
    Map<String, BarFeatures> bySymbol =
        bar == null ? new TreeMap<>() : new TreeMap<>(bar.bySymbol());
    bySymbol.put(features.symbol(), features);
    AlignedBar updated = new AlignedBar(barEnd, bySymbol);
    List<String> symbols = symbolsOf(element.portfolio());
    if (bySymbol.keySet().containsAll(symbols)) {
      decideUpTo(element.portfolio(), barEnd, updated, ctx, out);
    } else {
      pending.put(barEnd, updated);
      if (bar == null) {
        ctx.timerService().registerEventTimeTimer(barEnd);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TargetPosition> out)
      throws Exception {
    AlignedBar bar = pending.get(timestamp);
    if (bar != null) {
      decideUpTo(ctx.getCurrentKey(), timestamp, bar, ctx, out);
    }
  }

  /** Decides every pending bar before {@code barEnd} (incomplete), then {@code bar} itself. */
  private void decideUpTo(
      String portfolio, long barEnd, AlignedBar bar, Context ctx, Collector<TargetPosition> out)
      throws Exception {
    List<Long> earlier = new ArrayList<>();
    for (Long pendingEnd : pending.keys()) {
      if (pendingEnd < barEnd) {
        earlier.add(pendingEnd);
      }
    }
    earlier.sort(null);
    for (Long pendingEnd : earlier) {
      incompleteDecisions.inc();
      decide(portfolio, pending.get(pendingEnd), ctx, out);
    }
    List<String> symbols = symbolsOf(portfolio);
    if (!bar.bySymbol().keySet().containsAll(symbols)) {
      incompleteDecisions.inc();
    }
    decide(portfolio, bar, ctx, out);
  }

  private List<String> symbolsOf(String portfolio) {
    PortfolioSpec spec = portfolios.get(portfolio);
    return spec == null ? List.of() : spec.symbols();
  }

  private void decide(String portfolio, AlignedBar bar, Context ctx, Collector<TargetPosition> out)
      throws Exception {
    Map<String, TargetPosition> current = new HashMap<>();
    for (Map.Entry<String, TargetPosition> entry : targets.entries()) {
      current.put(entry.getKey(), entry.getValue());
    }
    for (TargetPosition target : strategy.decide(portfolio, bar, current)) {
      targets.put(target.symbol(), target);
      out.collect(target);
    }
    pending.remove(bar.barEnd());
    ctx.timerService().deleteEventTimeTimer(bar.barEnd());
    lastDecision.update(bar.barEnd());
  }
}
