package io.tradingcore.risk.breakers;

import static java.util.Objects.requireNonNull;

import io.tradingcore.features.RollingFeaturesFunction;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by symbol, with the verified operator commands broadcast: the step before the market
 * breakers' CEP patterns. It stamps every signal with the job-wide thresholds in force ({@link
 * MarketThresholds}), so a SET_LIMIT changes later decisions while the patterns and their partial
 * matches stay as they are, and adds what a pattern cannot see in one event (the mean volume and
 * the volatility before a bar, {@link MarketSignals}).
 *
 * <p>Outputs: gated bars as {@link MarketBarSignal} (main output); features as {@link
 * MarketReturnSignal} on {@link #RETURNS}; pre-gate bars of both feeds as {@link MarketFeedSignal}
 * on {@link #FEEDS}. Each keeps its input's timestamp and is held until the watermark passes it
 * ({@value #HELD_STATE}, one event-time timer per held time): the CEP operators after this one keep
 * every record ahead of their watermark and re-sort all of them on each of their timers, so records
 * that arrive far ahead of the watermark (the gated bars come straight from the gate, the watermark
 * only with the features, one network hop later) would cost them the square of their number. Held
 * here, they reach the patterns just before the watermark that releases them, in the order they
 * arrived, and the patterns see the same records at the same event times. A record at or behind the
 * watermark goes to {@link #LATE} and is counted in {@code market_breaker_late_total}: the CEP
 * operators after this one would drop it silently (they treat {@code timestamp <= watermark} as
 * late), so nothing reaches them late.
 *
 * <p>Thresholds: the {@code RiskLimits} given at construction, overridden by every SET_LIMIT of a
 * {@linkplain RiskParameter.Scope#MARKET_BREAKER market-breaker} parameter, which is kept in
 * broadcast state {@value #LIMITS_STATE} (parameter name → value) and so outlives restarts; a new
 * seed on restart fills only what no command changed. A SET_LIMIT of a parameter {@linkplain
 * RiskParameter#fixedAtStart() fixed at start} ({@code stale_feed_after}, the stale pattern's
 * window) is logged and ignored. Commands apply from the moment this operator sees them, in
 * processing order: a command is not an event-time fact. Applied changes are counted in {@code
 * market_breaker_limit_changes_total}; each threshold in force is a gauge {@code
 * market_breaker_limit} with the label {@code parameter}.
 *
 * <p>State: one {@link MarketBreakerMemory} per symbol (fixed size) with a processing-time TTL,
 * {@link RollingFeaturesFunction#DEFAULT_STATE_TTL} by default; the held signals by time, which the
 * watermark empties, with an event-time timer for each time held.
 */
public final class MarketSignalFunction
    extends KeyedBroadcastProcessFunction<
        String, MarketBreakerInput, OperatorCommand, MarketBarSignal>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MarketSignalFunction.class);

  public static final String MEMORY_STATE = "market-breaker-memory";
  public static final String LIMITS_STATE = "market-breaker-limits";
  public static final String HELD_STATE = "market-breaker-held";

  /** Market-breaker thresholds changed by SET_LIMIT: parameter name → value. */
  public static final MapStateDescriptor<String, BigDecimal> LIMITS =
      new MapStateDescriptor<>(LIMITS_STATE, Types.STRING, Types.BIG_DEC);

  public static final OutputTag<MarketReturnSignal> RETURNS =
      new OutputTag<>("market-breaker-returns", TypeInformation.of(MarketReturnSignal.class));
  public static final OutputTag<MarketFeedSignal> FEEDS =
      new OutputTag<>("market-breaker-feeds", TypeInformation.of(MarketFeedSignal.class));
  public static final OutputTag<MarketBreakerInput> LATE =
      new OutputTag<>("market-breaker-late", TypeInformation.of(MarketBreakerInput.class));

  private final RiskLimits seed;
  private final Duration stateTtl;

  private transient ValueState<MarketBreakerMemory> memory;
  private transient MapState<Long, List<HeldSignal>> held;
  private transient RiskLimits limits;
  private transient MarketThresholds thresholds;
  private transient Counter late;
  private transient Counter limitChanges;

  public MarketSignalFunction(RiskLimits seed) {
    this(seed, RollingFeaturesFunction.DEFAULT_STATE_TTL);
  }

  /**
   * @param seed the thresholds before any SET_LIMIT
   * @param stateTtl processing time after a symbol's last record when its memory expires; positive
   */
  public MarketSignalFunction(RiskLimits seed, Duration stateTtl) {
    this.seed = requireNonNull(seed, "seed");
    requireNonNull(stateTtl, "stateTtl");
    if (stateTtl.isNegative() || stateTtl.isZero()) {
      throw new IllegalArgumentException("market breaker state TTL must be positive: " + stateTtl);
    }
    this.stateTtl = stateTtl;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    // Broadcast state is restored before open(): the thresholds are known before the first record.
    use(withOverrides(seed, context.getOperatorStateStore().getBroadcastState(LIMITS).entries()));
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    // Broadcast and keyed state are snapshotted by Flink; nothing of our own.
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<MarketBreakerMemory> descriptor =
        new ValueStateDescriptor<>(MEMORY_STATE, MarketBreakerMemory.class);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(stateTtl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .cleanupFullSnapshot()
            .build());
    memory = getRuntimeContext().getState(descriptor);
    held =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    HELD_STATE, Types.LONG, Types.LIST(TypeInformation.of(HeldSignal.class))));
    late = getRuntimeContext().getMetricGroup().counter("market_breaker_late_total");
    limitChanges =
        getRuntimeContext().getMetricGroup().counter("market_breaker_limit_changes_total");
    for (RiskParameter parameter : RiskParameter.values()) {
      if (parameter.scope() == RiskParameter.Scope.MARKET_BREAKER) {
        getRuntimeContext()
            .getMetricGroup()
            .addGroup("parameter", parameter.externalName())
            .gauge("market_breaker_limit", (Gauge<Double>) () -> limits.asDouble(parameter));
      }
    }
  }

  @Override
  public void processElement(
      MarketBreakerInput input, ReadOnlyContext ctx, Collector<MarketBarSignal> out)
      throws Exception {
    Long timestamp = ctx.timestamp();
    if (timestamp == null || timestamp <= ctx.currentWatermark()) {
      late.inc();
      ctx.output(LATE, input);
      return;
    }
    HeldSignal signal =
        switch (input.kind()) {
          case GATED_BAR -> {
            MarketBreakerMemory current = remembered();
            MarketBarSignal bar = MarketSignals.onBar(current, input.bar(), thresholds);
            memory.update(current);
            yield HeldSignal.of(bar);
          }
          case FEATURES -> {
            MarketBreakerMemory current = remembered();
            MarketReturnSignal returns =
                MarketSignals.onFeatures(current, input.features(), thresholds);
            memory.update(current);
            yield HeldSignal.of(returns);
          }
          case FEED_BAR ->
              HeldSignal.of(MarketSignals.onFeedBar(input.bar(), MarketFeed.BARS, thresholds));
          case TICK_BAR ->
              HeldSignal.of(MarketSignals.onFeedBar(input.bar(), MarketFeed.TICKS, thresholds));
        };
    List<HeldSignal> atTime = held.get(timestamp);
    if (atTime == null) {
      atTime = new ArrayList<>(2);
      ctx.timerService().registerEventTimeTimer(timestamp);
    }
    atTime.add(signal);
    held.put(timestamp, atTime);
  }

  /** The watermark passed {@code timestamp}: its signals go on, in the order they arrived. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MarketBarSignal> out)
      throws Exception {
    List<HeldSignal> atTime = held.get(timestamp);
    if (atTime == null) {
      return;
    }
    for (HeldSignal signal : atTime) {
      if (signal.bar != null) {
        out.collect(signal.bar);
      } else if (signal.returns != null) {
        ctx.output(RETURNS, signal.returns);
      } else {
        ctx.output(FEEDS, signal.feed);
      }
    }
    held.remove(timestamp);
  }

  @Override
  public void processBroadcastElement(
      OperatorCommand command, Context ctx, Collector<MarketBarSignal> out) throws Exception {
    if (command.command() != ControlCommand.SET_LIMIT
        || command.parameter().scope() != RiskParameter.Scope.MARKET_BREAKER) {
      return;
    }
    RiskParameter parameter = command.parameter();
    if (parameter.fixedAtStart()) {
      LOG.warn(
          "Ignoring {} {}={}: it is the stale-feed pattern's window, fixed when the job starts;"
              + " restart from a savepoint with --risk-limit to change it",
          command.commandId(),
          parameter.externalName(),
          parameter.display(command.value()));
      return;
    }
    BroadcastState<String, BigDecimal> overrides = ctx.getBroadcastState(LIMITS);
    overrides.put(parameter.externalName(), command.value());
    use(limits.with(parameter, command.value()));
    limitChanges.inc();
    LOG.info(
        "Market breakers: {} = {} from {} by {} ({})",
        parameter.externalName(),
        parameter.display(command.value()),
        command.commandId(),
        command.operator(),
        command.reason());
  }

  /** {@code seed} with the stored overrides; names this version no longer knows are skipped. */
  static RiskLimits withOverrides(
      RiskLimits seed, Iterable<Map.Entry<String, BigDecimal>> overrides) {
    Map<String, BigDecimal> byName = new java.util.HashMap<>();
    overrides.forEach(override -> byName.put(override.getKey(), override.getValue()));
    return seed.withValues(byName);
  }

  private void use(RiskLimits next) {
    limits = next;
    thresholds = MarketThresholds.of(next);
  }

  private MarketBreakerMemory remembered() throws Exception {
    MarketBreakerMemory current = memory.value();
    return current != null ? current : MarketSignals.newMemory();
  }
}
