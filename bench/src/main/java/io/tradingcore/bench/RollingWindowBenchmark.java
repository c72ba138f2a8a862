package io.tradingcore.bench;

import io.tradingcore.features.RollingWindow;
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

/** One value into a rolling mean/variance window, the building block of every feature. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RollingWindowBenchmark {
  @Param({"20", "50"})
  int capacity;

  private RollingWindow window;
  private double[] inputs;
  private int i;

  @Setup
  public void setUp() {
    window = new RollingWindow(capacity);
    SplittableRandom random = new SplittableRandom(42);
    inputs = new double[4096];
    for (int k = 0; k < inputs.length; k++) {
      inputs[k] = 100 + random.nextGaussian();
    }
  }

  @Benchmark
  public double addAndReadVariance() {
    window.add(inputs[i++ & 4095]);
    return window.variance();
  }
}
