package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.Commands.setLimit;
import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestSessions.MONDAY_CLOSE;
import static io.tradingcore.testing.TestSessions.WEEKDAYS_1430_TO_2100_UTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The five market breakers' real CEP patterns on a MiniCluster: scripted bounded inputs with event
 * times at the bars' ends, positive and negative cases side by side as different symbols.
 */
class MarketBreakersITCase {
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long FIFTEEN_MINUTES = 15 * ONE_MINUTE;

  /** 11:00 New York, Monday. */
  private static final long MONDAY_1100 = Instant.parse("2024-01-08T16:00:00Z").toEpochMilli();

  private static final long FRIDAY_OPEN = Instant.parse("2024-01-05T14:30:00Z").toEpochMilli();
  private static final long FRIDAY_CLOSE = Instant.parse("2024-01-05T21:00:00Z").toEpochMilli();
  private static final long MONDAY_OPEN = Instant.parse("2024-01-08T14:30:00Z").toEpochMilli();
  private static final long TUESDAY_OPEN = Instant.parse("2024-01-09T14:30:00Z").toEpochMilli();
  private static final long TUESDAY_CLOSE = Instant.parse("2024-01-09T21:00:00Z").toEpochMilli();

  @Test
  void pausesNewEntriesOnAWarmReturnBeyondThreeSigmaOfTheBarsBeforeIt() throws Exception {
    double sigma = 0.001;
    double volatility = sigma * FeatureCalculator.ANNUALISATION;
    Scenario scenario = new Scenario();
    scenario.features.addAll(
        List.of(
            features("AAPL").atMinute(1).volatility(volatility).build(),
            features("AAPL").atMinute(2).logReturn(-0.0031).volatility(volatility).build(),
            features("MSFT").atMinute(1).volatility(volatility).build(),
            features("MSFT").atMinute(2).logReturn(0.0029).volatility(volatility).build(),
            // A symbol still warming up has no yardstick yet.
            features("SPY").atMinute(1).volatility(volatility).warmingUp().build(),
            features("SPY")
                .atMinute(2)
                .logReturn(0.05)
                .volatility(volatility)
                .warmingUp()
                .build()));

    List<RiskAlert> alerts = scenario.run(RiskReason.VOLATILITY_SPIKE);

    assertThat(alerts)
        .extracting(RiskAlert::symbol, RiskAlert::severity, RiskAlert::portfolio)
        .containsExactly(tuple("AAPL", Severity.PAUSE, "*"));
    assertThat(alerts.get(0).values().get("observed")).isCloseTo(3.1, within());
    assertThat(alerts.get(0).values()).containsEntry("limit", 3.0);
    assertThat(alerts.get(0).values().get("until"))
        .isEqualTo((double) (minute(2) + FIFTEEN_MINUTES));
  }

  @Test
  void pausesASymbolWhoseFeedGoesQuietDuringTheSession() throws Exception {
    Scenario scenario = new Scenario();
    scenario.sessions = MarketSessions.all(WEEKDAYS_1430_TO_2100_UTC);
    // AAPL: nothing between the bar ending at 11:00 and the one ending at 11:05, a 5-minute
    // silence. MSFT: four minutes. Both trade on to the close.
    scenario.bars.addAll(session("AAPL", MONDAY_OPEN, MONDAY_CLOSE, MONDAY_1100, 5));
    scenario.bars.addAll(session("MSFT", MONDAY_OPEN, MONDAY_CLOSE, MONDAY_1100, 4));

    List<RiskAlert> alerts = scenario.run(RiskReason.STALE_FEED);

    assertThat(alerts)
        .extracting(RiskAlert::symbol, RiskAlert::tsEvent, RiskAlert::severity)
        .as("once, when the silence reaches five minutes")
        .containsExactly(tuple("AAPL", MONDAY_1100 + 5 * ONE_MINUTE, Severity.PAUSE));
    assertThat(alerts.get(0).values())
        .containsEntry("last_bar_end", (double) MONDAY_1100)
        .containsEntry("until", (double) (MONDAY_1100 + 5 * ONE_MINUTE + FIFTEEN_MINUTES));
  }

  @Test
  void aSilenceOvernightOrOverTheWeekendIsNotStale() throws Exception {
    Scenario scenario = new Scenario();
    scenario.sessions = MarketSessions.all(WEEKDAYS_1430_TO_2100_UTC);
    scenario.bars.addAll(session("AAPL", MONDAY_OPEN, MONDAY_CLOSE));
    scenario.bars.addAll(session("AAPL", TUESDAY_OPEN, TUESDAY_CLOSE));
    scenario.bars.addAll(session("SPY", FRIDAY_OPEN, FRIDAY_CLOSE));
    scenario.bars.addAll(session("SPY", MONDAY_OPEN, MONDAY_CLOSE));

    assertThat(scenario.run(RiskReason.STALE_FEED)).isEmpty();
  }

  @Test
  void pausesASymbolWhoseCloseMovesMoreThanThreePercentFromTheBarBefore() throws Exception {
    Scenario scenario = new Scenario();
    scenario.bars.addAll(
        List.of(
            bar("AAPL").atMinute(1).flatAt("100").build(),
            bar("AAPL").atMinute(2).flatAt("102.9").build(),
            bar("AAPL").atMinute(3).flatAt("99.92").build(),
            bar("MSFT").atMinute(1).flatAt("100").build(),
            bar("MSFT").atMinute(2).flatAt("103.1").build(),
            bar("MSFT").atMinute(3).flatAt("103").build()));

    List<RiskAlert> alerts = scenario.run(RiskReason.PRICE_JUMP);

    assertThat(alerts)
        .extracting(RiskAlert::symbol, RiskAlert::tsEvent, RiskAlert::severity)
        .as("2.9 % up and 2.9 % down pass; 3.1 % pauses")
        .containsExactly(tuple("MSFT", minute(2), Severity.PAUSE));
    assertThat(alerts.get(0).values())
        .containsEntry("limit", 0.03)
        .containsEntry("until", (double) (minute(2) + FIFTEEN_MINUTES));
    assertThat(alerts.get(0).values().get("observed")).isCloseTo(0.031, within());
  }

  @Test
  void pausesASymbolWhoseTwoFeedsDisagreeOnAClose() throws Exception {
    Scenario scenario = new Scenario();
    scenario.feedBars.addAll(
        List.of(
            bar("AAPL").atMinute(1).flatAt("100.4").build(),
            bar("AAPL").atMinute(2).flatAt("100.6").build(),
            // The bar feed sends minute 3 twice: one divergence, one alert.
            bar("AAPL").atMinute(3).flatAt("101").build(),
            bar("AAPL").atMinute(3).flatAt("101").build(),
            // No tick bar to compare with.
            bar("MSFT").atMinute(1).flatAt("50").build()));
    scenario.tickBars.addAll(
        List.of(
            tickBar("AAPL", 1, "100"),
            tickBar("AAPL", 2, "100"),
            tickBar("AAPL", 3, "100"),
            tickBar("MSFT", 2, "60")));

    List<RiskAlert> alerts = scenario.run(RiskReason.FEED_DIVERGENCE);

    assertThat(alerts)
        .extracting(RiskAlert::symbol, RiskAlert::tsEvent)
        .as("0.4 % apart passes; 0.6 % and 1 % pause")
        .containsExactly(tuple("AAPL", minute(2)), tuple("AAPL", minute(3)));
    assertThat(alerts.get(0).values())
        .containsEntry("bar_feed_close", 100.6)
        .containsEntry("tick_close", 100.0)
        .containsEntry("limit", 0.005)
        .containsEntry("until", (double) (minute(2) + FIFTEEN_MINUTES));
  }

  @Test
  void reportsAVolumeBeyondFiveTimesTheMeanOfTheTwentyBarsBefore() throws Exception {
    Scenario scenario = new Scenario();
    scenario.bars.addAll(quietBars("AAPL", 20));
    scenario.bars.add(bar("AAPL").atMinute(21).volume("5000").build());
    scenario.bars.addAll(quietBars("MSFT", 20));
    scenario.bars.add(bar("MSFT").atMinute(21).volume("5100").build());
    scenario.bars.addAll(quietBars("SPY", 19));
    scenario.bars.add(bar("SPY").atMinute(20).volume("1000000").build());

    List<RiskAlert> alerts = scenario.run(RiskReason.UNUSUAL_VOLUME);

    assertThat(alerts)
        .extracting(RiskAlert::symbol, RiskAlert::severity)
        .as("5× passes, 5.1× is reported, nothing before 20 bars")
        .containsExactly(tuple("MSFT", Severity.INFO));
    assertThat(alerts.get(0).values())
        .containsEntry("observed", 5.1)
        .containsEntry("mean_volume", 1000.0)
        .doesNotContainKey("until");
  }

  @Test
  void aSetLimitMidStreamChangesLaterDecisionsWithoutLosingPartialMatches() throws Exception {
    // Phase 1 at the default 3 %: 100 → 104 pauses. The command raises the limit to 5 %.
    // Phase 2: 104 → 108.16 (+4 %) pairs with phase 1's last bar and no longer pauses; +6 % does.
    List<Bar> script =
        List.of(
            bar("AAPL").atMinute(1).flatAt("100").build(),
            bar("AAPL").atMinute(2).flatAt("104").build(),
            bar("AAPL").atMinute(3).flatAt("104").build(),
            bar("AAPL").atMinute(4).flatAt("108.16").build(),
            bar("AAPL").atMinute(5).flatAt("114.6496").build());
    String phaseTwo = "set-limit: phase two";
    String command = "set-limit: command";
    Gated<Bar> bars = new Gated<>(script, Map.of(3, phaseTwo), Bar.class);
    Gated<OperatorCommand> commands =
        new Gated<>(
            List.of(setLimit("price_jump", "0.05")), Map.of(0, command), OperatorCommand.class);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<RiskAlert> alerts =
        MarketBreakers.attach(
            bars.stream(env, Bar::endMillis),
            empty(env, BarFeatures.class),
            null,
            null,
            commands.stream(env, c -> 0L),
            RiskLimits.DEFAULT,
            MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK));
    List<RiskAlert> jumps = new ArrayList<>();
    try (CloseableIterator<RiskAlert> results = alerts.collectAsync()) {
      JobClient job = env.executeAsync("set-limit mid-stream");
      jumps.add(next(results, RiskReason.PRICE_JUMP));
      SourceGates.open(command);
      CommonTestUtils.waitUntilCondition(
          () ->
              gauge(job.getJobID(), "price_jump\\.market_breaker_limit")
                  .filter(v -> v == 0.05)
                  .isPresent());
      SourceGates.open(phaseTwo);
      results.forEachRemaining(a -> keep(a, RiskReason.PRICE_JUMP, jumps));
      assertThat(counter(job.getJobID(), "market_breaker_limit_changes_total")).isEqualTo(1);
    }

    assertThat(jumps)
        .extracting(RiskAlert::tsEvent, a -> a.values().get("limit"))
        .containsExactly(tuple(minute(2), 0.03), tuple(minute(5), 0.05));
  }

  @Test
  void sendsABarBehindTheWatermarkToTheLateOutputAndCountsIt() throws Exception {
    String late = "late: release";
    List<Bar> script =
        List.of(
            bar("AAPL").atMinute(1).flatAt("100").build(),
            bar("AAPL").atMinute(2).flatAt("110").build(),
            bar("AAPL").atMinute(3).flatAt("110").build(),
            bar("MSFT").atMinute(1).flatAt("50").build());
    Gated<Bar> bars = new Gated<>(script, Map.of(3, late), Bar.class);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SingleOutputStreamOperator<MarketBarSignal> signals =
        MarketBreakers.annotate(
            bars.stream(env, Bar::endMillis),
            empty(env, BarFeatures.class),
            null,
            null,
            empty(env, OperatorCommand.class),
            RiskLimits.DEFAULT);
    DataStream<RiskAlert> alerts =
        MarketBreakers.detect(
            signals, RiskLimits.DEFAULT, MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK));
    List<MarketBreakerInput> refused = new ArrayList<>();
    try (CloseableIterator<RiskAlert> results = alerts.collectAsync();
        CloseableIterator<MarketBreakerInput> lateRecords =
            signals.getSideOutput(MarketSignalFunction.LATE).collectAsync()) {
      JobClient job = env.executeAsync("late bar");
      // The jump at minute 2 was decided: event time has passed minute 1.
      next(results, RiskReason.PRICE_JUMP);
      SourceGates.open(late);
      lateRecords.forEachRemaining(refused::add);
      results.forEachRemaining(a -> {});
      assertThat(counter(job.getJobID(), "market_breaker_late_total")).isEqualTo(1);
    }

    assertThat(refused)
        .extracting(r -> r.bar().symbol(), r -> r.bar().endMillis())
        .containsExactly(tuple("MSFT", minute(1)));
  }

  /**
   * A bounded script of market data through {@link MarketBreakers#attach}, parallelism 2; each
   * input is replayed in time order (a stable sort), with monotonous watermarks.
   */
  private static final class Scenario {
    final List<Bar> bars = new ArrayList<>();
    final List<BarFeatures> features = new ArrayList<>();
    final List<Bar> feedBars = new ArrayList<>();
    final List<Bar> tickBars = new ArrayList<>();
    MarketSessions sessions = MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK);

    /**
     * The alerts of one breaker, in event time. (With a round-the-clock calendar the end of the
     * input also makes every symbol stale, which only the stale-feed scenarios look at.)
     */
    List<RiskAlert> run(RiskReason reason) throws Exception {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      DataStream<RiskAlert> alerts =
          MarketBreakers.attach(
              timed(env, bars, Bar.class, Bar::endMillis, Bar::symbol),
              timed(env, features, BarFeatures.class, BarFeatures::barEnd, BarFeatures::symbol),
              timed(env, feedBars, Bar.class, Bar::endMillis, Bar::symbol),
              timed(env, tickBars, Bar.class, Bar::endMillis, Bar::symbol),
              empty(env, OperatorCommand.class),
              RiskLimits.DEFAULT,
              sessions);
      List<RiskAlert> kept = new ArrayList<>();
      try (CloseableIterator<RiskAlert> results = alerts.executeAndCollect(reason.name())) {
        results.forEachRemaining(a -> keep(a, reason, kept));
      }
      kept.sort(Comparator.comparingLong(RiskAlert::tsEvent).thenComparing(RiskAlert::symbol));
      return kept;
    }
  }

  /**
   * A source that waits before chosen records until the test opens their gate. The records stay in
   * a static registry (bars are not serializable); parallelism 1, so everything keeps its order.
   */
  private record Gated<T>(List<T> records, Map<Integer, String> gates, Class<T> type) {
    private static final Map<String, List<?>> SCRIPTS = new ConcurrentHashMap<>();

    DataStream<T> stream(StreamExecutionEnvironment env, SerializableFunction<T, Long> time) {
      String script = UUID.randomUUID().toString();
      SCRIPTS.put(script, List.copyOf(records));
      Class<T> kind = type;
      return env.fromSource(
          new DataGeneratorSource<>(
              index -> kind.cast(SCRIPTS.get(script).get(index.intValue())),
              records.size(),
              SourceGates.holdingBefore(gates),
              TypeInformation.of(type)),
          WatermarkStrategy.<T>forMonotonousTimestamps()
              .withTimestampAssigner((record, previous) -> time.apply(record)),
          "gated " + type.getSimpleName());
    }
  }

  /**
   * {@code records} in time order (a stable sort) with monotonous watermarks, then partitioned by
   * symbol as a keyed operator (the quality gate, the features) hands them on: each symbol's
   * records in order on one channel.
   */
  private static <T> DataStream<T> timed(
      StreamExecutionEnvironment env,
      List<T> records,
      Class<T> type,
      SerializableFunction<T, Long> time,
      SerializableFunction<T, String> symbol) {
    if (records.isEmpty()) {
      return empty(env, type);
    }
    List<T> inOrder = new ArrayList<>(records);
    inOrder.sort(Comparator.comparing(time::apply));
    return env.fromData(inOrder, TypeInformation.of(type))
        .setParallelism(1)
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<T>forMonotonousTimestamps()
                .withTimestampAssigner((record, previous) -> time.apply(record)))
        .setParallelism(1)
        .keyBy(record -> symbol.apply(record), Types.STRING)
        .map(record -> record)
        .returns(TypeInformation.of(type));
  }

  /** No records, and a watermark at the end of time (Flink 2.2's fromData refuses none). */
  private static <T> DataStream<T> empty(StreamExecutionEnvironment env, Class<T> type) {
    return env.fromSequence(0, 0)
        .flatMap((Long ignored, Collector<T> out) -> {})
        .returns(TypeInformation.of(type));
  }

  /** Every minute bar of {@code symbol} ending in (open, close], flat at 100. */
  private static List<Bar> session(String symbol, long open, long close) {
    return session(symbol, open, close, Long.MIN_VALUE, 0);
  }

  /** The same, silent for {@code silentMinutes} after the bar ending at {@code silentAfter}. */
  private static List<Bar> session(
      String symbol, long open, long close, long silentAfter, int silentMinutes) {
    List<Bar> bars = new ArrayList<>();
    for (long end = open + ONE_MINUTE; end <= close; end += ONE_MINUTE) {
      if (end <= silentAfter || end >= silentAfter + silentMinutes * ONE_MINUTE) {
        bars.add(bar(symbol).endingAt(end).build());
      }
    }
    return bars;
  }

  private static List<Bar> quietBars(String symbol, int count) {
    List<Bar> bars = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      bars.add(bar(symbol).atMinute(n).volume("1000").build());
    }
    return bars;
  }

  private static Bar tickBar(String symbol, int minute, String close) {
    Bar bar = bar(symbol).atMinute(minute).flatAt(close).build();
    return new Bar(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.open(),
        bar.high(),
        bar.low(),
        bar.close(),
        bar.volume(),
        null,
        null,
        "ticks");
  }

  private static void keep(RiskAlert alert, RiskReason reason, List<RiskAlert> kept) {
    if (alert.reason() == reason) {
      kept.add(alert);
    }
  }

  private static RiskAlert next(CloseableIterator<RiskAlert> results, RiskReason reason) {
    while (results.hasNext()) {
      RiskAlert alert = results.next();
      if (alert.reason() == reason) {
        return alert;
      }
    }
    throw new AssertionError("the job ended without a " + reason + " alert");
  }

  private static long counter(JobID job, String name) {
    return METRICS.findMetrics(job, name).values().stream()
        .mapToLong(m -> ((Counter) m).getCount())
        .sum();
  }

  private static Optional<Double> gauge(JobID job, String name) {
    return METRICS.findMetrics(job, name).values().stream()
        .map(MarketBreakersITCase::value)
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Double value(Metric metric) {
    return ((Gauge<Double>) metric).getValue();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
