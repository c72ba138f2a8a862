package io.tradingcore.features.cross;

import static io.tradingcore.features.cross.TwoPass.assertBeta;
import static io.tradingcore.features.cross.TwoPass.assertCorrelation;
import static io.tradingcore.features.cross.TwoPass.assertVariance;
import static io.tradingcore.features.cross.TwoPass.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.testing.RealMinuteBars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CorrelationMatrixTest {
  private static final int WINDOW = 50;
  private static final List<String> REAL =
      List.of("AAPL", "MSFT", "SPY", "QQQ", "AMZN", "TSLA", "JPM", "BAC", "VOO", "GLD", "V", "MU");

  @Test
  void twelveRealSymbolsAlignedOnMinutesMatchTheTwoPassReferenceEveryBar() {
    Assumptions.assumeTrue(
        RealMinuteBars.present(REAL.toArray(String[]::new)), RealMinuteBars.MISSING);
    List<double[]> returns = alignedRealReturns(REAL);
    assertThat(returns).hasSizeGreaterThan(1900);

    checkAgainstReference(returns, REAL.indexOf("SPY"));
  }

  @Test
  void aRealPairMatchesTheReferenceAndTheMatrix() {
    Assumptions.assumeTrue(RealMinuteBars.present("AAPL", "SPY"), RealMinuteBars.MISSING);
    List<double[]> returns = alignedRealReturns(List.of("AAPL", "SPY"));
    RollingCoMoment pair = new RollingCoMoment(WINDOW);
    CorrelationMatrix matrix = new CorrelationMatrix(2, WINDOW);
    for (int t = 0; t < returns.size(); t++) {
      double[] row = returns.get(t);
      pair.add(row[0], row[1]);
      matrix.add(row);
      List<double[]> window = returns.subList(Math.max(0, t + 1 - WINDOW), t + 1);
      double[] x = column(window, 0);
      double[] y = column(window, 1);
      assertCorrelation(pair.correlation(), TwoPass.correlation(x, y), "pair at " + t);
      assertBeta(pair.betaOfXOnY(), TwoPass.beta(x, y), x, y, "pair beta at " + t);
      assertVariance(pair.varianceX(), TwoPass.variance(x), x, "var x at " + t);
      assertVariance(pair.varianceY(), TwoPass.variance(y), y, "var y at " + t);
      assertThat(pair.covariance())
          .isCloseTo(TwoPass.comoment(x, y) / Math.max(1, x.length - 1), within(x, y));
      assertCorrelation(pair.correlation(), matrix.correlation(0, 1), "pair vs matrix at " + t);
    }
  }

  @Test
  void fiftyByFiftyOnAdversarialSeriesMatchesTheReferenceEveryBar() {
    int n = 50;
    int bars = 400;
    SplittableRandom random = new SplittableRandom(7);
    double[] prices = new double[n];
    java.util.Arrays.fill(prices, 100.0);
    prices[1] = 1e6; // a price of 1e6 moving by 1e-4: log returns near 1e-10
    List<double[]> returns = new ArrayList<>();
    for (int t = 0; t < bars; t++) {
      double market = random.nextGaussian() * 1e-3;
      double[] row = new double[n];
      for (int i = 0; i < n; i++) {
        double next;
        if (i == 0) {
          next = prices[i]; // constant price: zero returns forever
        } else if (i == 1) {
          next = prices[i] + (random.nextBoolean() ? 1e-4 : -1e-4);
        } else if (i == 2 && (t / 60) % 2 == 1) {
          next = prices[i]; // a symbol that stops printing for 60 bars, then resumes
        } else if (i == 3 && t >= 200) {
          next = prices[i]; // turns constant for good half-way
        } else {
          double beta = 0.5 + i / 25.0;
          next = prices[i] * Math.exp(beta * market + random.nextGaussian() * 1e-3 * (i % 5 + 1));
        }
        row[i] = Math.log(next / prices[i]);
        prices[i] = next;
      }
      returns.add(row);
    }

    checkAgainstReference(returns, 4);
  }

  @Test
  void aConstantSeriesHasCorrelationAndBetaZeroNeverNaN() {
    CorrelationMatrix matrix = new CorrelationMatrix(3, 5);
    for (int t = 0; t < 12; t++) {
      matrix.add(new double[] {0.25, t % 2 == 0 ? 0.01 : -0.01, 0.1 * t});
    }

    assertThat(matrix.variance(0)).isZero();
    assertThat(matrix.correlation(0, 1)).isZero();
    assertThat(matrix.correlation(1, 2)).isNotNaN();
    assertThat(matrix.beta(1, 0)).as("against a constant benchmark").isZero();
    assertThat(matrix.beta(0, 1)).isZero();
    assertThat(matrix.upperCorrelations()).doesNotContain(Double.NaN);
  }

  @Test
  void aSeriesThatTurnsConstantHasExactlyZeroVarianceOnceItFillsTheWindow() {
    CorrelationMatrix matrix = new CorrelationMatrix(2, 5);
    RollingCoMoment pair = new RollingCoMoment(5);
    double[] noisy = {0.3, -1.7, 2.9, 0.1, -0.4, 1.3, 0.03};
    for (int t = 0; t < 7; t++) {
      matrix.add(new double[] {noisy[t], t});
      pair.add(noisy[t], t);
    }
    for (int t = 0; t < 6; t++) {
      matrix.add(new double[] {0.0, 0.5 * t});
      pair.add(0.0, 0.5 * t);
    }

    assertThat(matrix.variance(0)).isEqualTo(0.0);
    assertThat(matrix.correlation(0, 1)).isEqualTo(0.0);
    assertThat(pair.varianceX()).isEqualTo(0.0);
    assertThat(pair.correlation()).isEqualTo(0.0);
  }

  @Test
  void upperIndexWalksTheTriangleRowByRow() {
    int k = 0;
    for (int i = 0; i < 6; i++) {
      for (int j = i + 1; j < 6; j++) {
        assertThat(CorrelationMatrix.upperIndex(6, i, j)).isEqualTo(k);
        assertThat(CorrelationMatrix.upperIndex(6, j, i)).isEqualTo(k++);
      }
    }
  }

  /** The full matrix, every beta against {@code benchmark} and every variance, every bar. */
  private static void checkAgainstReference(List<double[]> returns, int benchmark) {
    int n = returns.get(0).length;
    CorrelationMatrix matrix = new CorrelationMatrix(n, WINDOW);
    for (int t = 0; t < returns.size(); t++) {
      matrix.add(returns.get(t));
      List<double[]> window = returns.subList(Math.max(0, t + 1 - WINDOW), t + 1);
      double[] upper = matrix.upperCorrelations();
      double[][] columns = new double[n][];
      for (int i = 0; i < n; i++) {
        columns[i] = column(window, i);
      }
      double[] b = columns[benchmark];
      for (int i = 0; i < n; i++) {
        assertVariance(matrix.variance(i), TwoPass.variance(columns[i]), columns[i], "var " + i);
        assertBeta(
            matrix.beta(i, benchmark),
            TwoPass.beta(columns[i], b),
            columns[i],
            b,
            "beta " + i + " at bar " + t);
        for (int j = i + 1; j < n; j++) {
          double expected = TwoPass.correlation(columns[i], columns[j]);
          String what = "corr(" + i + "," + j + ") at bar " + t;
          assertCorrelation(upper[CorrelationMatrix.upperIndex(n, i, j)], expected, what);
          assertCorrelation(matrix.correlation(i, j), expected, what);
        }
      }
    }
  }

  /**
   * Plain alignment: every minute any of the symbols printed; a symbol without a bar that minute
   * contributes a 0 return and its next bar the return since its last close.
   */
  static List<double[]> alignedRealReturns(List<String> symbols) {
    List<Map<Long, Double>> closes = new ArrayList<>();
    TreeSet<Long> minutes = new TreeSet<>();
    for (String symbol : symbols) {
      Map<Long, Double> bySymbol = new HashMap<>();
      for (RealMinuteBars.Row row : RealMinuteBars.read(symbol)) {
        bySymbol.put(row.endMillis(), Double.parseDouble(row.close()));
        minutes.add(row.endMillis());
      }
      closes.add(bySymbol);
    }
    double[] last = new double[symbols.size()];
    List<double[]> rows = new ArrayList<>();
    for (long minute : minutes) {
      double[] row = new double[symbols.size()];
      for (int i = 0; i < symbols.size(); i++) {
        Double close = closes.get(i).get(minute);
        if (close != null) {
          row[i] = last[i] == 0 ? 0.0 : Math.log(close / last[i]);
          last[i] = close;
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static org.assertj.core.data.Offset<Double> within(double[] x, double[] y) {
    double scale = Math.sqrt(Math.max(TwoPass.variance(x) * TwoPass.variance(y), 0));
    return org.assertj.core.data.Offset.offset(1e-9 * scale + 1e-30);
  }
}
