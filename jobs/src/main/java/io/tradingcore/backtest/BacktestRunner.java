package io.tradingcore.backtest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tradingcore.backtest.report.BacktestReport;
import io.tradingcore.backtest.report.Baselines;
import io.tradingcore.backtest.report.PriceSeries;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.backtest.report.RunRecorder;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.ExecutionStatus;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
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
 */
public final class BacktestRunner {
  public static final String ORDERS = "orders.jsonl";
  public static final String REPORTS = "fills.jsonl";
  public static final String SNAPSHOTS = "portfolio.jsonl";
  public static final String RISK_EVENTS = "risk-events.jsonl";
  public static final String QUARANTINE = "quarantine.jsonl";
  public static final String MANIFEST = "backtest.json";

  /** Every file a run writes, the report's included. */
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
   */
  public record Settings(
      TradingJobConfig config,
      PaperFillModel fills,
      int parallelism,
      double barsPerYear,
      String title,
      String command) {
    public Settings {
      requireNonNull(config, "config");
      requireNonNull(fills, "fills");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
      }
    }
  }

  /** What a run produced: counts, money, and where the files are. */
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
      Path out) {

    /** Final equity over initial cash, less one. */
    public double totalReturn() {
      return finalEquity.doubleValue() / initialCash.doubleValue() - 1;
    }
  }

  /** Progress of a run, read by another thread while it works. */
  public static final class Progress {
    private final AtomicLong barsMarked = new AtomicLong();
    private final AtomicLong marketTime = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong fills = new AtomicLong();

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

  /**
   * Traded symbols' bars the book will be marked with, one per portfolio that trades the symbol:
   * the total a progress line counts towards (bars the quality gate refuses are never marked).
   */
  public long barsToMark(List<Bar> bars) {
    return BacktestFeed.of(bars).barsToMark(settings.config());
  }

  /**
   * Runs the backtest over {@code bars} (in end-time order, the benchmark's included) and writes
   * every file into {@code out}, which must exist.
   */
  public Result run(List<Bar> bars, Path out, Progress progress) throws Exception {
    return run(BacktestFeed.of(bars), out, progress);
  }

  /**
   * Runs the backtest over {@code feed} (bars, ticks or bounded Kafka sources) and writes every
   * file into {@code out}, which must exist.
   */
  public Result run(BacktestFeed feed, Path out, Progress progress) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    // No Kryo anywhere: every type has a Flink serializer (StateTypesTest, BacktestTypesTest).
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(conf);
    env.setParallelism(settings.parallelism());
    MarketDataGraph.Output market = feed.market(env, new MarketDataGraph(settings.config()));
    DataStream<BacktestRecord> records =
        new BacktestJob(settings.config(), settings.fills()).build(env, graph -> market);
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
    RunRecorder recorder =
        new RunRecorder(
                reported.name(),
                "backtest-" + strategyName(),
                reported.initialCash(),
                settings.barsPerYear())
            .description(settings.title());
    Counts counts = new Counts();
    Book lastBook = Book.open(reported.name(), reported.initialCash());
    List<String> quarantined = new ArrayList<>();
    Map<String, Boolean> working = new HashMap<>();
    try (Files4 files = new Files4(out);
        CloseableIterator<BacktestRecord> results = records.executeAndCollect(BacktestJob.NAME)) {
      while (results.hasNext()) {
        BacktestRecord record = results.next();
        switch (record.kind) {
          case ORDER -> {
            files.orders.line(record.order);
            progress.orders.incrementAndGet();
          }
          case REPORT -> {
            files.reports.line(record.report);
            counts.reports++;
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
            files.snapshots.line(record.snapshot);
            counts.snapshots++;
            if (record.snapshot.trigger() == SnapshotTrigger.MARK) {
              progress.barsMarked.incrementAndGet();
              progress.marketTime.accumulateAndGet(record.snapshot.tsEvent(), Math::max);
            }
            if (record.portfolio.equals(reported.name())) {
              recorder.accept(AvroMapping.toAvro(record.snapshot));
              lastBook = record.snapshot.book();
            }
          }
          case RISK_EVENT -> {
            files.riskEvents.line(record.event);
            counts.riskEvents++;
          }
          case QUARANTINED -> quarantined.add(JSON.writeValueAsString(record.quarantined));
          case BAR -> accepted.add(record.bar);
          default -> throw new IllegalStateException("unknown backtest record " + record.kind);
        }
      }
      // Refused bars come from the per-symbol quality gates, interleaved by thread timing:
      // sorted, the file is the same whatever the parallelism.
      quarantined.sort(null);
      for (String line : quarantined) {
        files.quarantine.raw(line);
      }
    }
    long workingAtEnd = working.values().stream().filter(w -> w).count();
    Result result =
        new Result(
            progress.barsMarked(),
            progress.orders(),
            counts.reports,
            progress.fills(),
            counts.snapshots,
            counts.riskEvents,
            quarantined.size(),
            workingAtEnd,
            reported.initialCash(),
            lastBook.equity(),
            lastBook.fees(),
            out);
    List<Bar> bars = feed.bars();
    if (bars == null) {
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
    writeReport(bars, reported, recorder, out);
    writeManifest(result, out);
    return result;
  }

  private void writeReport(List<Bar> bars, PortfolioSpec portfolio, RunRecorder recorder, Path out)
      throws IOException {
    List<Bar> traded = bars.stream().filter(b -> portfolio.symbols().contains(b.symbol())).toList();
    Baselines baselines =
        new Baselines(
            PriceSeries.of(traded),
            portfolio.initialCash(),
            settings.fills().costs(),
            portfolio.lots(),
            settings.barsPerYear());
    BacktestReport report =
        BacktestReport.builder(settings.title())
            .generatedAt(settings.command())
            .primary(recorder.toRun())
            .baseline(baselines.buyAndHold())
            .baseline(baselines.equalWeight(UsEquityCalendar.ZONE))
            .build();
    ReportFiles.write(report, out);
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
    manifest.put("orders", result.orders());
    manifest.put("executionReports", result.reports());
    manifest.put("fills", result.fills());
    manifest.put("ordersWorkingAtEnd", result.workingAtEnd());
    manifest.put("riskEvents", result.riskEvents());
    manifest.put("quarantined", result.quarantined());
    manifest.put("initialCash", result.initialCash().toPlainString());
    manifest.put("finalEquity", result.finalEquity().toPlainString());
    manifest.put("feesPaid", result.feesPaid().toPlainString());
    manifest.put("ordersSha256", sha256(out.resolve(ORDERS)));
    manifest.put("fillsSha256", sha256(out.resolve(REPORTS)));
    Files.writeString(
        out.resolve(MANIFEST),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n",
        StandardCharsets.UTF_8);
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

  private static final class Counts {
    long reports;
    long snapshots;
    long riskEvents;
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

  /** The run's JSON-lines files, open together. */
  private static final class Files4 implements AutoCloseable {
    final JsonLines orders;
    final JsonLines reports;
    final JsonLines snapshots;
    final JsonLines riskEvents;
    final JsonLines quarantine;

    Files4(Path out) throws IOException {
      orders = new JsonLines(out.resolve(ORDERS));
      reports = new JsonLines(out.resolve(REPORTS));
      snapshots = new JsonLines(out.resolve(SNAPSHOTS));
      riskEvents = new JsonLines(out.resolve(RISK_EVENTS));
      quarantine = new JsonLines(out.resolve(QUARANTINE));
    }

    @Override
    public void close() throws IOException {
      try (orders;
          reports;
          snapshots;
          riskEvents;
          quarantine) {
        // closes all five, in reverse order, even when one fails
      }
    }
  }
}
