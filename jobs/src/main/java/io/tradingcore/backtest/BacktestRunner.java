package io.tradingcore.backtest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tradingcore.backtest.report.BacktestReport;
import io.tradingcore.backtest.report.BacktestRun;
import io.tradingcore.backtest.report.Baselines;
import io.tradingcore.backtest.report.CircuitBreakers;
import io.tradingcore.backtest.report.LookAheadCheck;
import io.tradingcore.backtest.report.PriceSeries;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.backtest.report.RunRecorder;
import io.tradingcore.backtest.report.RunRole;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs {@link BacktestJob} over a {@link BacktestFeed} (a list of bars, a list of ticks, bounded
 * Kafka sources) on an embedded Flink, writes what the job produced as JSON lines into an output
 * folder, and the report ({@link RunRecorder} → {@link BacktestReport}) beside them with the
 * buy-and-hold and equal-weight baselines from the same bars.
 *
 * <p>Files: {@value #ORDERS} (what the live job would send to {@code orders.v1}), {@value #REPORTS}
 * (the simulated venue's execution reports, {@code fills.v1}), {@value #SNAPSHOTS} (book snapshots,
 * {@code portfolio.v1}), {@value #RISK_EVENTS}, {@value #QUARANTINE}, {@value #MANIFEST}, and the
 * report's three files. One JSON object per line, properties and map keys in alphabetical order,
 * decimals written plainly: the same run gives the same bytes.
 *
 * <p>Extra runs ({@link Settings#extraRuns()}) run in the same job; each writes {@link
 * #EXTRA_RUN_FILES} into its subfolder ({@link ExtraRun#folder()}) and is a column of the report
 * (the baseline strategy as a baseline, the look-ahead run as the look-ahead check with its {@link
 * LookAheadCheck} verdict). The primary's files are the same bytes with or without them.
 */
public final class BacktestRunner {
  public static final String ORDERS = "orders.jsonl";
  public static final String REPORTS = "fills.jsonl";
  public static final String SNAPSHOTS = "portfolio.jsonl";
  public static final String RISK_EVENTS = "risk-events.jsonl";
  public static final String QUARANTINE = "quarantine.jsonl";
  public static final String MANIFEST = "backtest.json";

  /** Every file an extra run writes, in its subfolder ({@link ExtraRun#folder()}). */
  public static final List<String> EXTRA_RUN_FILES =
      List.of(ORDERS, REPORTS, SNAPSHOTS, RISK_EVENTS);

  /** Every file a run writes into {@code out}, the report's included (extra runs' not). */
  public static final List<String> FILES =
      List.of(
          ORDERS,
          REPORTS,
          SNAPSHOTS,
          RISK_EVENTS,
          QUARANTINE,
          MANIFEST,
          ReportFiles.JSON,
          ReportFiles.HTML,
          ReportFiles.CHART);

  /**
   * How to run.
   *
   * @param config the trading job's configuration (one portfolio is reported)
   * @param fills the paper fill model: costs, participation, sessions
   * @param parallelism Flink parallelism of the job's operators
   * @param barsPerYear for annualised figures in the report
   * @param title the report's title
   * @param command how the run was asked for, written into the report and the manifest
   * @param extraRuns runs beside the primary in the same job (those the configuration needs: see
   *     {@link ExtraRun#needed})
   * @param breakers whether the portfolio breakers run, and what happens after their halts
   */
  public record Settings(
      TradingJobConfig config,
      PaperFillModel fills,
      int parallelism,
      double barsPerYear,
      String title,
      String command,
      Set<ExtraRun> extraRuns,
      PortfolioBreakerSettings breakers) {
    public Settings {
      requireNonNull(config, "config");
      requireNonNull(fills, "fills");
      requireNonNull(breakers, "breakers");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
      }
      // An EnumSet: its order (declaration order) is the report's, whatever the JVM.
      extraRuns =
          Collections.unmodifiableSet(
              ExtraRun.needed(requireNonNull(extraRuns, "extraRuns"), config));
    }

    /** With the portfolio breakers on, their halts lasting to the end. */
    public Settings(
        TradingJobConfig config,
        PaperFillModel fills,
        int parallelism,
        double barsPerYear,
        String title,
        String command,
        Set<ExtraRun> extraRuns) {
      this(
          config,
          fills,
          parallelism,
          barsPerYear,
          title,
          command,
          extraRuns,
          PortfolioBreakerSettings.DEFAULT);
    }

    /** The primary run alone, with the portfolio breakers on. */
    public Settings(
        TradingJobConfig config,
        PaperFillModel fills,
        int parallelism,
        double barsPerYear,
        String title,
        String command) {
      this(config, fills, parallelism, barsPerYear, title, command, Set.of());
    }
  }

  /**
   * What a run produced: counts, money, where the files are, the reported portfolio's run as the
   * report reads it ({@code run}: equity steps, fills, final marks) and what the portfolio breakers
   * did ({@code circuitBreakers}: the whole backtest's, every run's events; {@code null} on an
   * extra run's result).
   */
  public record Result(
      long barsMarked,
      long orders,
      long reports,
      long fills,
      long snapshots,
      long riskEvents,
      long quarantined,
      long workingAtEnd,
      BigDecimal initialCash,
      BigDecimal finalEquity,
      BigDecimal feesPaid,
      Path out,
      Map<ExtraRun, Result> extraRuns,
      List<LookAheadCheck> lookAheadChecks,
      BacktestRun run,
      CircuitBreakers circuitBreakers) {

    public Result {
      Map<ExtraRun, Result> copy = new EnumMap<>(ExtraRun.class);
      copy.putAll(extraRuns);
      extraRuns = Collections.unmodifiableMap(copy);
      lookAheadChecks = List.copyOf(lookAheadChecks);
    }

    /** Final equity over initial cash, less one. */
    public double totalReturn() {
      return finalEquity.doubleValue() / initialCash.doubleValue() - 1;
    }
  }

  /**
   * Progress of a run, read by another thread while it works: the pass (see {@link BreakerPasses})
   * and how far it got; each pass after the first is announced with the breaker events that made
   * it.
   */
  public static final class Progress {
    private final AtomicLong barsMarked = new AtomicLong();
    private final AtomicLong marketTime = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong fills = new AtomicLong();
    private final Consumer<String> announcements;
    private volatile int pass = 1;

    /** Progress nobody is told about. */
    public Progress() {
      this(line -> {});
    }

    /**
     * @param announcements told of each new pass and why, e.g. {@code pass 2: daily-loss HALT of
     *     main at 2019-02-12T15:31:00Z applied from the next decision; re-running}
     */
    public Progress(Consumer<String> announcements) {
      this.announcements = requireNonNull(announcements, "announcements");
    }

    /** The pass running, 1 for the first. */
    public int pass() {
      return pass;
    }

    /** A new pass starts, applying {@code applied}: the counts start again. */
    void startPass(int pass, List<BreakerPasses.Applied> applied) {
      barsMarked.set(0);
      marketTime.set(Long.MIN_VALUE);
      orders.set(0);
      fills.set(0);
      this.pass = pass;
      List<String> events = new ArrayList<>();
      long whileHalted = 0;
      for (BreakerPasses.Applied each : applied) {
        if (each.whileHalted()) {
          whileHalted += each.alerts().size();
        } else {
          events.add(each.describe());
        }
      }
      if (whileHalted > 0) {
        events.add(
            whileHalted
                + " event"
                + (whileHalted == 1 ? "" : "s")
                + " raised while the portfolio was halted (they change nothing)");
      }
      announcements.accept(
          "pass "
              + pass
              + ": "
              + String.join("; ", events)
              + " applied from the next decision; re-running");
    }

    /** Bars of traded symbols the book has been marked with. */
    public long barsMarked() {
      return barsMarked.get();
    }

    /** End of the newest bar marked, or {@code Long.MIN_VALUE} before the first. */
    public long marketTime() {
      return marketTime.get();
    }

    public long orders() {
      return orders.get();
    }

    public long fills() {
      return fills.get();
    }
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          // isFill(), isTerminal(): derived, not part of the record.
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          // Books hold immutable maps whose iteration order changes from one JVM to the next.
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private final Settings settings;

  public BacktestRunner(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * How long a partly filled network buffer may wait before Flink sends it: 1 ms instead of Flink's
   * 100 ms. A backtest's sparse streams (targets, breaker events, the policy's events) fill a
   * buffer rarely, so their records and watermarks waited out the timeout, and the portfolio
   * operator, which handles its inputs in event-time order, waited for them: the synthetic year ran
   * 2.6 times faster at 1 ms ({@code docs/benchmarks.md}). The records are the same at any timeout.
   */
  public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(1);

  /**
   * The embedded Flink a backtest runs on: {@code parallelism}, network buffers flushed after
   * {@link #BUFFER_TIMEOUT}, and no Kryo anywhere: every type has a Flink serializer
   * (StateTypesTest, BacktestTypesTest).
   */
  public static StreamExecutionEnvironment environment(int parallelism) {
    return environment(parallelism, TaskManagerOptions.MEMORY_SEGMENT_SIZE.defaultValue());
  }

  /**
   * {@link #environment(int)} with network buffers of {@code networkBuffer}: for benchmarks that
   * compare buffer sizes ({@code bin/bench backtest --network-buffer}).
   */
  public static StreamExecutionEnvironment environment(int parallelism, MemorySize networkBuffer) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, networkBuffer);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.setBufferTimeout(BUFFER_TIMEOUT.toMillis());
    return env;
  }

  /**
   * Runs the backtest over {@code bars} (in end-time order, the benchmark's included) and writes
   * every file into {@code out}, which must exist, and each extra run's records into its subfolder.
   * {@code progress} follows the primary run.
   */
  public Result run(List<Bar> bars, Path out, Progress progress) throws Exception {
    return run(BacktestFeed.of(bars), out, progress);
  }

  /**
   * Runs the backtest over {@code feed} (bars, ticks or bounded Kafka sources) and writes every
   * file into {@code out}, which must exist, and each extra run's records into its subfolder.
   */
  public Result run(BacktestFeed feed, Path out, Progress progress) throws Exception {
    PortfolioBreakerSettings breakerSettings = settings.breakers();
    BreakerPasses passes =
        breakerSettings.enabled()
            ? new BreakerPasses(
                breakerSettings.resumeHalts(),
                settings.config().portfolios(),
                settings.config().sessions())
            : null;
    while (true) {
      Pass pass = runPass(feed, out, progress, passes);
      if (passes == null) {
        return finish(feed, pass, out, null);
      }
      List<BreakerPasses.Applied> applied = passes.next(pass.raised);
      if (applied.isEmpty()) {
        return finish(feed, pass, out, passes);
      }
      progress.startPass(passes.pass(), applied);
    }
  }

  /** What one pass over the history wrote and raised. */
  private record Pass(
      RunWriter primary,
      Map<ExtraRun, RunWriter> extras,
      List<String> quarantined,
      List<Bar> accepted,
      List<BreakerPasses.Raised> raised) {}

  /**
   * Runs the job once, the events {@code passes} applied so far fed back, and writes every run's
   * records into its folder (a later pass writes them again).
   */
  private Pass runPass(BacktestFeed feed, Path out, Progress progress, BreakerPasses passes)
      throws Exception {
    StreamExecutionEnvironment env = environment(settings.parallelism());
    MarketDataGraph.Output market = feed.market(env, new MarketDataGraph(settings.config()));
    DataStream<BacktestRecord> records =
        new BacktestJob(settings.config(), settings.fills(), settings.extraRuns(), passes)
            .build(env, graph -> market);
    List<Bar> accepted = new ArrayList<>();
    if (feed.bars() == null) {
      // The job builds or reads the bars: the baselines are priced on those the gate accepted.
      records =
          records.union(
              market
                  .bars()
                  .map(BacktestRecord::of)
                  .returns(BacktestRecord.class)
                  .name("backtest output: accepted bars")
                  .uid("backtest-output-bars"));
    }

    PortfolioSpec reported = settings.config().portfolios().get(0);
    String primaryName = primaryName();
    RunWriter primary =
        new RunWriter(
            out,
            reported,
            settings.barsPerYear(),
            primaryName,
            settings.title() + primaryNote(),
            progress);
    Map<ExtraRun, RunWriter> extras = new EnumMap<>(ExtraRun.class);
    List<String> quarantined = new ArrayList<>();
    List<BreakerPasses.Raised> raised = new ArrayList<>();
    // Every writer is closed, the extras too, without hiding what the job threw.
    try (primary;
        AutoCloseable closeExtras = () -> closeAll(extras.values())) {
      for (ExtraRun run : settings.extraRuns()) {
        Path folder = Files.createDirectories(out.resolve(run.folder()));
        extras.put(
            run,
            new RunWriter(
                folder,
                reported,
                settings.barsPerYear(),
                runName(run, primaryName),
                description(run),
                new Progress()));
      }
      try (CloseableIterator<BacktestRecord> results =
          records.executeAndCollect(BacktestJob.NAME)) {
        while (results.hasNext()) {
          BacktestRecord record = results.next();
          if (record.kind == BacktestRecord.Kind.QUARANTINED) {
            quarantined.add(JSON.writeValueAsString(record.quarantined));
          } else if (record.kind == BacktestRecord.Kind.BAR) {
            accepted.add(record.bar);
          } else if (record.kind == BacktestRecord.Kind.BREAKER_RAISED) {
            raised.add(new BreakerPasses.Raised(record.run, record.raisedAt, record.event));
          } else {
            (record.run == null ? primary : extras.get(record.run)).accept(record);
          }
        }
      }
    }
    return new Pass(primary, extras, quarantined, accepted, raised);
  }

  /** Writes the quarantine, the report and the manifest of the last pass. */
  private Result finish(BacktestFeed feed, Pass pass, Path out, BreakerPasses passes)
      throws IOException {
    List<String> quarantined = pass.quarantined;
    // Refused bars come from the per-symbol quality gates, interleaved by thread timing:
    // sorted, the file is the same whatever the parallelism.
    quarantined.sort(null);
    try (JsonLines file = new JsonLines(out.resolve(QUARANTINE))) {
      quarantined.forEach(file::raw);
    }
    Map<ExtraRun, Result> extraResults = new EnumMap<>(ExtraRun.class);
    pass.extras.forEach(
        (run, writer) -> extraResults.put(run, writer.result(0, Map.of(), List.of(), null)));
    List<Bar> bars = feed.bars();
    if (bars == null) {
      List<Bar> accepted = pass.accepted;
      // Collected in thread-timing order: sorted by end time, then symbol, as a history is.
      accepted.sort(Comparator.comparingLong(Bar::endMillis).thenComparing(Bar::symbol));
      bars = accepted;
    }
    if (bars.isEmpty()) {
      throw new IllegalStateException(
          "the quality gate accepted no bar of the history: nothing to price the report on (see "
              + QUARANTINE
              + ")");
    }
    CircuitBreakers breakers = circuitBreakers(passes);
    BacktestReport report =
        writeReport(
            bars, settings.config().portfolios().get(0), pass.primary, pass.extras, breakers, out);
    List<LookAheadCheck> checks = new ArrayList<>();
    for (BacktestReport.Entry entry : report.entries()) {
      if (entry.role() == RunRole.LOOK_AHEAD_CHECK) {
        checks.add(LookAheadCheck.of(report.primary(), entry));
      }
    }
    Result result = pass.primary.result(quarantined.size(), extraResults, checks, breakers);
    writeManifest(result, out);
    return result;
  }

  /** What the report and the manifest say of the portfolio breakers. */
  private CircuitBreakers circuitBreakers(BreakerPasses passes) {
    String status = settings.breakers().describe();
    if (passes == null) {
      return new CircuitBreakers(status, 1, List.of());
    }
    List<CircuitBreakers.Event> events = new ArrayList<>();
    for (BreakerPasses.Applied applied : passes.applied()) {
      String run = applied.run() == null ? primaryName() : runName(applied.run(), primaryName());
      for (RiskAlert alert : applied.alerts()) {
        events.add(
            new CircuitBreakers.Event(
                run,
                applied.portfolio(),
                applied.raisedAt(),
                applied.appliedAt(),
                BreakerPasses.name(alert),
                alert.severity().name(),
                alert.cause(),
                alert.severity() == Severity.HALT ? applied.resumeAt() : null));
      }
    }
    // By run (the primary first), then time: the order the passes found them in is by pass.
    List<String> runOrder = new ArrayList<>();
    runOrder.add(primaryName());
    settings.extraRuns().forEach(r -> runOrder.add(runName(r, primaryName())));
    events.sort(
        Comparator.comparingInt((CircuitBreakers.Event e) -> runOrder.indexOf(e.run()))
            .thenComparing(e -> e.portfolio())
            .thenComparingLong(CircuitBreakers.Event::raisedAtMillis));
    return new CircuitBreakers(status, passes.pass() - 1, events);
  }

  private BacktestReport writeReport(
      List<Bar> bars,
      PortfolioSpec portfolio,
      RunWriter primary,
      Map<ExtraRun, RunWriter> extras,
      CircuitBreakers breakers,
      Path out)
      throws IOException {
    List<Bar> traded = bars.stream().filter(b -> portfolio.symbols().contains(b.symbol())).toList();
    Baselines baselines =
        new Baselines(
            PriceSeries.of(traded),
            portfolio.initialCash(),
            settings.fills().costs(),
            portfolio.lots(),
            settings.barsPerYear());
    BacktestReport.Builder report =
        BacktestReport.builder(settings.title())
            .generatedAt(settings.command())
            .circuitBreakers(breakers)
            .primary(primary.recorder.toRun())
            .baseline(baselines.buyAndHold())
            .baseline(baselines.equalWeight(UsEquityCalendar.ZONE));
    // The baselines together, the look-ahead check last.
    if (extras.containsKey(ExtraRun.BASELINE_STRATEGY)) {
      report.baseline(extras.get(ExtraRun.BASELINE_STRATEGY).recorder.toRun());
    }
    if (extras.containsKey(ExtraRun.LOOK_AHEAD)) {
      report.lookAheadCheck(extras.get(ExtraRun.LOOK_AHEAD).recorder.toRun());
    }
    BacktestReport built = report.build();
    ReportFiles.write(built, out);
    return built;
  }

  private String primaryName() {
    return "backtest-" + strategyName();
  }

  /** What the report says of the primary run beside its title, when there is something to say. */
  private String primaryNote() {
    return settings.config().strategy().isPolicy()
        ? ""
        : " (momentum: the primary run is the baseline strategy, so no second run of it)";
  }

  private static String runName(ExtraRun run, String primaryName) {
    return switch (run) {
      case LOOK_AHEAD -> primaryName + "-one-bar-late";
      case BASELINE_STRATEGY -> "baseline-momentum";
    };
  }

  private static String description(ExtraRun run) {
    return switch (run) {
      case LOOK_AHEAD ->
          "the primary strategy with every symbol's features one bar late (look-ahead check);"
              + " records in "
              + run.folder()
              + "/";
      case BASELINE_STRATEGY ->
          "the momentum baseline strategy over the same bars, with the same risk gate and costs;"
              + " records in "
              + run.folder()
              + "/";
    };
  }

  private void writeManifest(Result result, Path out) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("command", settings.command());
    manifest.put("strategy", strategyName());
    manifest.put(
        "portfolios", settings.config().portfolios().stream().map(PortfolioSpec::name).toList());
    manifest.put("costs", settings.fills().costs().toString());
    manifest.put("participation", settings.fills().participation().toPlainString());
    manifest.put("parallelism", settings.parallelism());
    manifest.put("barsMarked", result.barsMarked());
    manifest.put("quarantined", result.quarantined());
    manifest.put("initialCash", result.initialCash().toPlainString());
    manifest.putAll(summary(result));
    if (!settings.config().strategy().isPolicy()) {
      manifest.put("baselineStrategy", "the primary run (momentum)");
    }
    Map<String, Object> extraRuns = new LinkedHashMap<>();
    for (Map.Entry<ExtraRun, Result> extra : result.extraRuns().entrySet()) {
      Map<String, Object> summary = summary(extra.getValue());
      summary.put("folder", extra.getKey().folder());
      extraRuns.put(extra.getKey().option(), summary);
    }
    manifest.put("extraRuns", extraRuns);
    for (LookAheadCheck check : result.lookAheadChecks()) {
      manifest.put("lookAheadVerdict", check.verdict().name());
    }
    CircuitBreakers breakers = result.circuitBreakers();
    Map<String, Object> portfolioBreakers = new LinkedHashMap<>();
    portfolioBreakers.put("enabled", settings.breakers().enabled());
    portfolioBreakers.put("resumeHalts", settings.breakers().resumeHalts().option());
    portfolioBreakers.put("passes", breakers.passes());
    List<Map<String, Object>> events = new ArrayList<>();
    for (CircuitBreakers.Event event : breakers.events()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("run", event.run());
      e.put("portfolio", event.portfolio());
      e.put("raisedAt", Instant.ofEpochMilli(event.raisedAtMillis()).toString());
      e.put("reason", event.reason());
      e.put("severity", event.severity());
      if (event.resumedAtMillis() != null) {
        e.put("resumedAt", Instant.ofEpochMilli(event.resumedAtMillis()).toString());
      }
      events.add(e);
    }
    portfolioBreakers.put("events", events);
    manifest.put("portfolioBreakers", portfolioBreakers);
    Files.writeString(
        out.resolve(MANIFEST),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n",
        StandardCharsets.UTF_8);
  }

  /** A run's counts, money and the hashes of its orders and fills, for the manifest. */
  private static Map<String, Object> summary(Result run) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("orders", run.orders());
    summary.put("executionReports", run.reports());
    summary.put("fills", run.fills());
    summary.put("ordersWorkingAtEnd", run.workingAtEnd());
    summary.put("riskEvents", run.riskEvents());
    summary.put("finalEquity", run.finalEquity().toPlainString());
    summary.put("feesPaid", run.feesPaid().toPlainString());
    summary.put("ordersSha256", sha256(run.out().resolve(ORDERS)));
    summary.put("fillsSha256", sha256(run.out().resolve(REPORTS)));
    return summary;
  }

  /** {@code momentum}, or {@code policy-<model>-<version>}. */
  private String strategyName() {
    var strategy = settings.config().strategy();
    return strategy.isPolicy()
        ? "policy-" + strategy.model().modelName() + "-" + strategy.model().version()
        : "momentum";
  }

  /** SHA-256 of a file's bytes, in hex. */
  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** One JSON-lines file. */
  private static final class JsonLines implements AutoCloseable {
    private final BufferedWriter writer;

    JsonLines(Path file) throws IOException {
      this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void line(Object value) {
      raw(write(value));
    }

    void raw(String line) {
      try {
        writer.write(line);
        writer.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String write(Object value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /**
   * One run's records as they come: its four JSON-lines files, its report recorder, its counts and
   * the last book of the reported portfolio.
   */
  /** Closes every one, the first failure thrown with the later ones suppressed in it. */
  private static void closeAll(Iterable<? extends AutoCloseable> closeables) throws IOException {
    IOException failure = null;
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        IOException wrapped = e instanceof IOException io ? io : new IOException(e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static final class RunWriter implements AutoCloseable {
    final RunRecorder recorder;
    private final Path folder;
    private final String reported;
    private final BigDecimal initialCash;
    private final Progress progress;
    private final JsonLines orders;
    private final JsonLines reports;
    private final JsonLines snapshots;
    private final JsonLines riskEvents;
    private final Map<String, Boolean> working = new HashMap<>();
    private long reportCount;
    private long snapshotCount;
    private long riskEventCount;
    private Book lastBook;

    RunWriter(
        Path folder,
        PortfolioSpec reported,
        double barsPerYear,
        String name,
        String description,
        Progress progress)
        throws IOException {
      this.folder = folder;
      this.reported = reported.name();
      this.initialCash = reported.initialCash();
      this.progress = progress;
      this.recorder =
          new RunRecorder(reported.name(), name, reported.initialCash(), barsPerYear)
              .description(description);
      this.lastBook = Book.open(reported.name(), reported.initialCash());
      List<JsonLines> files = new ArrayList<>();
      try {
        for (String file : List.of(ORDERS, REPORTS, SNAPSHOTS, RISK_EVENTS)) {
          files.add(new JsonLines(folder.resolve(file)));
        }
      } catch (IOException | RuntimeException e) {
        // The files opened before the one that failed are closed again.
        try {
          closeAll(files);
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      orders = files.get(0);
      reports = files.get(1);
      snapshots = files.get(2);
      riskEvents = files.get(3);
    }

    void accept(BacktestRecord record) {
      switch (record.kind) {
        case ORDER -> {
          orders.line(record.order);
          progress.orders.incrementAndGet();
        }
        case REPORT -> {
          reports.line(record.report);
          reportCount++;
          if (record.report.isFill()) {
            progress.fills.incrementAndGet();
          }
          // An order's last report says whether it is still working at the end.
          working.put(
              record.report.clientOrderId(),
              record.report.status() == ExecutionStatus.ACCEPTED
                  || record.report.status() == ExecutionStatus.PARTIALLY_FILLED);
          recorder.accept(record.report);
        }
        case SNAPSHOT -> {
          snapshots.line(record.snapshot);
          snapshotCount++;
          if (record.snapshot.trigger() == SnapshotTrigger.MARK) {
            progress.barsMarked.incrementAndGet();
            progress.marketTime.accumulateAndGet(record.snapshot.tsEvent(), Math::max);
          }
          if (record.portfolio.equals(reported)) {
            recorder.accept(AvroMapping.toAvro(record.snapshot));
            lastBook = record.snapshot.book();
          }
        }
        case RISK_EVENT -> {
          riskEvents.line(record.event);
          riskEventCount++;
        }
        default -> throw new IllegalStateException("unexpected backtest record " + record.kind);
      }
    }

    Result result(
        long quarantined,
        Map<ExtraRun, Result> extraRuns,
        List<LookAheadCheck> lookAheadChecks,
        CircuitBreakers breakers) {
      return new Result(
          progress.barsMarked(),
          progress.orders(),
          reportCount,
          progress.fills(),
          snapshotCount,
          riskEventCount,
          quarantined,
          working.values().stream().filter(w -> w).count(),
          initialCash,
          lastBook.equity(),
          lastBook.fees(),
          folder,
          extraRuns,
          lookAheadChecks,
          recorder.toRun(),
          breakers);
    }

    @Override
    public void close() throws IOException {
      try (orders;
          reports;
          snapshots;
          riskEvents) {
        // closes all four, in reverse order, even when one fails
      }
    }
  }
}
