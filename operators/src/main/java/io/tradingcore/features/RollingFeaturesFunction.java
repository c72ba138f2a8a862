package io.tradingcore.features;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.metrics.TradingMetrics;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: folds each bar into the symbol's rolling windows and emits its features. Bars
 * arrive in time order per symbol: {@link io.tradingcore.marketdata.BarQualityGateFunction} refuses
 * any other before they get here, and a bar that still goes back in time is a broken invariant, not
 * bad data.
 *
 * <p>A symbol's state expires {@code stateTtl} of processing time after its last bar (default
 * {@link #DEFAULT_STATE_TTL}), so symbols that stop trading (delisted, dropped from the universe)
 * do not hold state forever; a symbol that comes back starts warming up again. Seven days outlasts
 * any weekend or exchange holiday, so a symbol that trades every session never loses its windows.
 * State restored from a savepoint that does not {@link FeatureCalculator#fits fit} the configured
 * windows (other window lengths, or an older version of the state) also starts afresh.
 */
public final class RollingFeaturesFunction extends KeyedProcessFunction<String, Bar, BarFeatures> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "rolling-features";

  /** How long a symbol's windows outlive its last bar, in processing time. */
  public static final Duration DEFAULT_STATE_TTL = Duration.ofDays(7);

  private final FeatureCalculator calculator;
  private final Duration stateTtl;
  private transient ValueState<FeatureState> state;
  private transient Counter bars;

  public RollingFeaturesFunction(FeatureWindows windows) {
    this(windows, DEFAULT_STATE_TTL);
  }

  /**
   * @param stateTtl processing time after a symbol's last bar when its state expires; positive
   */
  public RollingFeaturesFunction(FeatureWindows windows, Duration stateTtl) {
    requireNonNull(stateTtl, "stateTtl");
    if (stateTtl.isNegative() || stateTtl.isZero()) {
      throw new IllegalArgumentException("feature state TTL must be positive, was " + stateTtl);
    }
    this.calculator = new FeatureCalculator(requireNonNull(windows, "windows"));
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext context) {
    ValueStateDescriptor<FeatureState> descriptor =
        new ValueStateDescriptor<>(STATE, FeatureState.class);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(stateTtl)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            // Heap state also drops expired entries a few at a time as other keys are touched
            // (Flink's default background cleanup); full snapshots leave them out altogether.
            .cleanupFullSnapshot()
            .build());
    state = getRuntimeContext().getState(descriptor);
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    bars = metrics.counter(TradingMetrics.DATA_BARS_TOTAL);
    metrics.meter(
        TradingMetrics.DATA_BARS_PER_SECOND,
        new MeterView(bars, TradingMetrics.DATA_BARS_RATE_SPAN_SECONDS));
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<BarFeatures> out) throws Exception {
    FeatureState current = state.value();
    if (current == null || !calculator.fits(current)) {
      current = calculator.initialState();
    }
    if (bar.endMillis() <= current.getLastBarEnd()) {
      throw new IllegalStateException(
          "bar of "
              + bar.symbol()
              + " ending at "
              + bar.endMillis()
              + " reached the features after one ending at "
              + current.getLastBarEnd()
              + ": the quality gate must have been bypassed");
    }
    bars.inc();
    out.collect(calculator.update(current, bar));
    state.update(current);
  }
}
