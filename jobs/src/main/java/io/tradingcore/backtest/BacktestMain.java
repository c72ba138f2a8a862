package io.tradingcore.backtest;

import io.tradingcore.backtest.report.BarsPerYear;
import io.tradingcore.backtest.report.CircuitBreakers;
import io.tradingcore.backtest.report.LookAheadCheck;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.export.ExportedFeatures;
import io.tradingcore.jobs.CommandLines;
import io.tradingcore.jobs.StrategyOptions;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.replay.BadInput;
import io.tradingcore.replay.BarSource;
import io.tradingcore.replay.BitstampTickSource;
import io.tradingcore.replay.CsvBarSource;
import io.tradingcore.replay.MarketDataOptions;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.replay.TickSource;
import io.tradingcore.schemas.Topic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/trading-core backtest}: the trading job's operators over a bounded history (bars from
 * synthetic data or CSV files, ticks, or a range of a Kafka topic: a {@link BacktestFeed}) with the
 * paper fill model inside the job ({@link BacktestJob}), on an embedded Flink; a progress line
 * every {@value #PROGRESS_EVERY_SECONDS} s, the job's records and a report in {@code --out}, a
 * summary at the end.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the trading job's operators (features, strategy, risk gate, market breakers) over a"
          + " bounded history with the paper fill model inside the job: orders fill on the next"
          + " bar's open. Writes orders, fills, book snapshots, risk events and a report"
          + " (report.json, report.html, equity.png with buy-and-hold and equal-weight baselines),"
          + " with the look-ahead check and the baseline strategy as extra runs in the same job."
    })
public final class BacktestMain implements Callable<Integer> {
  static final long PROGRESS_EVERY_SECONDS = 2;
  static final String BITSTAMP_TICKS = "bitstamp-ticks";
  static final String KAFKA = "kafka:";
  static final String FEATURES = "features:";

  /** Options of the quality gate and the tick bars, which ran when a feature export was written. */
  static final List<String> EXPORT_FIXED_OPTIONS =
      List.of(
          "--bar-interval",
          "--jump-sigmas",
          "--gate-min-history",
          "--volume-multiple",
          "--missing-bars-after",
          "--tick-out-of-orderness");

  /** Options of the cross-asset alignment, which a feature export's portfolio features fix. */
  static final List<String> CROSS_ASSET_OPTIONS =
      List.of("--benchmark", "--correlation-window", "--staleness-limit");

  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
  static final LocalDate SYNTHETIC_FROM = LocalDate.of(2019, 2, 11);
  static final LocalDate SYNTHETIC_TO = LocalDate.of(2019, 2, 15);
  private static final DateTimeFormatter MARKET_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      defaultValue = "synthetic",
      paramLabel = "synthetic|csv:FOLDER|bitstamp-ticks[:FILE]|kafka:BOOTSTRAP|features:FOLDER",
      description =
          "History to run on: synthetic (seeded one-minute bars, NYSE sessions); csv:FOLDER (a"
              + " folder of <SYMBOL>_1min.csv files, e.g. csv:../shared/data/us-equities-1min-2019-02);"
              + " bitstamp-ticks (the bundled real Bitstamp BTC/USD trades 2013-11-25..12-01, as"
              + " ticks the live job's tick-bar aggregation turns into one-minute bars; BTCUSD,"
              + " lot 0.0001, round the clock) or bitstamp-ticks:FILE (trades in the same layout:"
              + " unix seconds, price, amount); kafka:BOOTSTRAP (a range of --topic on those"
              + " brokers, see --from-offsets); features:FOLDER (what export-features wrote: its"
              + " gated bars and exactly its features, not computed again; symbols, feature windows"
              + " and cross-asset settings default to the export's) (default: ${DEFAULT-VALUE}).")
  String data = "synthetic";

  @Option(
      names = "--topic",
      defaultValue = "md.bars.1m.v1",
      description =
          "With --data kafka: the topic to read, md.bars.1m.v1 (bars) or md.ticks.v1 (ticks,"
              + " aggregated in the job) (default: ${DEFAULT-VALUE}).")
  String topic = Topic.BARS.topicName();

  @Option(
      names = "--from-offsets",
      defaultValue = "earliest",
      paramLabel = "earliest|P=OFFSET,…|INSTANT",
      description =
          "With --data kafka: where each partition's range starts (inclusive): earliest, offsets"
              + " by partition (0=120,2=75; partitions not named start at their earliest) or an"
              + " ISO-8601 instant of the Kafka record timestamps (default: ${DEFAULT-VALUE}).")
  String fromOffsets = "earliest";

  @Option(
      names = "--to-offsets",
      defaultValue = "latest",
      paramLabel = "latest|P=OFFSET,…|INSTANT",
      description =
          "With --data kafka: where each partition's range ends (exclusive): latest (the end of"
              + " what is committed when the backtest starts), offsets by partition (partitions"
              + " not named end at their latest) or an instant (default: ${DEFAULT-VALUE}).")
  String toOffsets = "latest";

  @Option(
      names = "--registry-url",
      defaultValue = "http://localhost:8085",
      description =
          "With --data kafka: the schema registry the topic's records are framed with"
              + " (default: ${DEFAULT-VALUE}).")
  String registryUrl = "http://localhost:8085";

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description =
          "First day (New York date of the bar, inclusive; the UTC date of a tick), e.g."
              + " 2019-02-11 (default: synthetic data starts 2019-02-11, a CSV or tick history or"
              + " a feature export at its first record).")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description =
          "Last day, inclusive (default: synthetic data ends 2019-02-15, a CSV or tick history or"
              + " a feature export at its last record).")
  LocalDate to;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Mixin FillModelOptions fillModel = new FillModelOptions();

  @Mixin PortfolioBreakerOptions breakers = new PortfolioBreakerOptions();

  @Option(
      names = "--out",
      defaultValue = "backtest",
      description = "Folder the records and the report go to (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace an earlier backtest in --out instead of refusing to touch it.")
  boolean overwrite;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description =
          "Flink parallelism of the job's operators; the records are the same at any"
              + " (default: ${DEFAULT-VALUE}).")
  int parallelism = 1;

  @Option(
      names = "--checks",
      split = ",",
      paramLabel = "RUN[,RUN]",
      description =
          "Extra runs in the same job and report: look-ahead (the strategy with its features one"
              + " bar late) and baseline (the momentum baseline strategy beside a policy; a"
              + " momentum primary is the baseline itself) (default: look-ahead,baseline).")
  List<String> checks;

  @Option(names = "--no-checks", description = "The primary run and the price baselines only.")
  boolean noChecks;

  @Mixin TradingOptions trading = new TradingOptions();

  @Mixin StrategyOptions strategy = new StrategyOptions();

  private final PrintStream console;

  public BacktestMain() {
    this(System.out);
  }

  /** For tests: where progress and the summary go. */
  public BacktestMain(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine(new BacktestMain()).execute(args));
  }

  /** The command line with one clear error line instead of a stack trace. */
  public static CommandLine commandLine(BacktestMain command) {
    return CommandLines.plainErrors(command);
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    List<String> errors = new ArrayList<>();
    Set<ExtraRun> extraRuns = extraRuns(errors);
    History history = checkOptions(cli, errors);
    TradingJobConfig config;
    try {
      config = strategy.applyTo(trading.toConfig());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    PaperFillModel fills = fillModel.fillModel(config.sessions());
    prepareOutputFolder(cli);
    long start = System.nanoTime();

    List<BadInput> badInput = new ArrayList<>();
    Optional<BacktestFeed> loaded;
    try {
      loaded = history.feed(trading.marketSymbols(), badInput);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--data " + data + ": " + e.getMessage());
    }
    BacktestFeed feed =
        loaded.orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    cli,
                    "no "
                        + history.records()
                        + " of "
                        + String.join(",", trading.marketSymbols())
                        + " in "
                        + history.describe()
                        + "; widen --from/--to or check --data"));
    String command =
        "bin/trading-core backtest " + String.join(" ", cli.getParseResult().originalArgs());
    BacktestRunner runner =
        new BacktestRunner(
            new BacktestRunner.Settings(
                config,
                fills,
                parallelism,
                BarsPerYear.ofMinuteBars(config.sessions(), trading.symbols()),
                "Backtest: " + String.join(" + ", trading.symbols()) + ", " + history.describe(),
                command,
                extraRuns,
                breakers.settings()));
    long total = feed.barsToMark(config);
    long first = feed.firstMillis();
    long last = feed.lastMillis();
    console.printf(
        Locale.ROOT,
        "Backtesting %s on %s (%s), %s, parallelism %d%s; portfolio breakers %s%n",
        String.join(",", trading.symbols()),
        feed.size(),
        history.describe(),
        config.strategy().isPolicy()
            ? "policy " + config.strategy().model().modelName()
            : "momentum",
        parallelism,
        describe(runner.settings().extraRuns()),
        runner.settings().breakers().describe());

    BacktestRunner.Progress progress = new BacktestRunner.Progress(console::println);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "backtest-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> printProgress(progress, total, first, last, start),
        PROGRESS_EVERY_SECONDS,
        PROGRESS_EVERY_SECONDS,
        TimeUnit.SECONDS);
    BacktestRunner.Result result;
    try {
      result = runner.run(feed, out, progress);
    } finally {
      ticker.shutdownNow();
    }
    printProgress(progress, total, first, last, start);
    printSummary(result, badInput, start);
    return 0;
  }

  /**
   * The extra runs {@code --checks} and {@code --no-checks} ask for; errors go to {@code errors}.
   */
  private Set<ExtraRun> extraRuns(List<String> errors) {
    if (noChecks && checks != null) {
      errors.add("--checks and --no-checks contradict each other; give one of them");
      return Set.of();
    }
    if (noChecks) {
      return Set.of();
    }
    if (checks == null) {
      return EnumSet.allOf(ExtraRun.class);
    }
    try {
      return ExtraRun.parse(checks);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return Set.of();
    }
  }

  /** {@code , with the look-ahead check and the baseline strategy}, or empty. */
  private static String describe(Set<ExtraRun> runs) {
    List<String> parts = new ArrayList<>();
    for (ExtraRun run : runs) {
      parts.add("the " + run.label());
    }
    return parts.isEmpty() ? "" : ", with " + String.join(" and ", parts);
  }

  /** Checks the options that do not need the data, all at once, after {@code errors} so far. */
  private History checkOptions(CommandLine cli, List<String> errors) {
    if (parallelism < 1) {
      errors.add("--parallelism must be at least 1, got " + parallelism);
    }
    fillModel.check(errors);
    breakers.check(errors);
    if (from != null && to != null && to.isBefore(from)) {
      errors.add("--to " + to + " is before --from " + from + "; swap them");
    }
    History history = null;
    String kind = data.strip();
    if (kind.equalsIgnoreCase("synthetic")) {
      history =
          new Synthetic(seed, from == null ? SYNTHETIC_FROM : from, to == null ? SYNTHETIC_TO : to);
      if (to == null && from != null && from.isAfter(SYNTHETIC_TO)) {
        errors.add("--from " + from + " is after the default --to " + SYNTHETIC_TO + "; give --to");
      }
    } else if (kind.regionMatches(true, 0, "csv:", 0, 4)) {
      history = csv(data, trading.marketSymbols(), from, to, errors);
    } else if (kind.regionMatches(true, 0, BITSTAMP_TICKS, 0, BITSTAMP_TICKS.length())
        && (kind.length() == BITSTAMP_TICKS.length()
            || kind.charAt(BITSTAMP_TICKS.length()) == ':')) {
      Path file =
          kind.length() == BITSTAMP_TICKS.length()
              ? null
              : Path.of(kind.substring(BITSTAMP_TICKS.length() + 1));
      if (file != null && !Files.isRegularFile(file)) {
        errors.add(
            "--data "
                + data
                + ": "
                + file
                + " is not a file; give a CSV of trades (unix seconds, price, amount), or"
                + " bitstamp-ticks for the bundled Bitstamp trades");
      } else {
        try {
          MarketDataOptions.applyBitstampDefaults(cli, trading, "--data " + data);
          history = new BitstampTicks(file, from, to);
        } catch (CommandLine.ParameterException e) {
          errors.add(e.getMessage());
        }
      }
    } else if (kind.regionMatches(true, 0, KAFKA, 0, KAFKA.length())) {
      String servers = kind.substring(KAFKA.length()).strip();
      if (servers.isEmpty()) {
        errors.add("--data kafka: needs the brokers, e.g. kafka:localhost:9092");
      }
      Topic read = null;
      if (topic.strip().equals(Topic.BARS.topicName())) {
        read = Topic.BARS;
      } else if (topic.strip().equals(Topic.TICKS.topicName())) {
        read = Topic.TICKS;
      } else {
        errors.add(
            "--topic must be "
                + Topic.BARS.topicName()
                + " (bars) or "
                + Topic.TICKS.topicName()
                + " (ticks), got '"
                + topic
                + "'");
      }
      if (from != null || to != null) {
        errors.add(
            "--from/--to are dates of files; with --data kafka give --from-offsets/--to-offsets"
                + " (offsets by partition, or instants such as 2019-02-11T14:30:00Z)");
      }
      KafkaRange.End start = null;
      KafkaRange.End end = null;
      try {
        start = KafkaRange.End.parse("--from-offsets", fromOffsets, true);
        end = KafkaRange.End.parse("--to-offsets", toOffsets, false);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
      if (errors.isEmpty()) {
        history = new Kafka(servers, read, start, end, registryUrl);
      }
    } else if (kind.regionMatches(true, 0, FEATURES, 0, FEATURES.length())) {
      history = features(cli, kind.substring(FEATURES.length()).strip(), errors);
    } else {
      errors.add(
          "--data must be synthetic, csv:FOLDER (e.g. csv:../shared/data/us-equities-1min-2019-02),"
              + " bitstamp-ticks, bitstamp-ticks:FILE, kafka:BOOTSTRAP or features:FOLDER, got '"
              + data
              + "'");
    }
    if (!kind.regionMatches(true, 0, KAFKA, 0, KAFKA.length())) {
      for (String option : List.of("--topic", "--from-offsets", "--to-offsets")) {
        if (cli.getParseResult().hasMatchedOption(option)) {
          errors.add(option + " chooses a Kafka range; it needs --data kafka:BROKERS");
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new CommandLine.ParameterException(cli, String.join("; ", errors));
    }
    return history;
  }

  /**
   * {@code --data csv:FOLDER} (shared with {@code walk-forward}): the history, or {@code null} with
   * the reason added to {@code errors} when the folder is missing or a symbol (the benchmark
   * included) has no file, so the command fails before any job, naming the options.
   */
  static Csv csv(
      String data, List<String> symbols, LocalDate from, LocalDate to, List<String> errors) {
    Path folder = Path.of(data.strip().substring(4));
    if (!Files.isDirectory(folder)) {
      errors.add(
          "--data "
              + data
              + ": "
              + folder
              + " is not a folder; give a folder of <SYMBOL>_1min.csv files, e.g."
              + " csv:../shared/data/us-equities-1min-2019-02");
      return null;
    }
    try {
      CsvBarSource.open(folder, symbols, bad -> {}).close();
      return new Csv(folder, from, to);
    } catch (RuntimeException e) {
      errors.add(
          "--symbols "
              + String.join(",", symbols)
              + " (the benchmark included) with --data "
              + data
              + ": "
              + e.getMessage()
              + "; choose --symbols and --benchmark among those");
      return null;
    }
  }

  /**
   * {@code --data features:FOLDER}: the export's manifest read and checked against this build, the
   * options the export fixes taken from it when not given (the symbols, the feature windows, the
   * cross-asset settings) and refused when given otherwise, as are the quality gate's options (the
   * gate ran in the export) and days outside the export. {@code null}, with the reasons added to
   * {@code errors}, when the export cannot be used.
   */
  private Features features(CommandLine cli, String folder, List<String> errors) {
    String option = "--data " + data;
    if (folder.isEmpty()) {
      errors.add(option + ": needs the folder export-features wrote, e.g. features:features");
      return null;
    }
    ExportedFeatures export;
    try {
      export = ExportedFeatures.open(Path.of(folder));
    } catch (IllegalArgumentException | IOException e) {
      errors.add(option + ": " + e.getMessage());
      return null;
    }
    CommandLine.ParseResult given = cli.getParseResult();
    Path manifest = export.manifestFile();
    for (String fixed : EXPORT_FIXED_OPTIONS) {
      if (given.hasMatchedOption(fixed)) {
        errors.add(
            fixed
                + " has no effect with "
                + option
                + ": the export's bars passed its quality gate when it was written; drop it, or"
                + " export the features again with it");
      }
    }
    if (!given.hasMatchedOption("--symbols")) {
      trading.replaceSymbols(export.symbols());
    } else {
      List<String> missing =
          trading.symbols().stream().filter(s -> !export.entities().contains(s)).toList();
      if (!missing.isEmpty()) {
        errors.add(
            "--symbols "
                + String.join(",", missing)
                + ": not in the export "
                + manifest
                + " (symbols "
                + String.join(",", export.symbols())
                + ", benchmark "
                + export.benchmark()
                + "); choose --symbols among those, or export the features of "
                + String.join(",", missing));
      }
    }
    if (!given.hasMatchedOption("--feature-window")) {
      trading.replaceFeatureWindows(export.featureWindows());
    }
    List<String> crossAssetGiven =
        CROSS_ASSET_OPTIONS.stream().filter(given::hasMatchedOption).toList();
    if (crossAssetGiven.isEmpty()) {
      trading.replaceCrossAsset(export.crossAsset());
    }
    try {
      TradingJobConfig config = trading.toConfig();
      if (!config.featureWindows().equals(export.featureWindows())) {
        errors.add(
            "--feature-window gives "
                + config.featureWindows()
                + ", but the features in "
                + manifest
                + " were computed with "
                + export.featureWindows()
                + "; drop --feature-window to take the export's, or export the features again with"
                + " it");
      }
      if (!config.crossAsset().equals(export.crossAsset())) {
        errors.add(
            String.join(" and ", crossAssetGiven)
                + (crossAssetGiven.size() == 1 ? " gives " : " give ")
                + config.crossAsset()
                + ", but the features in "
                + manifest
                + " were aligned with "
                + export.crossAsset()
                + "; drop "
                + String.join(" and ", crossAssetGiven)
                + " to take the export's, or export the features again with them");
      }
    } catch (IllegalArgumentException e) {
      // Reported with every other configuration error when the run builds its configuration.
    }
    refuseOutside(errors, "--from", from, export);
    refuseOutside(errors, "--to", to, export);
    return new Features(export, from, to);
  }

  /** Adds an error when {@code day} (given as {@code option}) is not a day of the export. */
  private static void refuseOutside(
      List<String> errors, String option, LocalDate day, ExportedFeatures export) {
    if (day != null && (day.isBefore(export.firstDay()) || day.isAfter(export.lastDay()))) {
      errors.add(
          option
              + " "
              + day
              + " is outside the export "
              + export.manifestFile()
              + ", which holds "
              + export.firstDay()
              + " to "
              + export.lastDay()
              + "; give --from and --to within it");
    }
  }

  /**
   * Refuses an {@code --out} that is a file, or that holds any of {@code files} (an earlier run,
   * {@code what}) unless {@code overwrite}; shared with {@code walk-forward}.
   */
  static void refuseEarlierRun(
      CommandLine cli, Path out, boolean overwrite, String what, List<Path> files) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(
          cli, "--out " + out + " is a file, not a folder; choose another --out");
    }
    if (!overwrite && files.stream().anyMatch(Files::exists)) {
      throw new CommandLine.ParameterException(
          cli,
          "--out "
              + out
              + " already holds "
              + what
              + "; pass --overwrite to replace it, or choose another --out");
    }
  }

  private void prepareOutputFolder(CommandLine cli) throws IOException {
    List<Path> files = new ArrayList<>();
    BacktestRunner.FILES.forEach(f -> files.add(out.resolve(f)));
    for (ExtraRun run : ExtraRun.values()) {
      BacktestRunner.EXTRA_RUN_FILES.forEach(f -> files.add(out.resolve(run.folder()).resolve(f)));
    }
    refuseEarlierRun(cli, out, overwrite, "a backtest", files);
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
    for (ExtraRun run : ExtraRun.values()) {
      Path folder = out.resolve(run.folder());
      if (Files.isDirectory(folder)) {
        try (var left = Files.list(folder)) {
          if (left.findAny().isEmpty()) {
            Files.delete(folder);
          }
        }
      }
    }
    Files.createDirectories(out);
  }

  private void printProgress(
      BacktestRunner.Progress progress, long total, long first, long last, long startNanos) {
    long marketTime = progress.marketTime();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    String pass = progress.pass() == 1 ? "" : "pass " + progress.pass() + ": ";
    if (marketTime == Long.MIN_VALUE) {
      console.printf(
          Locale.ROOT,
          "  [%3d s] %sbars 0 / %s: the embedded Flink is starting the job%n",
          seconds,
          pass,
          total == 0 ? "?" : String.format(Locale.ROOT, "%,d (0.0 %%)", total));
      return;
    }
    if (total == 0 || first == Long.MIN_VALUE) {
      // A Kafka range: neither the bars nor the market-time span are known before the job.
      console.printf(
          Locale.ROOT,
          "  [%3d s] %sbars %,d, market time %s UTC, orders %,d, fills %,d%n",
          seconds,
          pass,
          progress.barsMarked(),
          MARKET_TIME.format(Instant.ofEpochMilli(marketTime)),
          progress.orders(),
          progress.fills());
      return;
    }
    double ofRange = 100.0 * (marketTime - first) / Math.max(1, last - first);
    console.printf(
        Locale.ROOT,
        "  [%3d s] %sbars %,d / %,d (%.1f %%), market time %s UTC (%.1f %% of the date range),"
            + " orders %,d, fills %,d%n",
        seconds,
        pass,
        progress.barsMarked(),
        total,
        100.0 * progress.barsMarked() / total,
        MARKET_TIME.format(Instant.ofEpochMilli(marketTime)),
        ofRange,
        progress.orders(),
        progress.fills());
  }

  private void printSummary(BacktestRunner.Result result, List<BadInput> badInput, long start) {
    console.printf(
        Locale.ROOT,
        "Done in %.1f s: %,d orders, %,d execution reports (%,d fills, %,d orders still working at"
            + " the end), %,d risk events, quarantined bars %,d, unreadable input lines %,d%n",
        (System.nanoTime() - start) / 1e9,
        result.orders(),
        result.reports(),
        result.fills(),
        result.workingAtEnd(),
        result.riskEvents(),
        result.quarantined(),
        badInput.size());
    badInput.stream().limit(5).forEach(b -> console.println("    " + b));
    console.printf(
        Locale.ROOT,
        "  equity %s → %s (return %+.3f %%), fees paid %s%n",
        result.initialCash().toPlainString(),
        result.finalEquity().toPlainString(),
        result.totalReturn() * 100,
        result.feesPaid().toPlainString());
    console.printf(
        Locale.ROOT,
        "  records in %s (%s, %s, %s, %s); report %s%n",
        result.out().toAbsolutePath(),
        BacktestRunner.ORDERS,
        BacktestRunner.REPORTS,
        BacktestRunner.SNAPSHOTS,
        BacktestRunner.RISK_EVENTS,
        result.out().resolve(ReportFiles.HTML).toAbsolutePath());
    for (var extra : result.extraRuns().entrySet()) {
      BacktestRunner.Result run = extra.getValue();
      console.printf(
          Locale.ROOT,
          "  %s: %,d orders, %,d fills, equity %s → %s (return %+.3f %%), fees paid %s; records in"
              + " %s%n",
          extra.getKey().label(),
          run.orders(),
          run.fills(),
          run.initialCash().toPlainString(),
          run.finalEquity().toPlainString(),
          run.totalReturn() * 100,
          run.feesPaid().toPlainString(),
          run.out().toAbsolutePath());
    }
    for (LookAheadCheck check : result.lookAheadChecks()) {
      console.println("  look-ahead verdict: " + check.sentence());
    }
    CircuitBreakers breakers = result.circuitBreakers();
    console.printf(
        Locale.ROOT,
        "  portfolio breakers: %s; %d event%s applied, %d pass%s%n",
        breakers.status(),
        breakers.events().size(),
        breakers.events().size() == 1 ? "" : "s",
        breakers.passes(),
        breakers.passes() == 1 ? "" : "es");
    for (CircuitBreakers.Event event : breakers.events()) {
      console.printf(
          Locale.ROOT,
          "    %s: %s %s of %s raised at %s%s: %s%n",
          event.run(),
          event.reason(),
          event.severity(),
          event.portfolio(),
          Instant.ofEpochMilli(event.raisedAtMillis()),
          event.resumedAtMillis() == null
              ? ""
              : ", resumed at " + Instant.ofEpochMilli(event.resumedAtMillis()),
          event.cause());
    }
  }

  /** A bounded history between two dates. */
  interface History {
    /** What the backtest runs on; empty when the history holds nothing. */
    Optional<BacktestFeed> feed(List<String> symbols, List<BadInput> badInput) throws IOException;

    String describe();

    /** What the history holds, in words: bars or ticks. */
    default String records() {
      return "bars";
    }
  }

  /**
   * A history of bars the command reads itself (synthetic data, CSV files; what walk-forward
   * reads).
   */
  interface BarHistory extends History {
    /** The history's bars, in end-time order. */
    List<Bar> load(List<String> symbols, List<BadInput> badInput) throws IOException;

    @Override
    default Optional<BacktestFeed> feed(List<String> symbols, List<BadInput> badInput)
        throws IOException {
      List<Bar> bars = load(symbols, badInput);
      return bars.isEmpty() ? Optional.empty() : Optional.of(BacktestFeed.of(bars));
    }
  }

  /** Bars of a day in [from, to] ({@link MarketDays}); null: unbounded. */
  private static List<Bar> read(BarSource source, LocalDate from, LocalDate to) throws IOException {
    MarketDays days = new MarketDays(from, to);
    List<Bar> bars = new ArrayList<>();
    try (source) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        if (days.contains(bar.get())) {
          bars.add(bar.get());
        }
      }
    }
    return bars;
  }

  record Synthetic(long seed, LocalDate from, LocalDate to) implements BarHistory {
    @Override
    public List<Bar> load(List<String> symbols, List<BadInput> badInput) throws IOException {
      // Exactly the range's sessions: the source starts at the first trading day from --from.
      int days =
          (int)
              from.datesUntil(to.plusDays(1))
                  .filter(UsEquityCalendar.INSTANCE::isTradingDay)
                  .count();
      if (days == 0) {
        return List.of();
      }
      return read(
          new SyntheticBarSource(
              SyntheticBarSource.Config.of(symbols)
                  .withSeed(seed)
                  .withStartDate(from)
                  .withTradingDays(days)),
          from,
          to);
    }

    @Override
    public String describe() {
      return "synthetic, seed " + seed + ", " + from + " to " + to;
    }
  }

  record Csv(Path folder, LocalDate from, LocalDate to) implements BarHistory {
    @Override
    public List<Bar> load(List<String> symbols, List<BadInput> badInput) throws IOException {
      return read(CsvBarSource.open(folder, symbols, badInput::add), from, to);
    }

    @Override
    public String describe() {
      return "CSV "
          + folder
          + (from == null ? "" : " from " + from)
          + (to == null ? "" : " to " + to);
    }
  }

  /**
   * Bitstamp BTC/USD trades as ticks, of a UTC day in [from, to] (null: unbounded): the bundled
   * file, or {@code file} in its layout.
   */
  private record BitstampTicks(Path file, LocalDate from, LocalDate to) implements History {
    /** The bundled week, or the file; a file whose header is refused is closed again. */
    private TickSource open(List<BadInput> badInput) throws IOException {
      if (file == null) {
        return BitstampTickSource.fromClasspath(badInput::add);
      }
      BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      try {
        return BitstampTickSource.fromReader(file.toString(), reader, badInput::add);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
    }

    @Override
    public Optional<BacktestFeed> feed(List<String> symbols, List<BadInput> badInput)
        throws IOException {
      List<Tick> ticks = new ArrayList<>();
      try (TickSource source = open(badInput)) {
        for (Optional<Tick> tick = source.next(); tick.isPresent(); tick = source.next()) {
          LocalDate day =
              Instant.ofEpochMilli(tick.get().eventTimeMillis())
                  .atZone(ZoneOffset.UTC)
                  .toLocalDate();
          if ((from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))) {
            ticks.add(tick.get());
          }
        }
      }
      return ticks.isEmpty() ? Optional.empty() : Optional.of(BacktestFeed.ofTicks(ticks));
    }

    @Override
    public String describe() {
      return (file == null
              ? "Bitstamp BTC/USD trades 2013-11-25..12-01"
              : "Bitstamp-layout trades in " + file)
          + " as ticks, one-minute bars built in the job"
          + (from == null ? "" : " from " + from)
          + (to == null ? "" : " to " + to);
    }

    @Override
    public String records() {
      return "ticks";
    }
  }

  /**
   * A feature export's gated bars and features of New York days in [from, to] ({@code null}: the
   * export's first or last day), checked against its manifest when loaded.
   */
  private record Features(ExportedFeatures export, LocalDate from, LocalDate to)
      implements History {
    @Override
    public Optional<BacktestFeed> feed(List<String> symbols, List<BadInput> badInput)
        throws IOException {
      ExportedFeatures.Contents contents = export.load(symbols, from, to);
      return contents.bars().isEmpty()
          ? Optional.empty()
          : Optional.of(BacktestFeed.ofExport(contents));
    }

    @Override
    public String describe() {
      return "features exported to "
          + export.folder()
          + (from == null ? "" : " from " + from)
          + (to == null ? "" : " to " + to);
    }
  }

  /**
   * A range of a Kafka topic of bars or ticks in the registry wire format, resolved to offsets when
   * loaded: the job's own bounded Kafka sources read it.
   */
  private record Kafka(
      String bootstrapServers,
      Topic topic,
      KafkaRange.End from,
      KafkaRange.End to,
      String registryUrl)
      implements History {
    @Override
    public Optional<BacktestFeed> feed(List<String> symbols, List<BadInput> badInput) {
      KafkaRange range =
          KafkaRange.resolve(bootstrapServers, topic.topicName(), from, to, KAFKA_TIMEOUT);
      KafkaEndpoints kafka =
          new KafkaEndpoints(
              bootstrapServers, RegistrySettings.of(registryUrl, false), BacktestJob.NAME);
      OffsetsInitializer start = OffsetsInitializer.offsets(range.starts());
      OffsetsInitializer stop = OffsetsInitializer.offsets(range.stops());
      String size =
          String.format(
              Locale.ROOT,
              "%,d offsets of %s (partition:first..end %s)",
              range.records(),
              topic.topicName(),
              range.describeOffsets());
      return Optional.of(
          topic == Topic.TICKS
              ? BacktestFeed.ofKafka(null, kafka.ticks(start, stop), size)
              : BacktestFeed.ofKafka(kafka.bars(start, stop), null, size));
    }

    @Override
    public String describe() {
      return "Kafka "
          + bootstrapServers
          + " "
          + topic.topicName()
          + " from "
          + from.text()
          + " to "
          + to.text();
    }

    @Override
    public String records() {
      return topic == Topic.TICKS ? "ticks" : "bars";
    }
  }
}
