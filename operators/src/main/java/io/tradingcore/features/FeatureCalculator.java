package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Turns one instrument's bars, in time order, into {@link BarFeatures}. Plain Java: the same core
 * serves the streaming job, backtests and benchmarks.
 */
public final class FeatureCalculator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One-minute bars: 390 a regular session, 252 sessions a year. */
  public static final double ANNUALISATION = Math.sqrt(252.0 * 390.0);

  private static final BigDecimal THREE = BigDecimal.valueOf(3);

  private final FeatureWindows windows;

  public FeatureCalculator(FeatureWindows windows) {
    this.windows = windows;
  }

  public FeatureState initialState() {
    return FeatureState.create(windows);
  }

  /**
   * Folds {@code bar} into {@code state} and returns the features as of that bar. Bars must come in
   * increasing end time; the caller rejects any other.
   */
  public BarFeatures update(FeatureState state, Bar bar) {
    double close = bar.close().doubleValue();
    double previousClose = state.getLastClose();
    double logReturn = Double.isNaN(previousClose) ? 0.0 : Math.log(close / previousClose);
    if (!Double.isNaN(previousClose)) {
      state.getReturns().add(logReturn);
    }
    state.getCloses().add(close);

    double volume = bar.volume().doubleValue();
    state.getPriceVolume().add(typicalPrice(bar) * volume);
    state.getVolume().add(volume);

    state.setLastClose(close);
    state.setLastBarEnd(bar.endMillis());
    state.setBarsSeen(state.getBarsSeen() + 1);

    double momentum = close / state.getCloses().mean() - 1.0;
    double volatility =
        state.getReturns().count() < 2
            ? 0.0
            : state.getReturns().standardDeviation() * ANNUALISATION;
    double spread = (bar.high().doubleValue() - bar.low().doubleValue()) / close;
    double volumeSum = state.getVolume().sum();
    // No volume in the window means no traded price to deviate from.
    double vwapDeviation =
        volumeSum > 0 ? close / (state.getPriceVolume().sum() / volumeSum) - 1.0 : 0.0;
    boolean warm =
        state.getCloses().isFull() && state.getReturns().isFull() && state.getVolume().isFull();
    return new BarFeatures(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.close(),
        logReturn,
        momentum,
        volatility,
        spread,
        vwapDeviation,
        warm);
  }

  /** The bar's own VWAP when the source gives one, else (high + low + close) / 3. */
  static double typicalPrice(Bar bar) {
    if (bar.vwap() != null) {
      return bar.vwap().doubleValue();
    }
    return bar.high()
        .add(bar.low())
        .add(bar.close())
        .divide(THREE, MathContext.DECIMAL64)
        .doubleValue();
  }
}
