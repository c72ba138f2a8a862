package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by symbol: folds each bar into the symbol's rolling windows and emits its features. Bars
 * arrive in time order per symbol: {@link io.tradingcore.marketdata.BarQualityGateFunction} refuses
 * any other before they get here, and a bar that still goes back in time is a broken invariant, not
 * bad data.
 */
public final class RollingFeaturesFunction extends KeyedProcessFunction<String, Bar, BarFeatures> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "rolling-features";

  private final FeatureCalculator calculator;
  private transient ValueState<FeatureState> state;

  public RollingFeaturesFunction(FeatureWindows windows) {
    this.calculator = new FeatureCalculator(windows);
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, FeatureState.class));
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<BarFeatures> out) throws Exception {
    FeatureState current = state.value();
    if (current == null) {
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
    out.collect(calculator.update(current, bar));
    state.update(current);
  }
}
