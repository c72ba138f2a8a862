package io.tradingcore.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tradingcore.jobs.CommandLines;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.BadInput;
import io.tradingcore.replay.BarSource;
import io.tradingcore.replay.DataSource;
import io.tradingcore.replay.MarketDataOptions;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/trading-core export-features}: runs {@link FeatureExportJob} over a bounded history on
 * an embedded Flink and writes the feature files with a {@value #MANIFEST} describing them.
 */
@Command(
    name = "export-features",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Computes the trading job's features over a bounded history and writes them as Avro container"
          + " files (records of features.v1) with a MANIFEST.json, for training."
    })
public final class FeatureExportMain implements Callable<Integer> {
  public static final String MANIFEST = "MANIFEST.json";
  private static final String GAPS = "tradingDaysWithoutBars";
  private static final long PROGRESS_EVERY_MILLIS = 5_000;

  @Spec CommandSpec spec;

  @Mixin MarketDataOptions data = new MarketDataOptions();

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description =
          "First market date to export, inclusive (New York date a bar starts on; default: the"
              + " history's first bar). With --to, e.g. a walk-forward fold's train window.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last market date to export, inclusive (default: the history's last bar).")
  LocalDate to;

  @Option(
      names = "--out",
      defaultValue = "features",
      description = "Folder the files go to (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace an earlier export in --out instead of refusing to touch it.")
  boolean overwrite;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Flink parallelism of the feature operators (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin TradingOptions trading = new TradingOptions();

  private final PrintStream console;

  public FeatureExportMain() {
    this(System.out);
  }

  /** For tests: where progress and the summary go. */
  public FeatureExportMain(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new FeatureExportMain()).execute(args));
  }

  /** The command line with one clear error line instead of a stack trace. */
  public static CommandLine commandLine(FeatureExportMain command) {
    return CommandLines.plainErrors(command);
  }

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be >= 1");
    }
    MarketDataOptions.Factory market = data.resolve(spec.commandLine(), trading);
    MarketDays range = checkRange();
    TradingJobConfig config = trading.toConfig();
    long start = System.nanoTime();

    List<BadInput> badInput = new ArrayList<>();
    List<Bar> bars = new ArrayList<>();
    LocalDate firstDay = null;
    LocalDate lastDay = null;
    try (BarSource source = market.openBars(badInput::add)) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        LocalDate day = MarketDays.of(bar.get());
        firstDay = firstDay == null || day.isBefore(firstDay) ? day : firstDay;
        lastDay = lastDay == null || day.isAfter(lastDay) ? day : lastDay;
        if (range.contains(bar.get())) {
          bars.add(bar.get());
        }
      }
    }
    if (bars.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "no bars in "
              + market.describe()
              + (firstDay == null
                  ? ""
                  : " between --from "
                      + (from == null ? firstDay : from)
                      + " and --to "
                      + (to == null ? lastDay : to)
                      + "; its bars run from "
                      + firstDay
                      + " to "
                      + lastDay));
    }
    prepareOutputFolder();
    // Without --from (--to), the first (last) bar of the history is also the first (last) kept.
    MarketDays exported = new MarketDays(from != null ? from : firstDay, to != null ? to : lastDay);
    Map<String, Object> rangeRecord =
        rangeSection(
            exported,
            bars,
            data.source() == DataSource.SYNTHETIC || data.source() == DataSource.CSV);
    console.printf(
        Locale.ROOT,
        "Exporting features of %,d bars (%s), market dates %s to %s, to %s%n",
        bars.size(),
        market.describe(),
        exported.from(),
        exported.to(),
        out.toAbsolutePath());
    if (rangeRecord.get(GAPS) instanceof List<?> gaps && !gaps.isEmpty()) {
      console.printf(Locale.ROOT, "  NYSE trading days without bars in the files: %s%n", gaps);
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(10));
    env.setParallelism(parallelism);
    DataStream<Bar> stream =
        MarketDataGraph.boundedHistory(env, bars, data.source().name().toLowerCase(Locale.ROOT));
    new FeatureExportJob(config).build(stream, out);

    runToCompletion(env, start);

    Written written =
        writeManifest(
            out,
            market.describe(),
            rangeRecord,
            trading.symbols(),
            config,
            badInput.size(),
            "bin/trading-core export-features "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    printSummary(
        written.records(),
        written.files(),
        written.portfolioRecords(),
        written.quarantined(),
        badInput,
        start);
    return 0;
  }

  /** What {@link #writeManifest} read back: the asset and portfolio vectors, the refused count. */
  public record Written(
      List<Path> files,
      List<FeatureVector> records,
      List<FeatureVector> portfolioRecords,
      int quarantined) {}

  /**
   * Reads back the files the export job committed under {@code out} and writes the {@value
   * #MANIFEST} that describes them: where they came from, the settings that shaped them, and for
   * each folder its records, files and content hash (what the backtest's {@code --data
   * features:FOLDER} checks them against).
   *
   * @param source the history, in words
   * @param range the days exported ({@link #rangeSection})
   * @param symbols the traded symbols (the benchmark is in {@code config})
   * @param command how the export was asked for
   */
  public static Written writeManifest(
      Path out,
      String source,
      Map<String, Object> range,
      List<String> symbols,
      TradingJobConfig config,
      int unreadableInputLines,
      String command)
      throws IOException {
    List<Path> files = FeatureFiles.list(out.resolve(FeatureExportJob.ASSET_FOLDER));
    List<FeatureVector> records = FeatureFiles.read(files);
    List<Path> portfolioFiles = FeatureFiles.list(out.resolve(FeatureExportJob.PORTFOLIO_FOLDER));
    List<FeatureVector> portfolioRecords = FeatureFiles.read(portfolioFiles);
    int quarantined =
        FeatureFiles.read(
                FeatureFiles.list(out.resolve(FeatureExportJob.QUARANTINE_FOLDER)),
                QuarantinedRecord.class)
            .size();
    List<Path> barFiles = FeatureFiles.list(out.resolve(FeatureExportJob.BARS_FOLDER));
    List<io.tradingcore.schemas.avro.Bar> gatedBars = FeatureFiles.readBars(barFiles);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("source", source);
    manifest.put("range", range);
    manifest.put("symbols", symbols);
    manifest.put("benchmark", config.crossAsset().benchmark());
    manifest.put("featureWindows", config.featureWindows().toString());
    manifest.put("crossAsset", config.crossAsset().toString());
    manifest.put(FeatureExportJob.ASSET_FOLDER, section(out, files, records));
    manifest.put(FeatureExportJob.PORTFOLIO_FOLDER, section(out, portfolioFiles, portfolioRecords));
    Map<String, Object> barSection = new LinkedHashMap<>();
    barSection.put("records", gatedBars.size());
    barSection.put(
        "contentSha256",
        FeatureFiles.contentHash(gatedBars, io.tradingcore.schemas.avro.Bar.class));
    barSection.put("files", barFiles.stream().map(f -> out.relativize(f).toString()).toList());
    manifest.put(FeatureExportJob.BARS_FOLDER, barSection);
    manifest.put("quarantinedBars", quarantined);
    manifest.put("unreadableInputLines", unreadableInputLines);
    manifest.put("command", command);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve(MANIFEST).toFile(), manifest);
    return new Written(files, records, portfolioRecords, quarantined);
  }

  /**
   * {@code --from/--to} checked against each other and the source: the days the export keeps.
   *
   * @throws CommandLine.ParameterException naming the options, with every problem at once
   */
  private MarketDays checkRange() {
    if (from == null && to == null) {
      return MarketDays.ALL;
    }
    List<String> errors = new ArrayList<>();
    if (data.source() == DataSource.BITSTAMP || data.source() == DataSource.BITSTAMP_TICKS) {
      errors.add(
          "--from/--to are for --source synthetic or csv; --source "
              + data.source().optionValue()
              + " is one fixed week, exported whole");
    }
    if (from != null && to != null && to.isBefore(from)) {
      errors.add("--to " + to + " is before --from " + from + "; swap them");
    } else if (from != null && to != null && MarketDays.tradingDays(from, to).isEmpty()) {
      errors.add(
          "--from "
              + from
              + " --to "
              + to
              + " holds no NYSE trading day (weekend or exchange holidays only)");
    }
    data.syntheticDays()
        .ifPresent(
            sessions -> {
              LocalDate first = sessions.get(0);
              LocalDate last = sessions.get(sessions.size() - 1);
              for (var option : List.of(Map.entry("--from", from), Map.entry("--to", to))) {
                LocalDate day = option.getValue();
                if (day != null && (day.isBefore(first) || day.isAfter(last))) {
                  errors.add(
                      option.getKey()
                          + " "
                          + day
                          + " is outside the synthetic market's days, "
                          + first
                          + " to "
                          + last
                          + " (--start-date "
                          + data.startDate()
                          + ", --days "
                          + sessions.size()
                          + "); choose --start-date and --days to cover --from..--to");
                }
              }
            });
    if (!errors.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", errors));
    }
    return new MarketDays(from, to);
  }

  /**
   * The manifest's record of the days exported: {@code from}/{@code to} as asked (or the first and
   * last bar's date), and, with {@code tradingDays} (an exchange-calendar source: synthetic, CSV),
   * the NYSE trading days in between without a bar (a gap in the files). Training reads it as the
   * model's training range.
   */
  public static Map<String, Object> rangeSection(
      MarketDays exported, List<Bar> bars, boolean tradingDays) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("from", exported.from().toString());
    section.put("to", exported.to().toString());
    Set<LocalDate> withBars = new HashSet<>();
    bars.forEach(b -> withBars.add(MarketDays.of(b)));
    section.put("daysWithBars", withBars.size());
    if (tradingDays) {
      section.put(
          GAPS,
          MarketDays.tradingDays(exported.from(), exported.to()).stream()
              .filter(d -> !withBars.contains(d))
              .map(LocalDate::toString)
              .toList());
    }
    return section;
  }

  private void prepareOutputFolder() throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--out " + out + " is a file, not a folder");
    }
    boolean earlierExport =
        Files.exists(out.resolve(MANIFEST))
            || Files.exists(out.resolve(FeatureExportJob.ASSET_FOLDER))
            || Files.exists(out.resolve(FeatureExportJob.PORTFOLIO_FOLDER))
            || Files.exists(out.resolve(FeatureExportJob.QUARANTINE_FOLDER))
            || Files.exists(out.resolve(FeatureExportJob.BARS_FOLDER));
    if (earlierExport && !overwrite) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--out "
              + out
              + " already holds an export; pass --overwrite to replace it, or choose another --out");
    }
    deleteRecursively(out.resolve(FeatureExportJob.ASSET_FOLDER));
    deleteRecursively(out.resolve(FeatureExportJob.PORTFOLIO_FOLDER));
    deleteRecursively(out.resolve(FeatureExportJob.QUARANTINE_FOLDER));
    deleteRecursively(out.resolve(FeatureExportJob.BARS_FOLDER));
    Files.deleteIfExists(out.resolve(MANIFEST));
    Files.createDirectories(out);
  }

  /** Runs the job to its end, printing a line every few seconds while it works. */
  private void runToCompletion(StreamExecutionEnvironment env, long startNanos) throws Exception {
    CompletableFuture<JobExecutionResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return env.execute(FeatureExportJob.NAME);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    while (true) {
      try {
        run.get(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        console.printf(
            Locale.ROOT,
            "  [%3d s] running, %,d feature files committed so far%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos),
            FeatureFiles.list(out.resolve(FeatureExportJob.ASSET_FOLDER)).size());
      } catch (ExecutionException e) {
        Throwable cause =
            e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        throw new IllegalStateException("feature export failed: " + cause.getMessage(), cause);
      }
    }
  }

  /** One feature set's part of the manifest: what, how many, which bars, which files, a hash. */
  private static Map<String, Object> section(
      Path out, List<Path> files, List<FeatureVector> records) {
    Map<String, Object> section = new LinkedHashMap<>();
    FeatureVector first = records.isEmpty() ? null : records.get(0);
    section.put("featureSet", first == null ? null : first.getFeatureSet());
    section.put("featureSetVersion", first == null ? null : first.getFeatureSetVersion());
    section.put("names", first == null ? List.of() : first.getNames());
    section.put("records", records.size());
    section.put("warmRecords", records.stream().filter(FeatureVector::getWarm).count());
    section.put(
        "firstBarEnd",
        records.stream()
            .map(FeatureVector::getBarEnd)
            .min(Comparator.naturalOrder())
            .map(Instant::toString)
            .orElse(null));
    section.put(
        "lastBarEnd",
        records.stream()
            .map(FeatureVector::getBarEnd)
            .max(Comparator.naturalOrder())
            .map(Instant::toString)
            .orElse(null));
    section.put("contentSha256", FeatureFiles.contentHash(records));
    section.put("files", files.stream().map(f -> out.relativize(f).toString()).toList());
    return section;
  }

  private void printSummary(
      List<FeatureVector> records,
      List<Path> files,
      List<FeatureVector> portfolioRecords,
      int quarantined,
      List<BadInput> badInput,
      long startNanos) {
    console.printf(
        Locale.ROOT,
        "Wrote %,d feature vectors (%,d warm) of %d symbols in %d files to %s%n",
        records.size(),
        records.stream().filter(FeatureVector::getWarm).count(),
        records.stream().map(r -> r.getEntity().toString()).distinct().count(),
        files.size(),
        out.resolve(FeatureExportJob.ASSET_FOLDER));
    console.printf(
        Locale.ROOT,
        "  and %,d portfolio vectors (correlations, betas; %,d warm) to %s%n",
        portfolioRecords.size(),
        portfolioRecords.stream().filter(FeatureVector::getWarm).count(),
        out.resolve(FeatureExportJob.PORTFOLIO_FOLDER));
    console.printf(
        Locale.ROOT,
        "  quarantined bars %,d (in %s), unreadable input lines %,d%n",
        quarantined,
        out.resolve(FeatureExportJob.QUARANTINE_FOLDER),
        badInput.size());
    badInput.stream().limit(5).forEach(b -> console.println("    " + b));
    console.printf(
        Locale.ROOT,
        "  manifest %s, content SHA-256 in it; %.1f s%n",
        out.resolve(MANIFEST),
        (System.nanoTime() - startNanos) / 1e9);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
