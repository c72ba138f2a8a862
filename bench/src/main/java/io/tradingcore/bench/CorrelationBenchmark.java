package io.tradingcore.bench;

import io.tradingcore.features.cross.CorrelationMatrix;
import io.tradingcore.features.cross.RollingCoMoment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cross-asset updates over a 50-bar window: one pair (target ≤ 50 ns) and one aligned bar into the
 * N-symbol correlation matrix (O(N²), every correlation read back as the observation does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CorrelationBenchmark {
  private static final int WINDOW = 50;

  @Param({"50"})
  int symbols;

  private RollingCoMoment pair;
  private CorrelationMatrix matrix;
  private double[][] rows;
  private int i;

  @Setup
  public void setUp() {
    pair = new RollingCoMoment(WINDOW);
    matrix = new CorrelationMatrix(symbols, WINDOW);
    SplittableRandom random = new SplittableRandom(42);
    rows = new double[4096][symbols];
    for (double[] row : rows) {
      double market = random.nextGaussian() * 1e-3;
      for (int k = 0; k < symbols; k++) {
        row[k] = market + random.nextGaussian() * 1e-3;
      }
    }
  }

  @Benchmark
  public double pairUpdateAndCorrelation() {
    double[] row = rows[i++ & 4095];
    pair.add(row[0], row[1]);
    return pair.correlation();
  }

  @Benchmark
  public double matrixUpdate() {
    matrix.add(rows[i++ & 4095]);
    return matrix.beta(1, 0);
  }

  @Benchmark
  public double[] matrixUpdateAndAllCorrelations() {
    matrix.add(rows[i++ & 4095]);
    return matrix.upperCorrelations();
  }
}
