package io.tradingcore.features;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The per-asset features computed the plain way: every window feature recomputed from scratch at
 * every bar with two-pass loops over the bars themselves (sums in exact or 34-digit decimals where
 * prices and volumes are summed), sharing no code with {@link FeatureCalculator}. Only the EMA and
 * Wilder averages, which are recursions by definition, run bar to bar.
 *
 * <p>It keeps just the bars its windows can reach, so it can follow a million-bar run.
 */
final class ReferenceFeatures {
  private static final MathContext MC = MathContext.DECIMAL128;
  private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

  private final FeatureWindows w;
  private final int keep;
  private final Deque<Bar> recent = new ArrayDeque<>();
  private List<Bar> window = List.of();
  private long seen;
  private double ema = Double.NaN;
  private double averageGain;
  private double averageLoss;
  private double rsi;

  ReferenceFeatures(FeatureWindows w) {
    this.w = w;
    this.keep =
        2
            + Math.max(
                Math.max(w.momentum(), w.vwap()),
                Math.max(
                    Math.max(w.intensityLong(), w.moments() + 1),
                    Math.max(w.volatility() + w.volOfVol() + 1, 2 * w.vpin() + 1)));
  }

  /** The features as of {@code bar}, the next bar of the series. */
  BarFeatures next(Bar bar) {
    observe(bar);
    return features();
  }

  /** Takes in the next bar without computing its window features: O(1), for long runs. */
  void observe(Bar bar) {
    Bar previous = recent.peekLast();
    recent.addLast(bar);
    if (recent.size() > keep) {
      recent.removeFirst();
    }
    seen++;
    double close = bar.close().doubleValue();
    if (previous == null) {
      ema = close;
    } else {
      double change = bar.close().subtract(previous.close()).doubleValue();
      ema = ema + (close - ema) * (2.0 / (w.ema() + 1));
      averageGain += (Math.max(change, 0) - averageGain) / w.rsi();
      averageLoss += (Math.max(-change, 0) - averageLoss) / w.rsi();
    }
    if (averageLoss == 0) {
      rsi = averageGain == 0 ? 50 : 100;
    } else {
      rsi = 100 - 100 / (1 + averageGain / averageLoss);
    }
  }

  /** The features as of the last observed bar, window features recomputed from scratch. */
  BarFeatures features() {
    window = new ArrayList<>(recent);
    long t = seen - 1;
    Bar bar = window.get(window.size() - 1);
    double close = bar.close().doubleValue();

    double ma = 0;
    long maFrom = Math.max(0, t - w.momentum() + 1);
    for (long j = maFrom; j <= t; j++) {
      ma += bar(j).close().doubleValue();
    }
    ma /= (t - maFrom + 1);

    BigDecimal range = bar.high().subtract(bar.low());
    double spread = range.divide(bar.close(), MC).doubleValue();
    double bookImbalance =
        range.signum() == 0
            ? 0
            : bar.close()
                .multiply(BigDecimal.valueOf(2))
                .subtract(bar.high())
                .subtract(bar.low())
                .divide(range, MC)
                .doubleValue();

    BigDecimal notional = BigDecimal.ZERO;
    BigDecimal vwapVolume = BigDecimal.ZERO;
    for (long j = Math.max(0, t - w.vwap() + 1); j <= t; j++) {
      Bar b = bar(j);
      BigDecimal typical =
          b.vwap() != null
              ? b.vwap()
              : b.high().add(b.low()).add(b.close()).divide(BigDecimal.valueOf(3), MC);
      notional = notional.add(typical.multiply(b.volume()));
      vwapVolume = vwapVolume.add(b.volume());
    }
    double vwapDeviation =
        vwapVolume.signum() == 0 ? 0 : close / notional.divide(vwapVolume, MC).doubleValue() - 1;

    double longMean = meanVolume(t, w.intensityLong());
    double tradeIntensity = longMean == 0 ? 0 : meanVolume(t, w.intensityShort()) / longMean - 1;

    double volatility = volatilityAt(t);
    List<Double> volatilities = new ArrayList<>();
    for (long s = Math.max(w.volatility(), t - w.volOfVol() + 1); s <= t; s++) {
      volatilities.add(volatilityAt(s));
    }
    double volOfVol = volatilities.size() < 2 ? 0 : sampleStdev(volatilities);

    List<Double> momentsWindow = returns(t, w.moments());
    double[] moments = populationMoments(momentsWindow);
    double skewness = moments[0] == 0 ? 0 : moments[1] / Math.pow(moments[0], 1.5);
    double kurtosis = moments[0] == 0 ? 0 : moments[2] / (moments[0] * moments[0]) - 3;

    double imbalance = 0;
    BigDecimal vpinVolume = BigDecimal.ZERO;
    for (long j = Math.max(0, t - w.vpin() + 1); j <= t; j++) {
      imbalance += imbalanceAt(j);
      vpinVolume = vpinVolume.add(bar(j).volume());
    }
    double vpin = vpinVolume.signum() == 0 ? 0 : imbalance / vpinVolume.doubleValue();

    boolean warm =
        t + 1 >= w.momentum()
            && t >= w.volatility()
            && t + 1 >= w.vwap()
            && t + 1 >= w.intensityLong()
            && t - w.volatility() + 1 >= w.volOfVol()
            && t >= w.moments()
            && t >= w.rsi()
            && t + 1 >= w.ema()
            && t >= w.vpin();

    return new BarFeatures(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.close(),
        t == 0 ? 0 : returnAt(t),
        close / ma - 1,
        volatility,
        spread,
        vwapDeviation,
        bookImbalance,
        tradeIntensity,
        volOfVol,
        skewness,
        kurtosis,
        rsi,
        close / ema - 1,
        vpin,
        bar.quoteImbalance() == null ? Double.NaN : bar.quoteImbalance(),
        warm);
  }

  private Bar bar(long j) {
    long first = seen - window.size();
    if (j < first) {
      throw new IllegalStateException("reference kept too few bars: needs " + j + " from " + first);
    }
    return window.get((int) (j - first));
  }

  private double priceChange(long j) {
    return bar(j).close().subtract(bar(j - 1).close()).doubleValue();
  }

  private double returnAt(long j) {
    return Math.log1p(priceChange(j) / bar(j - 1).close().doubleValue());
  }

  /** The log returns of the last {@code n} bars up to {@code t} that have one. */
  private List<Double> returns(long t, int n) {
    List<Double> out = new ArrayList<>();
    for (long j = Math.max(1, t - n + 1); j <= t; j++) {
      out.add(returnAt(j));
    }
    return out;
  }

  private double volatilityAt(long t) {
    List<Double> r = returns(t, w.volatility());
    return r.size() < 2 ? 0 : sampleStdev(r) * Math.sqrt(252.0 * 390.0);
  }

  private double meanVolume(long t, int n) {
    BigDecimal sum = BigDecimal.ZERO;
    long from = Math.max(0, t - n + 1);
    for (long j = from; j <= t; j++) {
      sum = sum.add(bar(j).volume());
    }
    return sum.divide(BigDecimal.valueOf(t - from + 1), MC).doubleValue();
  }

  /** |V_b − V_s| of bar {@code j}, with σ of ΔP as it stood at bar j. */
  private double imbalanceAt(long j) {
    Bar b = bar(j);
    if (b.buyVolume() != null) {
      return b.buyVolume().multiply(BigDecimal.valueOf(2)).subtract(b.volume()).abs().doubleValue();
    }
    if (j == 0) {
      return 0;
    }
    List<Double> changes = new ArrayList<>();
    for (long k = Math.max(1, j - w.vpin() + 1); k <= j; k++) {
      changes.add(priceChange(k));
    }
    double sigma = changes.size() < 2 ? Double.NaN : sampleStdev(changes);
    double phi = sigma > 0 ? NORMAL.cumulativeProbability(priceChange(j) / sigma) : 0.5;
    double volume = b.volume().doubleValue();
    double buy = volume * phi;
    return Math.abs(buy - (volume - buy));
  }

  static double sampleStdev(List<Double> xs) {
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= xs.size();
    double squares = 0;
    for (double x : xs) {
      squares += (x - mean) * (x - mean);
    }
    return Math.sqrt(squares / (xs.size() - 1));
  }

  /** {m2, m3, m4} about the mean, population (1/n); m2 exactly 0 for a constant window. */
  static double[] populationMoments(List<Double> xs) {
    if (xs.isEmpty() || xs.stream().distinct().count() == 1) {
      return new double[3];
    }
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= xs.size();
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (double x : xs) {
      double d = x - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    int n = xs.size();
    return new double[] {m2 / n, m3 / n, m4 / n};
  }
}
