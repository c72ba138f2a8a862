package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.QuarantineReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by symbol: folds each bar into the symbol's rolling windows and emits its features. A bar
 * that does not move time forward (a duplicate or an older bar) would corrupt the windows, so it
 * goes to {@link #REJECTED} with a reason instead.
 */
public final class RollingFeaturesFunction extends KeyedProcessFunction<String, Bar, BarFeatures> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "rolling-features";
  public static final OutputTag<Quarantined> REJECTED =
      new OutputTag<>("features-rejected", TypeInformation.of(Quarantined.class));

  private final FeatureCalculator calculator;
  private transient ValueState<FeatureState> state;
  private transient Counter rejected;

  public RollingFeaturesFunction(FeatureWindows windows) {
    this.calculator = new FeatureCalculator(windows);
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, FeatureState.class));
    rejected = getRuntimeContext().getMetricGroup().counter("bars_out_of_order_total");
  }

  @Override
  public void processElement(Bar bar, Context ctx, Collector<BarFeatures> out) throws Exception {
    FeatureState current = state.value();
    if (current == null) {
      current = calculator.initialState();
    }
    if (bar.endMillis() <= current.getLastBarEnd()) {
      rejected.inc();
      boolean duplicate = bar.endMillis() == current.getLastBarEnd();
      ctx.output(
          REJECTED,
          Quarantined.ofBar(
              bar,
              duplicate ? QuarantineReason.DUPLICATE : QuarantineReason.OUT_OF_ORDER,
              (duplicate ? "second bar" : "bar going back in time")
                  + " ending at "
                  + bar.endMillis()
                  + "; the last bar of "
                  + bar.symbol()
                  + " ended at "
                  + current.getLastBarEnd(),
              "rolling-features"));
      return;
    }
    out.collect(calculator.update(current, bar));
    state.update(current);
  }
}
