package io.tradingcore.features;

import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.testing.RealMinuteBars;
import io.tradingcore.testing.TestFeatures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CrossAssetFunctionTest {
  private static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("AAPL", "MSFT"),
          new BigDecimal("100000"),
          RiskLimits.DEFAULT,
          LotSizes.WHOLE_UNITS);
  private static final CrossAssetParameters TWO_BARS_STALE = new CrossAssetParameters(50, "SPY", 2);

  @Test
  void emitsOneObservationOnceEverySymbolAndTheUntradedBenchmarkAreIn() throws Exception {
    try (var harness = harness(TWO_BARS_STALE)) {
      harness.open();
      send(harness, features("AAPL").atMinute(5).momentum(0.03).spread(0.002));
      send(harness, features("MSFT").atMinute(5).momentum(0.01).spread(0.001));
      assertThat(harness.extractOutputValues()).as("waits for the benchmark").isEmpty();

      send(harness, features("SPY").atMinute(5).momentum(0.5));

      PortfolioObservation observation = only(harness);
      assertThat(observation.complete()).isTrue();
      assertThat(observation.symbols())
          .extracting(ObservedSymbol::symbol, ObservedSymbol::traded)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("AAPL", true),
              org.assertj.core.groups.Tuple.tuple("MSFT", true),
              org.assertj.core.groups.Tuple.tuple("SPY", false));
      // Divergence and spread ratio over the traded symbols only: the benchmark's 0.5 is not in.
      assertThat(observation.symbol("AAPL").momentumDivergence()).isCloseTo(0.01, within());
      assertThat(observation.symbol("MSFT").momentumDivergence()).isCloseTo(-0.01, within());
      assertThat(observation.symbol("AAPL").spreadRatio()).isCloseTo(4.0 / 3.0, within());
      assertThat(observation.symbol("SPY").momentumDivergence()).isZero();
      assertThat(harness.numKeyedStateEntries()).as("only the rolling state").isEqualTo(1);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void carriesAMissingSymbolForwardUpToTheStalenessLimit() throws Exception {
    try (var harness = harness(TWO_BARS_STALE)) {
      harness.open();
      sendAll(harness, 1, "AAPL", "MSFT", "SPY");
      for (int m = 2; m <= 4; m++) {
        sendAll(harness, m, "AAPL", "SPY");
        harness.processWatermark(minute(m));
      }
      sendAll(harness, 5, "AAPL", "MSFT", "SPY");

      List<ObservedSymbol> msft =
          observations(harness).stream().map(o -> o.symbol("MSFT")).toList();
      assertThat(msft)
          .extracting(ObservedSymbol::stale, ObservedSymbol::barsStale, ObservedSymbol::usable)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(false, 0, true),
              org.assertj.core.groups.Tuple.tuple(true, 1, true),
              org.assertj.core.groups.Tuple.tuple(true, 2, true),
              org.assertj.core.groups.Tuple.tuple(true, 3, false),
              org.assertj.core.groups.Tuple.tuple(false, 0, true));
      assertThat(msft.get(3).features().barEnd()).as("last own features").isEqualTo(minute(1));
      assertThat(msft.get(3).alignedReturn()).isZero();
      assertThat(observations(harness))
          .extracting(PortfolioObservation::complete)
          .containsExactly(true, false, false, false, true);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aLaterCompleteBarDecidesTheEarlierIncompleteOneFirstAndLateFeaturesAreIgnored()
      throws Exception {
    try (var harness = harness(TWO_BARS_STALE)) {
      harness.open();
      sendAll(harness, 5, "AAPL");
      sendAll(harness, 6, "AAPL", "MSFT", "SPY");
      sendAll(harness, 5, "MSFT");

      assertThat(observations(harness))
          .extracting(PortfolioObservation::barEnd, PortfolioObservation::complete)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(minute(5), false),
              org.assertj.core.groups.Tuple.tuple(minute(6), true));
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void restoringMidWindowWithABarPendingGivesIdenticalObservations() throws Exception {
    List<TestFeatures> script = randomScript(80);
    List<String> straight;
    try (var harness = harness(CrossAssetParameters.DEFAULT)) {
      harness.open();
      play(harness, script, 0, script.size());
      straight = fingerprints(observations(harness));
    }
    int cut = 3 * 40 + 1; // minute 41's AAPL is in, its MSFT and SPY are not
    OperatorSubtaskState snapshot;
    List<String> resumed = new ArrayList<>();
    try (var before = harness(CrossAssetParameters.DEFAULT)) {
      before.open();
      play(before, script, 0, cut);
      resumed.addAll(fingerprints(observations(before)));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness(CrossAssetParameters.DEFAULT)) {
      after.initializeState(snapshot);
      after.open();
      play(after, script, cut, script.size());
      resumed.addAll(fingerprints(observations(after)));
    }

    assertThat(straight).hasSize(80);
    assertThat(resumed).containsExactlyElementsOf(straight);
  }

  @Test
  void realMinutesOfAaplAndMsftAgainstSpyMatchAPlainAlignmentAndTwoPassReference()
      throws Exception {
    List<String> symbols = List.of("AAPL", "MSFT", "SPY");
    Assumptions.assumeTrue(RealMinuteBars.present("AAPL", "MSFT", "SPY"), RealMinuteBars.MISSING);
    TreeMap<Long, Map<String, RealMinuteBars.Row>> byMinute = new TreeMap<>();
    for (String symbol : symbols) {
      for (RealMinuteBars.Row row : RealMinuteBars.read(symbol)) {
        byMinute.computeIfAbsent(row.endMillis(), m -> new HashMap<>()).put(symbol, row);
      }
    }
    List<double[]> reference = new ArrayList<>();
    Map<String, Double> lastClose = new HashMap<>();
    try (var harness = harness(new CrossAssetParameters(50, "SPY", 1_000))) {
      harness.open();
      for (var minute : byMinute.entrySet()) {
        double[] row = new double[3];
        for (int i = 0; i < 3; i++) {
          RealMinuteBars.Row bar = minute.getValue().get(symbols.get(i));
          if (bar != null) {
            double close = Double.parseDouble(bar.close());
            Double previous = lastClose.put(symbols.get(i), close);
            row[i] = previous == null ? 0.0 : Math.log(close / previous);
            send(
                harness,
                features(symbols.get(i))
                    .endingAt(minute.getKey())
                    .close(bar.close())
                    .logReturn(row[i]));
          }
        }
        reference.add(row);
        harness.processWatermark(minute.getKey());
      }
      List<PortfolioObservation> observed = observations(harness);
      assertThat(observed).hasSize(reference.size());
      for (int t = 0; t < observed.size(); t++) {
        List<double[]> window = reference.subList(Math.max(0, t - 49), t + 1);
        double[] aapl = column(window, 0);
        double[] msft = column(window, 1);
        double[] spy = column(window, 2);
        PortfolioObservation o = observed.get(t);
        assertClose(o.correlation("AAPL", "MSFT"), reference(aapl, msft, false), 1e-12);
        assertClose(o.symbol("AAPL").correlationToBenchmark(), reference(aapl, spy, false), 1e-12);
        assertClose(o.symbol("MSFT").beta(), reference(msft, spy, true), 1e-11);
      }
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  // The plain reference of this test: two passes over the window, 0 for a constant series.
  private static double reference(double[] x, double[] y, boolean beta) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int t = 0; t < x.length; t++) {
      sxy += (x[t] - mx) * (y[t] - my);
      sxx += (x[t] - mx) * (x[t] - mx);
      syy += (y[t] - my) * (y[t] - my);
    }
    if (x.length < 2 || constant(y) || (!beta && constant(x))) {
      return 0.0;
    }
    return beta ? sxy / syy : sxy / Math.sqrt(sxx * syy);
  }

  private static boolean constant(double[] x) {
    return Arrays.stream(x).allMatch(v -> v == x[0]);
  }

  private static double[] column(List<double[]> rows, int i) {
    return rows.stream().mapToDouble(r -> r[i]).toArray();
  }

  /**
   * 1e-9 relative, with an absolute floor near zero (1e-12 for a correlation, 1e-11 for a beta of
   * order 1): rounding in the running sums is about window × ε of the window's scale.
   */
  private static void assertClose(double actual, double expected, double floor) {
    assertThat(Math.abs(actual - expected))
        .as("%s vs reference %s", actual, expected)
        .isLessThanOrEqualTo(1e-9 * Math.abs(expected) + floor);
  }

  private static List<TestFeatures> randomScript(int minutes) {
    SplittableRandom random = new SplittableRandom(11);
    List<TestFeatures> script = new ArrayList<>();
    for (int m = 1; m <= minutes; m++) {
      for (String symbol : List.of("AAPL", "MSFT", "SPY")) {
        // MSFT misses one minute in seven: carried forward, decided by the watermark.
        if (symbol.equals("MSFT") && m % 7 == 0) {
          script.add(null);
          continue;
        }
        script.add(
            features(symbol)
                .atMinute(m)
                .logReturn(random.nextGaussian() * 1e-3)
                .momentum(random.nextGaussian() * 1e-3)
                .spread(1e-3 + random.nextDouble() * 1e-3));
      }
    }
    return script;
  }

  /** Three slots per minute (AAPL, MSFT, SPY); a watermark after each minute. */
  private static void play(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness,
      List<TestFeatures> script,
      int from,
      int to)
      throws Exception {
    for (int k = from; k < to; k++) {
      if (script.get(k) != null) {
        send(harness, script.get(k));
      }
      if (k % 3 == 2) {
        harness.processWatermark(minute(k / 3 + 1));
      }
    }
  }

  private static List<String> fingerprints(List<PortfolioObservation> observations) {
    return observations.stream()
        .map(
            o ->
                o.barEnd()
                    + " "
                    + o.complete()
                    + " "
                    + o.symbols()
                    + " "
                    + Arrays.toString(o.correlations()))
        .toList();
  }

  private static void sendAll(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness,
      int minute,
      String... symbols)
      throws Exception {
    for (String symbol : symbols) {
      send(harness, features(symbol).atMinute(minute).logReturn(minute * 1e-3));
    }
  }

  private static PortfolioObservation only(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness) {
    assertThat(harness.extractOutputValues()).hasSize(1);
    return harness.extractOutputValues().get(0);
  }

  private static List<PortfolioObservation> observations(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness) {
    return harness.extractOutputValues();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-15);
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          String, PortfolioFeatures, PortfolioObservation>
      harness(CrossAssetParameters parameters) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new CrossAssetFunction(parameters, List.of(MAIN))),
        PortfolioFeatures::portfolio,
        Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness,
      TestFeatures features)
      throws Exception {
    BarFeatures built = features.build();
    harness.processElement(new PortfolioFeatures("main", built), built.barEnd());
  }
}
