package io.tradingcore.features;

import io.tradingcore.features.cross.CrossAssetCalculator;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.features.cross.CrossAssetState;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.strategy.AlignedBar;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: aligns the features of the portfolio's symbols (and its benchmark) on bar
 * ends and emits one {@link PortfolioObservation} per bar end, with the cross-asset features of
 * {@link CrossAssetCalculator}.
 *
 * <p>A bar end is decided as soon as every symbol's features for it are in. A symbol whose bar
 * never comes must not stall trading, so a bar end is also decided, with what it has (missing
 * symbols carried forward), when the watermark passes it, or when a later bar end completes first.
 * Decisions are strictly in time order; features for a bar end already decided are counted and
 * ignored. A decided bar end leaves no pending state and no timer behind.
 *
 * <p>The pending bar ends are also kept sorted in {@link #PENDING_ENDS_STATE}, so deciding finds
 * the ones due as a prefix instead of reading and sorting every pending end on each decision (which
 * grew with the square of the bar ends pending when one subtask's symbols ran ahead of another's).
 * State written before that index existed (savepoints of earlier versions) has pending bar ends
 * without it: the index is rebuilt from them the first time a key needs it.
 */
public final class CrossAssetFunction
    extends KeyedProcessFunction<String, PortfolioFeatures, PortfolioObservation> {
  private static final long serialVersionUID = 1L;

  public static final String PENDING_STATE = "cross-asset-pending-bars";
  public static final String STATE = "cross-asset";
  public static final String PENDING_ENDS_STATE = "cross-asset-pending-ends";

  private final CrossAssetCalculator calculator;
  private final Map<String, PortfolioSpec> portfolios;

  private transient MapState<Long, AlignedBar> pending;
  // Every key of pending, ascending; cleared when nothing is pending.
  private transient ValueState<long[]> pendingEnds;
  private transient ValueState<CrossAssetState> state;
  private transient Counter lateFeatures;
  private transient Counter incompleteObservations;

  public CrossAssetFunction(CrossAssetParameters parameters, List<PortfolioSpec> portfolios) {
    this.calculator = new CrossAssetCalculator(parameters);
    this.portfolios = PortfolioSpec.byName(portfolios);
    // Fail at graph construction, not on the first bar, when a portfolio is too wide.
    portfolios.forEach(p -> calculator.universe(p.symbols()));
  }

  @Override
  public void open(OpenContext context) {
    pending = getRuntimeContext().getMapState(pendingBarsDescriptor());
    pendingEnds =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    PENDING_ENDS_STATE, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, CrossAssetState.class));
    lateFeatures = getRuntimeContext().getMetricGroup().counter("features_late_total");
    incompleteObservations =
        getRuntimeContext().getMetricGroup().counter("observations_incomplete_total");
  }

  /** The pending bars by bar end, the layout every version so far has written. */
  static MapStateDescriptor<Long, AlignedBar> pendingBarsDescriptor() {
    return new MapStateDescriptor<>(
        PENDING_STATE, Types.LONG, TypeInformation.of(AlignedBar.class));
  }

  @Override
  public void processElement(
      PortfolioFeatures element, Context ctx, Collector<PortfolioObservation> out)
      throws Exception {
    BarFeatures features = element.features();
    long barEnd = features.barEnd();
    CrossAssetState current = state.value();
    if (current != null && barEnd <= current.getLastDecision()) {
      lateFeatures.inc();
      return;
    }
    AlignedBar bar = pending.get(barEnd);
    Map<String, BarFeatures> bySymbol =
        bar == null ? new TreeMap<>() : new TreeMap<>(bar.bySymbol());
    bySymbol.put(features.symbol(), features);
    AlignedBar updated = new AlignedBar(barEnd, bySymbol);
    if (calculator.allArrived(tradedBy(element.portfolio()), bySymbol)) {
      decideUpTo(element.portfolio(), updated, ctx, out);
    } else {
      if (bar == null) {
        pendingEnds.update(inserted(sortedPendingEnds(), barEnd));
        ctx.timerService().registerEventTimeTimer(barEnd);
      }
      pending.put(barEnd, updated);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioObservation> out)
      throws Exception {
    AlignedBar bar = pending.get(timestamp);
    if (bar != null) {
      decideUpTo(ctx.getCurrentKey(), bar, ctx, out);
    }
  }

  /** Decides every pending bar end before {@code bar}'s, then {@code bar} itself. */
  private void decideUpTo(
      String portfolio, AlignedBar bar, Context ctx, Collector<PortfolioObservation> out)
      throws Exception {
    long[] ends = sortedPendingEnds();
    int earlier = 0;
    while (earlier < ends.length && ends[earlier] < bar.barEnd()) {
      earlier++;
    }
    CrossAssetState current = state.value();
    if (current == null) {
      current = calculator.initialState(calculator.universe(tradedBy(portfolio)));
    }
    for (int i = 0; i < earlier; i++) {
      decide(portfolio, current, pending.get(ends[i]), ctx, out);
    }
    decide(portfolio, current, bar, ctx, out);
    state.update(current);
    int decided = earlier < ends.length && ends[earlier] == bar.barEnd() ? earlier + 1 : earlier;
    if (decided == ends.length) {
      pendingEnds.clear();
    } else {
      pendingEnds.update(decided == 0 ? ends : Arrays.copyOfRange(ends, decided, ends.length));
    }
  }

  /** The pending bar ends, ascending; rebuilt from the pending bars when the index is absent. */
  private long[] sortedPendingEnds() throws Exception {
    long[] ends = pendingEnds.value();
    if (ends != null) {
      return ends;
    }
    long[] keys = new long[0];
    int size = 0;
    for (Long end : pending.keys()) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, Math.max(4, 2 * size));
      }
      keys[size++] = end;
    }
    keys = Arrays.copyOf(keys, size);
    Arrays.sort(keys);
    return keys;
  }

  /** A copy of sorted {@code ends} with {@code end} (not in it) at its place. */
  private static long[] inserted(long[] ends, long end) {
    int at = -Arrays.binarySearch(ends, end) - 1;
    long[] grown = new long[ends.length + 1];
    System.arraycopy(ends, 0, grown, 0, at);
    grown[at] = end;
    System.arraycopy(ends, at, grown, at + 1, ends.length - at);
    return grown;
  }

  private void decide(
      String portfolio,
      CrossAssetState current,
      AlignedBar bar,
      Context ctx,
      Collector<PortfolioObservation> out)
      throws Exception {
    PortfolioObservation observation =
        calculator.observe(current, portfolio, tradedBy(portfolio), bar.barEnd(), bar.bySymbol());
    if (!observation.complete()) {
      incompleteObservations.inc();
    }
    out.collect(observation);
    pending.remove(bar.barEnd());
    ctx.timerService().deleteEventTimeTimer(bar.barEnd());
  }

  private List<String> tradedBy(String portfolio) {
    PortfolioSpec spec = portfolios.get(portfolio);
    return spec == null ? List.of() : spec.symbols();
  }
}
