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
import io.tradingcore.strategy.AlignedBar;
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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
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

  @Test
  void manyPendingBarEndsArrivingOutOfOrderAreDecidedAsThePlainAlignmentRuleSays()
      throws Exception {
    // AAPL runs 300 minutes ahead (300 bar ends pending), SPY and MSFT follow, with gaps, and
    // each symbol's minutes come shuffled; watermarks trail far behind: complete bars decide
    // every earlier pending one, late features are ignored, the final watermark decides the rest.
    SplittableRandom random = new SplittableRandom(7);
    List<String[]> arrivals = new ArrayList<>();
    for (String symbol : List.of("AAPL", "SPY", "MSFT")) {
      List<Integer> minutes = new ArrayList<>();
      for (int m = 1; m <= 300; m++) {
        if (symbol.equals("AAPL") || m % (symbol.equals("SPY") ? 11 : 13) != 0) {
          minutes.add(m);
        }
      }
      // Shuffled within blocks of 40 minutes: mostly forward, often backward.
      for (int from = 0; from < minutes.size(); from += 40) {
        List<Integer> block = minutes.subList(from, Math.min(minutes.size(), from + 40));
        for (int i = block.size() - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          block.set(i, block.set(j, block.get(i)));
        }
      }
      minutes.forEach(m -> arrivals.add(new String[] {symbol, Integer.toString(m)}));
    }
    PlainAlignment reference = new PlainAlignment(List.of("AAPL", "MSFT", "SPY"));
    try (var harness = harness(TWO_BARS_STALE)) {
      harness.open();
      for (int k = 0; k < arrivals.size(); k++) {
        String symbol = arrivals.get(k)[0];
        int minute = Integer.parseInt(arrivals.get(k)[1]);
        send(harness, features(symbol).atMinute(minute).logReturn(minute * 1e-4));
        reference.arrive(symbol, minute(minute));
        if (k % 97 == 96) {
          long watermark = minute(k / 10);
          harness.processWatermark(watermark);
          reference.watermark(watermark);
        }
      }
      harness.processWatermark(minute(300));
      reference.watermark(minute(300));

      List<String> decided =
          observations(harness).stream()
              .map(o -> String.format("%d %b %s", o.barEnd(), o.complete(), freshSymbols(o)))
              .toList();
      assertThat(reference.decided).as("every minute had AAPL").hasSize(300);
      assertThat(reference.decided.stream().filter(d -> d.contains(" false ")).count())
          .as("incomplete bar ends decided early")
          .isGreaterThan(20);
      assertThat(decided).containsExactlyElementsOf(reference.decided);
      assertThat(harness.numKeyedStateEntries()).as("only the rolling state").isEqualTo(1);
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void pendingBarEndsOfAnEarlierVersionsStateWithoutTheIndexAreDecidedInOrder() throws Exception {
    // A savepoint of the version before the sorted index: pending bars and their timers only.
    List<TestFeatures> head = new ArrayList<>();
    for (int m : new int[] {9, 3, 6, 1, 4}) {
      head.add(features("AAPL").atMinute(m).logReturn(m * 1e-3));
      head.add(features("SPY").atMinute(m).logReturn(-m * 1e-3));
    }
    List<TestFeatures> tail =
        List.of(
            features("MSFT").atMinute(3),
            features("AAPL").atMinute(7),
            features("MSFT").atMinute(1),
            features("MSFT").atMinute(6),
            features("SPY").atMinute(7));
    List<String> straight;
    try (var harness = harness(TWO_BARS_STALE)) {
      harness.open();
      head.forEach(f -> sendUnchecked(harness, f));
      tail.forEach(f -> sendUnchecked(harness, f));
      harness.processWatermark(minute(5));
      harness.processWatermark(minute(9));
      straight = fingerprints(observations(harness));
    }
    OperatorSubtaskState earlierVersion;
    try (var before =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new PendingBarsWithoutIndex()),
            PortfolioFeatures::portfolio,
            Types.STRING)) {
      before.open();
      head.forEach(f -> sendUnchecked(before, f));
      earlierVersion = before.snapshot(1L, 1L);
    }
    try (var after = harness(TWO_BARS_STALE)) {
      after.initializeState(earlierVersion);
      after.open();
      assertThat(after.numEventTimeTimers()).isEqualTo(5);
      tail.forEach(f -> sendUnchecked(after, f));
      after.processWatermark(minute(5));
      after.processWatermark(minute(9));

      assertThat(observations(after))
          .extracting(PortfolioObservation::barEnd)
          .containsExactly(minute(1), minute(3), minute(4), minute(6), minute(7), minute(9));
      assertThat(fingerprints(observations(after))).containsExactlyElementsOf(straight);
      assertThat(after.numKeyedStateEntries()).isEqualTo(1);
      assertThat(after.numEventTimeTimers()).isZero();
    }
  }

  private static List<String> freshSymbols(PortfolioObservation observation) {
    return observation.symbols().stream()
        .filter(ObservedSymbol::fresh)
        .map(ObservedSymbol::symbol)
        .toList();
  }

  /**
   * The alignment rule stated plainly: features for a decided bar end are late; a bar end with
   * every symbol decides itself and every earlier pending one; the watermark decides the ones it
   * passes. Records "barEnd complete [symbols that arrived]" per decision.
   */
  private static final class PlainAlignment {
    private final List<String> universe;
    private final TreeMap<Long, java.util.TreeSet<String>> pending = new TreeMap<>();
    private final List<String> decided = new ArrayList<>();
    private long lastDecision = Long.MIN_VALUE;

    PlainAlignment(List<String> universe) {
      this.universe = universe;
    }

    void arrive(String symbol, long end) {
      if (end <= lastDecision) {
        return;
      }
      java.util.TreeSet<String> arrived =
          pending.computeIfAbsent(end, e -> new java.util.TreeSet<>());
      arrived.add(symbol);
      if (arrived.size() == universe.size()) {
        decideThrough(end);
      }
    }

    void watermark(long watermark) {
      decideThrough(watermark);
    }

    private void decideThrough(long end) {
      while (!pending.isEmpty() && pending.firstKey() <= end) {
        var first = pending.pollFirstEntry();
        decided.add(
            first.getKey()
                + " "
                + (first.getValue().size() == universe.size())
                + " "
                + universe.stream().filter(first.getValue()::contains).toList());
        lastDecision = first.getKey();
      }
    }
  }

  /** The pending state as the version before the sorted index wrote it. */
  private static final class PendingBarsWithoutIndex
      extends KeyedProcessFunction<String, PortfolioFeatures, PortfolioObservation> {
    private transient MapState<Long, AlignedBar> pending;

    @Override
    public void open(OpenContext context) {
      pending = getRuntimeContext().getMapState(CrossAssetFunction.pendingBarsDescriptor());
    }

    @Override
    public void processElement(
        PortfolioFeatures element, Context ctx, Collector<PortfolioObservation> out)
        throws Exception {
      long end = element.features().barEnd();
      AlignedBar bar = pending.get(end);
      Map<String, BarFeatures> bySymbol =
          bar == null ? new TreeMap<>() : new TreeMap<>(bar.bySymbol());
      bySymbol.put(element.features().symbol(), element.features());
      pending.put(end, new AlignedBar(end, bySymbol));
      ctx.timerService().registerEventTimeTimer(end);
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

  private static void sendUnchecked(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioFeatures, PortfolioObservation>
          harness,
      TestFeatures features) {
    try {
      send(harness, features);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
