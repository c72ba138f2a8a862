package io.tradingcore.backtest;

import io.tradingcore.features.BarFeatures;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: the backtest's look-ahead check delays each symbol's features by exactly one
 * bar. The features of bar t are held until the features of the symbol's next bar t+1 arrive; then
 * bar t's values go on, stamped with bar t+1's start and end (and the event time of t+1), so the
 * portfolio alignment and the strategy downstream see at t+1 what they would have seen at t. The
 * strategy therefore decides one bar late on stale information, and its orders still fill on the
 * bar after the decision.
 *
 * <p>Everything carried is bar t's, the close the strategy sizes orders with included; only the
 * bar's times are t+1's. The next bar is the symbol's next bar the quality gate accepted (a refused
 * bar is skipped, as in the primary run); the last bar of a day reaches the strategy with the first
 * bar of the next day.
 *
 * <p>Nothing comes out for a symbol's first bar, and the features of its last bar never do: no
 * later bar carries them, and a decision there could not fill anyway. At the end of the input (the
 * final watermark) the held features are dropped, counted ({@value #DROPPED_AT_END_METRIC}), and
 * the state is cleared, so no state or timer is left. Features must arrive in bar order per symbol,
 * as the rolling features emit them; one that does not fails the job.
 */
public final class OneBarLateFunction
    extends KeyedProcessFunction<String, BarFeatures, BarFeatures> {
  private static final long serialVersionUID = 1L;

  public static final String HELD = "one-bar-late-held-features";
  public static final String DROPPED_AT_END_METRIC = "features_dropped_at_end_total";

  private transient ValueState<BarFeatures> held;
  private transient Counter droppedAtEnd;

  @Override
  public void open(OpenContext context) {
    held = getRuntimeContext().getState(new ValueStateDescriptor<>(HELD, BarFeatures.class));
    droppedAtEnd = getRuntimeContext().getMetricGroup().counter(DROPPED_AT_END_METRIC);
  }

  @Override
  public void processElement(BarFeatures features, Context ctx, Collector<BarFeatures> out)
      throws Exception {
    BarFeatures previous = held.value();
    if (previous == null) {
      // One timer per symbol, fired by the final watermark: it drops what is still held.
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    } else if (features.barEnd() <= previous.barEnd()) {
      throw new IllegalStateException(
          "features of "
              + features.symbol()
              + " out of bar order: the bar ending at "
              + features.barEnd()
              + " came after the one ending at "
              + previous.barEnd());
    } else {
      out.collect(lateBy(previous, features));
    }
    held.update(features);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BarFeatures> out)
      throws Exception {
    if (held.value() != null) {
      droppedAtEnd.inc();
    }
    held.clear();
  }

  /** {@code earlier}'s features with {@code next}'s bar times: what arrives one bar late. */
  static BarFeatures lateBy(BarFeatures earlier, BarFeatures next) {
    return new BarFeatures(
        earlier.symbol(),
        next.barStart(),
        next.barEnd(),
        earlier.close(),
        earlier.logReturn(),
        earlier.momentum(),
        earlier.volatility(),
        earlier.spread(),
        earlier.vwapDeviation(),
        earlier.bookImbalance(),
        earlier.tradeIntensity(),
        earlier.volOfVol(),
        earlier.skewness(),
        earlier.kurtosis(),
        earlier.rsi(),
        earlier.emaDeviation(),
        earlier.vpin(),
        earlier.quoteImbalance(),
        earlier.warm());
  }
}
