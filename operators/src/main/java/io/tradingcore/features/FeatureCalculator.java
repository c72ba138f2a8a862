package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.math3.special.Erf;

/**
 * Turns one instrument's bars, in time order, into {@link BarFeatures} (definitions there). Plain
 * Java: the same core serves the streaming job, backtests and benchmarks.
 *
 * <p>Each bar costs O(1): rolling sums and moments keep running totals that {@link RollingWindow},
 * {@link RollingSum} and {@link RollingMoments} rebuild from their buffers once per window length,
 * so they never drift; the EMA and Wilder averages are contractions, whose rounding decays instead
 * of accumulating. Differences of prices (high − low, 2·close − high − low, close − previous close)
 * are taken on the exact decimals before conversion, so a level of 1e6 moving by 1e-4 keeps all the
 * digits of its moves.
 */
public final class FeatureCalculator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One-minute bars: 390 a regular session, 252 sessions a year. */
  public static final double ANNUALISATION = Math.sqrt(252.0 * 390.0);

  private static final BigDecimal THREE = BigDecimal.valueOf(3);
  private static final double SQRT_TWO = Math.sqrt(2.0);

  private final FeatureWindows windows;
  private final double emaMultiplier;

  public FeatureCalculator(FeatureWindows windows) {
    this.windows = windows;
    this.emaMultiplier = 2.0 / (windows.ema() + 1.0);
  }

  public FeatureWindows windows() {
    return windows;
  }

  public FeatureState initialState() {
    return FeatureState.create(windows);
  }

  /**
   * Whether {@code state} was built for these windows and has every field this version keeps: a
   * state restored from an older version, or built with other window lengths, does not, and the
   * caller should start afresh (the features warm up again) rather than mix definitions.
   */
  public boolean fits(FeatureState state) {
    return state.getCloses() != null
        && state.getCloses().capacity() == windows.momentum()
        && state.getReturns() != null
        && state.getReturns().capacity() == windows.volatility()
        && state.getPriceVolume() != null
        && state.getPriceVolume().capacity() == windows.vwap()
        && state.getVolume() != null
        && state.getVolume().capacity() == windows.vwap()
        && state.getVolumeShort() != null
        && state.getVolumeShort().capacity() == windows.intensityShort()
        && state.getVolumeLong() != null
        && state.getVolumeLong().capacity() == windows.intensityLong()
        && state.getVolatilities() != null
        && state.getVolatilities().capacity() == windows.volOfVol()
        && state.getReturnMoments() != null
        && state.getReturnMoments().capacity() == windows.moments()
        && state.getPriceChanges() != null
        && state.getPriceChanges().capacity() == windows.vpin()
        && state.getVpinImbalance() != null
        && state.getVpinImbalance().capacity() == windows.vpin()
        && state.getVpinVolume() != null
        && state.getVpinVolume().capacity() == windows.vpin()
        && (state.getBarsSeen() == 0 || state.getLastCloseDecimal() != null);
  }

  /**
   * Folds {@code bar} into {@code state} and returns the features as of that bar. Bars must come in
   * increasing end time; the caller rejects any other.
   */
  public BarFeatures update(FeatureState state, Bar bar) {
    double close = bar.close().doubleValue();
    double high = bar.high().doubleValue();
    double low = bar.low().doubleValue();
    double volume = bar.volume().doubleValue();
    BigDecimal previousCloseDecimal = state.getLastCloseDecimal();
    boolean hasPrevious = previousCloseDecimal != null;

    // Close to close, on exact decimals: the move keeps its digits however high the level.
    double change = hasPrevious ? bar.close().subtract(previousCloseDecimal).doubleValue() : 0.0;
    double logReturn = logReturn(previousCloseDecimal, bar.close());
    if (hasPrevious) {
      state.getReturns().add(logReturn);
      state.getReturnMoments().add(logReturn);
      state.getPriceChanges().add(change);
    }
    state.getCloses().add(close);
    state.getPriceVolume().add(typicalPrice(bar) * volume);
    state.getVolume().add(volume);
    state.getVolumeShort().add(volume);
    state.getVolumeLong().add(volume);

    double momentum = close / state.getCloses().mean() - 1.0;

    RollingWindow returns = state.getReturns();
    double volatility = returns.count() < 2 ? 0.0 : returns.standardDeviation() * ANNUALISATION;
    if (returns.isFull()) {
      state.getVolatilities().add(volatility);
    }
    RollingWindow volatilities = state.getVolatilities();
    double volOfVol = volatilities.count() < 2 ? 0.0 : volatilities.standardDeviation();

    BigDecimal range = bar.high().subtract(bar.low());
    double spread = range.doubleValue() / close;
    double bookImbalance =
        range.signum() == 0
            ? 0.0
            : bar.close().add(bar.close()).subtract(bar.high()).subtract(bar.low()).doubleValue()
                / range.doubleValue();

    double volumeSum = state.getVolume().sum();
    // No volume in the window means no traded price to deviate from.
    double vwapDeviation =
        volumeSum > 0 ? close / (state.getPriceVolume().sum() / volumeSum) - 1.0 : 0.0;

    double longMeanVolume = state.getVolumeLong().mean();
    double tradeIntensity =
        longMeanVolume > 0 ? state.getVolumeShort().mean() / longMeanVolume - 1.0 : 0.0;

    double rsi = updateRsi(state, change);
    double ema =
        Double.isNaN(state.getEma())
            ? close
            : state.getEma() + (close - state.getEma()) * emaMultiplier;
    state.setEma(ema);
    double emaDeviation = close / ema - 1.0;

    double vpin = updateVpin(state, bar, volume, change, hasPrevious);

    state.setLastCloseDecimal(bar.close());
    state.setLastBarEnd(bar.endMillis());
    state.setBarsSeen(state.getBarsSeen() + 1);

    boolean warm =
        state.getCloses().isFull()
            && returns.isFull()
            && state.getVolume().isFull()
            && state.getVolumeLong().isFull()
            && volatilities.isFull()
            && state.getReturnMoments().isFull()
            && state.getBarsSeen() > windows.rsi()
            && state.getBarsSeen() >= windows.ema()
            && state.getPriceChanges().isFull();
    // In BarFeatures.NAMES order: the one place that order is spelled out is BarFeatures.
    double[] vector = {
      spread,
      bookImbalance,
      vwapDeviation,
      tradeIntensity,
      momentum,
      volatility,
      volOfVol,
      state.getReturnMoments().skewness(),
      state.getReturnMoments().excessKurtosis(),
      rsi,
      emaDeviation,
      vpin
    };
    return BarFeatures.of(bar, logReturn, vector, warm);
  }

  /**
   * {@link BarFeatures#logReturn()}: ln(close / previous close) as log1p(Δ / previous close) with
   * the exact decimal Δ, or 0 without a previous close (a symbol's first bar). Shared with the
   * mapping of exported features back to {@link BarFeatures}, which carry no log return.
   *
   * @param previousClose the close of the symbol's previous accepted bar, or {@code null}
   */
  public static double logReturn(BigDecimal previousClose, BigDecimal close) {
    if (previousClose == null) {
      return 0.0;
    }
    return Math.log1p(close.subtract(previousClose).doubleValue() / previousClose.doubleValue());
  }

  /** Wilder averages seeded, as ta4j seeds them, with the first bar's gain and loss of 0. */
  private double updateRsi(FeatureState state, double change) {
    double gain = change > 0 ? change : 0.0;
    double loss = change < 0 ? -change : 0.0;
    double n = windows.rsi();
    double averageGain;
    double averageLoss;
    if (state.getBarsSeen() == 0) {
      averageGain = gain;
      averageLoss = loss;
    } else {
      averageGain = state.getAverageGain() + (gain - state.getAverageGain()) / n;
      averageLoss = state.getAverageLoss() + (loss - state.getAverageLoss()) / n;
    }
    state.setAverageGain(averageGain);
    state.setAverageLoss(averageLoss);
    if (averageLoss == 0.0) {
      // No losses: all up is 100; no movement at all is neutral (ta4j says 0, which reads as
      // oversold to a policy).
      return averageGain == 0.0 ? 50.0 : 100.0;
    }
    return 100.0 - 100.0 / (1.0 + averageGain / averageLoss);
  }

  private double updateVpin(
      FeatureState state, Bar bar, double volume, double change, boolean hasPrevious) {
    double imbalance;
    if (bar.buyVolume() != null) {
      imbalance = Math.abs(2.0 * bar.buyVolume().doubleValue() - volume);
    } else {
      RollingWindow changes = state.getPriceChanges();
      double sigma = changes.count() < 2 ? Double.NaN : changes.standardDeviation();
      // |V_b − V_s| = V·|2Φ(z) − 1| = V·|erf(z / √2)|: erf keeps its digits for small z, where
      // 2Φ − 1 would cancel.
      imbalance =
          hasPrevious && sigma > 0 ? volume * Math.abs(Erf.erf(change / sigma / SQRT_TWO)) : 0.0;
    }
    state.getVpinImbalance().add(imbalance);
    state.getVpinVolume().add(volume);
    double totalVolume = state.getVpinVolume().sum();
    return totalVolume > 0 ? state.getVpinImbalance().sum() / totalVolume : 0.0;
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
