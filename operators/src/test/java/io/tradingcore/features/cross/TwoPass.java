package io.tradingcore.features.cross;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * The independent reference: plain two-pass statistics recomputed from scratch over a window of
 * rows (row t = one value per series), with the same definitions (0 when a series is constant).
 */
final class TwoPass {
  /** Relative agreement required of the O(1) updates. */
  static final double RELATIVE = 1e-9;

  /**
   * Absolute floor near zero for correlations (bounded by 1): the running sums carry rounding of
   * about window × ε ≈ 1e-14 of the window's scale, so a correlation near 0 cannot match to 1e-9 of
   * itself; 1e-12 is a hundred times that rounding and far below any meaningful value.
   */
  static final double CORRELATION_FLOOR = 1e-12;

  private TwoPass() {}

  static double[] column(List<double[]> rows, int i) {
    double[] out = new double[rows.size()];
    for (int t = 0; t < rows.size(); t++) {
      out[t] = rows.get(t)[i];
    }
    return out;
  }

  static boolean constant(double[] x) {
    for (double v : x) {
      if (v != x[0]) {
        return false;
      }
    }
    return true;
  }

  static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** Σ (x − x̄)(y − ȳ); 0 when either series is constant. */
  static double comoment(double[] x, double[] y) {
    if (x.length < 2 || constant(x) || constant(y)) {
      return 0.0;
    }
    double mx = mean(x);
    double my = mean(y);
    double sum = 0;
    for (int t = 0; t < x.length; t++) {
      sum += (x[t] - mx) * (y[t] - my);
    }
    return sum;
  }

  static double variance(double[] x) {
    return x.length < 2 ? 0.0 : comoment(x, x) / (x.length - 1);
  }

  static double correlation(double[] x, double[] y) {
    double cxx = comoment(x, x);
    double cyy = comoment(y, y);
    if (cxx == 0 || cyy == 0) {
      return 0.0;
    }
    return comoment(x, y) / Math.sqrt(cxx * cyy);
  }

  static double beta(double[] x, double[] benchmark) {
    double cbb = comoment(benchmark, benchmark);
    return cbb == 0 ? 0.0 : comoment(x, benchmark) / cbb;
  }

  static void assertCorrelation(double actual, double expected, String what) {
    assertThat(actual).as(what).isFinite();
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs reference %s", what, actual, expected)
        .isLessThanOrEqualTo(RELATIVE * Math.abs(expected) + CORRELATION_FLOOR);
  }

  /**
   * Beta is not bounded: its floor is the correlation floor scaled by sd(x) / sd(benchmark), the
   * size one unit of correlation has in beta.
   */
  static void assertBeta(double actual, double expected, double[] x, double[] b, String what) {
    double scale = variance(b) > 0 ? Math.sqrt(variance(x) / variance(b)) : 0.0;
    assertThat(actual).as(what).isFinite();
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs reference %s", what, actual, expected)
        .isLessThanOrEqualTo(RELATIVE * Math.abs(expected) + CORRELATION_FLOOR * scale);
  }

  /** Variance: relative, with a floor of 1e-12 of the window's mean square. */
  static void assertVariance(double actual, double expected, double[] x, String what) {
    double meanSquare = 0;
    for (double v : x) {
      meanSquare += v * v;
    }
    meanSquare /= x.length;
    assertThat(actual).as(what).isFinite().isGreaterThanOrEqualTo(0.0);
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs reference %s", what, actual, expected)
        .isLessThanOrEqualTo(RELATIVE * Math.abs(expected) + 1e-12 * meanSquare);
  }
}
