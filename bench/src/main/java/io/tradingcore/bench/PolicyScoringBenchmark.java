package io.tradingcore.bench;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.PolicyDecider;
import io.tradingcore.policy.PolicyMemory;
import io.tradingcore.policy.PolicyModel;
import io.tradingcore.strategy.TargetPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy scorer's cost per decision (issue targets: ≤ 25 µs for one row, ≤ 2 µs per row
 * batched): one recurrent step through ONNX Runtime for one row, for batches of 8, 64 and 256 rows
 * (reported per row), and a whole {@link PolicyDecider#decide} — observation, normalisation, step,
 * arg-max, targets — as the keyed scorer runs it for each bar.
 *
 * <p>The model: {@code -p model=PATH}, else {@value #TRAINED} when training has written it, else
 * the random-weight test model {@value #TEST_MODEL} (hidden 16, 26 inputs, AAPL and MSFT), paths
 * relative to the directory {@code bin/bench} is run from (the repository root). One intra-op
 * thread, no spin-waiting ({@link PolicyModel.Settings#DEFAULT}), as the scorer runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyScoringBenchmark {
  static final String TRAINED = "training/models/ppo-lstm-default.onnx";
  static final String TEST_MODEL = "operators/src/test/resources/policy/test-a.onnx";
  private static final int ROWS = 1024;
  private static final BigDecimal NOTIONAL = new BigDecimal("10000");

  /** A model file; empty: the trained default when present, else the test model. */
  @Param({""})
  String model;

  private PolicyModel policy;
  private PolicyDecider decider;
  private float[][] observations;
  private float[][] hs;
  private float[][] cs;
  private float[][][] batch8;
  private float[][][] batch64;
  private float[][][] batch256;
  private PortfolioObservation[] bars;
  private PolicyMemory memory;
  private final Map<String, TargetPosition> current = new HashMap<>();
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws IncompatibleModelException {
    Path file = modelFile(model);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + file.toAbsolutePath(), e);
    }
    policy = PolicyModel.load(bytes, PolicyModel.Settings.DEFAULT);
    decider = new PolicyDecider(policy, NOTIONAL);
    int n = policy.layout().size();
    int hidden = policy.contract().hiddenSize();
    System.out.printf(
        "%nmodel %s: %s, %d inputs, hidden %d, %d actions%n",
        file, policy.version(), n, hidden, policy.contract().actions().size());

    SplittableRandom random = new SplittableRandom(42);
    observations = new float[ROWS][n];
    hs = new float[ROWS][hidden];
    cs = new float[ROWS][hidden];
    for (int r = 0; r < ROWS; r++) {
      for (int k = 0; k < n; k++) {
        observations[r][k] = (float) random.nextGaussian();
      }
      for (int k = 0; k < hidden; k++) {
        hs[r][k] = (float) (0.3 * random.nextGaussian());
        cs[r][k] = (float) (0.3 * random.nextGaussian());
      }
    }
    batch8 = batch(8);
    batch64 = batch(64);
    batch256 = batch(256);

    List<String> symbols = policy.layout().symbols();
    bars = new PortfolioObservation[ROWS];
    for (int b = 0; b < ROWS; b++) {
      bars[b] = observation(symbols, b, random);
    }
    memory = PolicyMemory.initial(policy.version(), hidden);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    policy.close();
  }

  static Path modelFile(String model) {
    if (model != null && !model.isBlank()) {
      return Path.of(model);
    }
    Path trained = Path.of(TRAINED);
    return Files.isRegularFile(trained) ? trained : Path.of(TEST_MODEL);
  }

  /** {observations, h, c} of {@code size} rows taken from the pool. */
  private float[][][] batch(int size) {
    float[][][] b = new float[3][size][];
    for (int r = 0; r < size; r++) {
      b[0][r] = observations[r];
      b[1][r] = hs[r];
      b[2][r] = cs[r];
    }
    return b;
  }

  private static PortfolioObservation observation(
      List<String> symbols, int bar, SplittableRandom random) {
    long end = 1_704_724_260_000L + bar * 60_000L;
    List<ObservedSymbol> observed = new ArrayList<>();
    for (String symbol : symbols) {
      BarFeatures f =
          new BarFeatures(
              symbol,
              end - 60_000L,
              end,
              BigDecimal.valueOf(100 + 10 * random.nextDouble())
                  .setScale(2, RoundingMode.HALF_EVEN),
              random.nextGaussian() * 1e-3,
              random.nextGaussian(),
              Math.abs(random.nextGaussian()),
              Math.abs(random.nextGaussian()),
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian(),
              50 + 10 * random.nextGaussian(),
              random.nextGaussian(),
              random.nextDouble(),
              Double.NaN,
              true);
      observed.add(new ObservedSymbol(symbol, f, true, false, 0, true, f.logReturn(), 0, 0, 0, 1));
    }
    int n = symbols.size();
    return new PortfolioObservation(
        "main", end, "SPY", true, observed, new double[n * (n - 1) / 2]);
  }

  /** One row: the keyed scorer's call for one portfolio and bar. */
  @Benchmark
  public PolicyModel.Step stepOneRow() throws Exception {
    int r = i++ & (ROWS - 1);
    return policy.step(observations[r], hs[r], cs[r]);
  }

  @Benchmark
  @OperationsPerInvocation(8)
  public PolicyModel.Step[] stepBatch8PerRow() throws Exception {
    return policy.step(batch8[0], batch8[1], batch8[2]);
  }

  @Benchmark
  @OperationsPerInvocation(64)
  public PolicyModel.Step[] stepBatch64PerRow() throws Exception {
    return policy.step(batch64[0], batch64[1], batch64[2]);
  }

  @Benchmark
  @OperationsPerInvocation(256)
  public PolicyModel.Step[] stepBatch256PerRow() throws Exception {
    return policy.step(batch256[0], batch256[1], batch256[2]);
  }

  /**
   * One whole decision as the scorer takes it: raw observation, normalisation, the step, arg-max,
   * levels and target quantities (with their reason text); the state and targets carry over.
   */
  @Benchmark
  public PolicyDecider.Outcome decide() throws Exception {
    PolicyDecider.Outcome outcome =
        decider.decide("main", bars[i++ & (ROWS - 1)], current, memory, LotSizes.WHOLE_UNITS);
    if (outcome instanceof PolicyDecider.Decision decision) {
      memory = decision.memory();
      for (TargetPosition target : decision.targets()) {
        current.put(target.symbol(), target);
      }
    }
    return outcome;
  }
}
