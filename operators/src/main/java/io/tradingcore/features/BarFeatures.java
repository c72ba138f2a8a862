package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the strategy and the policy see of one instrument after one bar: the design's per-asset
 * feature set {@value #FEATURE_SET}, version {@value #FEATURE_SET_VERSION}.
 *
 * <p>Window lengths come from {@link FeatureWindows} (defaults in brackets). Before a window is
 * full a feature is computed over the bars seen so far, and is 0 where that is undefined; {@link
 * #warm()} tells when every window is full. Each rolling statistic is updated in O(1) per bar.
 *
 * @param close the bar's close, exact, for sizing orders
 * @param logReturn ln(close / previous close), computed as log1p(Δ / previous close) with the exact
 *     decimal Δ; 0 on the first bar
 * @param momentum close / mean of the last {@code momentum} [5] closes − 1
 * @param volatility sample standard deviation (n − 1) of the last {@code volatility} [20] log
 *     returns, annualised with √(252 × 390); 0 until two returns exist
 * @param spread (high − low) / close, a spread proxy
 * @param vwapDeviation close / VWAP of the last {@code vwap} [10] bars − 1, each bar weighted by
 *     its volume at its own VWAP, or (high + low + close) / 3 when the source gives none; 0 when
 *     the window has no volume
 * @param bookImbalance (2·close − high − low) / (high − low), the close location value in [−1, 1]:
 *     a bar proxy for book pressure; 0 when high == low
 * @param tradeIntensity mean volume of the last {@code intensityShort} [5] bars / mean volume of
 *     the last {@code intensityLong} [20] bars − 1; 0 when the long mean is 0
 * @param volOfVol sample standard deviation (n − 1) of the last {@code volOfVol} [20] values of
 *     {@code volatility} taken at bars where the volatility window was full (partial-window values
 *     are left out); 0 until two such values exist
 * @param skewness population skewness m3 / m2^1.5 of the last {@code moments} [20] log returns,
 *     with m_j = (1/n) Σ (r − mean)^j; exactly 0 when the window is constant (m2 == 0)
 * @param kurtosis population excess kurtosis m4 / m2² − 3 of the same returns; exactly 0 when m2 ==
 *     0
 * @param rsi Wilder's RSI({@code rsi} [14]) in [0, 100]: 100 − 100 / (1 + G / L) with G and L the
 *     Wilder averages (a ← a + (x − a) / n) of gains and losses of close to close. As in ta4j, both
 *     averages start at the first bar's gain and loss, which are 0 (no change yet). 100 when L is 0
 *     and G is not; 50 when both are 0 (no movement at all), where ta4j reports 0
 * @param emaDeviation close / EMA({@code ema} [20]) of closes − 1, with e ← e + (close − e)·2 / (n
 *     + 1) seeded with the first close, as ta4j's EMAIndicator
 * @param vpin Σ|V_b − V_s| / ΣV over the last {@code vpin} [50] bars, 0 when ΣV is 0. A bar's buy
 *     volume V_b is {@link io.tradingcore.marketdata.Bar#buyVolume()} when the bar was built from
 *     classified trades; otherwise bulk-volume classification V_b = V·Φ(ΔP / σ) with ΔP = close −
 *     previous close and σ the sample stdev of the last {@code vpin} ΔP values including this one
 *     (Φ = 0.5, so |V_b − V_s| = 0, when σ is 0 or undefined). Each bar's |V_b − V_s| is fixed when
 *     the bar arrives.
 * @param quoteImbalance the bar's own mean quote imbalance (bid size − ask size) / (bid size + ask
 *     size), or NaN when the bar carries no quotes; not part of {@link #vector()}
 * @param warm whether every window is full, so every feature is defined over its whole window
 *     ({@link FeatureWindows#warmUpBars()} bars, 51 by default)
 */
public record BarFeatures(
    String symbol,
    long barStart,
    long barEnd,
    BigDecimal close,
    double logReturn,
    double momentum,
    double volatility,
    double spread,
    double vwapDeviation,
    double bookImbalance,
    double tradeIntensity,
    double volOfVol,
    double skewness,
    double kurtosis,
    double rsi,
    double emaDeviation,
    double vpin,
    double quoteImbalance,
    boolean warm) {

  /** Name of the feature set in a model's input contract. */
  public static final String FEATURE_SET = "asset";

  /** Bumped whenever a definition, an order or a default window changes. */
  public static final int FEATURE_SET_VERSION = 1;

  /** The policy's per-asset features, in the order of {@link #vector()}. */
  public static final List<String> NAMES =
      List.of(
          "spread",
          "book_imbalance",
          "vwap_deviation",
          "trade_intensity",
          "momentum",
          "volatility",
          "vol_of_vol",
          "skewness",
          "kurtosis",
          "rsi",
          "ema_deviation",
          "vpin");

  /**
   * The inverse of {@link #vector()}: the features of {@code bar} from their values in {@link
   * #NAMES} order, with the bar's exact close and quote imbalance (NaN without quotes).
   *
   * @param logReturn the bar's log return, which the vector does not hold
   */
  public static BarFeatures of(Bar bar, double logReturn, double[] vector, boolean warm) {
    if (vector.length != NAMES.size()) {
      throw new IllegalArgumentException(
          "a vector of " + NAMES.size() + " features " + NAMES + ", got " + vector.length);
    }
    Double quoteImbalance = bar.quoteImbalance();
    return new BarFeatures(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.close(),
        logReturn,
        vector[4],
        vector[5],
        vector[0],
        vector[2],
        vector[1],
        vector[3],
        vector[6],
        vector[7],
        vector[8],
        vector[9],
        vector[10],
        vector[11],
        quoteImbalance == null ? Double.NaN : quoteImbalance,
        warm);
  }

  /** The feature {@code NAMES.get(index)}, without building the whole vector. */
  public double feature(int index) {
    return switch (index) {
      case 0 -> spread;
      case 1 -> bookImbalance;
      case 2 -> vwapDeviation;
      case 3 -> tradeIntensity;
      case 4 -> momentum;
      case 5 -> volatility;
      case 6 -> volOfVol;
      case 7 -> skewness;
      case 8 -> kurtosis;
      case 9 -> rsi;
      case 10 -> emaDeviation;
      case 11 -> vpin;
      default -> throw new IndexOutOfBoundsException("no feature " + index + " in " + NAMES);
    };
  }

  /** The {@link #NAMES} features in that order: a fresh array each call. */
  public double[] vector() {
    return new double[] {
      spread,
      bookImbalance,
      vwapDeviation,
      tradeIntensity,
      momentum,
      volatility,
      volOfVol,
      skewness,
      kurtosis,
      rsi,
      emaDeviation,
      vpin
    };
  }
}
