package io.tradingcore.bench.pipeline;

import io.tradingcore.backtest.BacktestJob;
import io.tradingcore.backtest.BacktestRecord;
import io.tradingcore.backtest.BacktestRunner;
import io.tradingcore.backtest.BreakerPasses;
import io.tradingcore.backtest.ExtraRun;
import io.tradingcore.backtest.ResumeHalts;
import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.StrategyOptions;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.replay.BitstampTickSource;
import io.tradingcore.replay.BitstampTradesSource;
import io.tradingcore.replay.MarketDataOptions;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.avro.TickKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Backtest throughput through the real job graph: {@link BacktestJob} (quality gate, features,
 * alignment, strategy, CEP market breakers, and the risk gate, paper fill model and book in one
 * keyed operator) over a synthetic history on an embedded Flink configured as {@link
 * BacktestRunner#environment} configures it, with a discarding sink instead of the runner's files
 * and report.
 *
 * <p>Sustained rate = the traded symbols' bars (each one is a book mark) divided by the time
 * between the first and the last record the job produced, so the job's start-up and shutdown are
 * left out; the job's own net run time and the rate over it are printed beside it. Generating the
 * history and Flink's serialising it into the source are timed apart and not counted.
 */
@Command(
    name = "backtest-throughput",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Traded bars per second the backtest's job graph sustains on an embedded Flink.")
public final class BacktestThroughput implements Callable<Integer> {

  @Option(
      names = "--days",
      defaultValue = "252",
      description = "Trading days of synthetic one-minute bars (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start",
      defaultValue = "2019-01-02",
      description = "First day of the history (default: ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(
      names = "--ticks",
      defaultValue = "0",
      description =
          "Instead of bars: this many synthetic Bitstamp-like BTCUSD trades (a seeded random walk,"
              + " about 20 a second of market time), aggregated into bars by the job, with the"
              + " Bitstamp defaults (lot 0.0001, round the clock, its own benchmark); use"
              + " --strategy momentum (default: ${DEFAULT-VALUE}: bars).")
  int ticks;

  @Option(
      names = "--runs",
      defaultValue = "2",
      description =
          "Runs in one JVM; the first one also loads and compiles the code (default:"
              + " ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism.")
  int parallelism;

  @Option(
      names = "--network-buffer",
      defaultValue = "32kb",
      description =
          "Flink network buffer (memory segment) size, Flink's default as the backtest uses it"
              + " (default: ${DEFAULT-VALUE}).")
  String networkBuffer;

  @Option(
      names = "--buffer-timeout-ms",
      description =
          "Flink's network buffer timeout in ms (the backtest's: 1; Flink's default: 100; 0 flushes"
              + " every record).")
  Long bufferTimeoutMs;

  @Option(
      names = "--checks",
      split = ",",
      paramLabel = "RUN",
      description =
          "Extra runs in the same job, as the backtest command's --checks (look-ahead, baseline);"
              + " none by default: the rate is the primary run's alone.")
  List<String> checks = List.of();

  @Spec CommandSpec spec;

  @Mixin TradingOptions trading = new TradingOptions();

  @Mixin StrategyOptions strategy = new StrategyOptions();

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new BacktestThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (ticks > 0) {
      MarketDataOptions.applyBitstampDefaults(spec.commandLine(), trading, "--ticks");
    }
    TradingJobConfig config = strategy.applyTo(trading.toConfig());
    MemorySize buffer = MemorySize.parse(networkBuffer);
    Set<ExtraRun> extraRuns = ExtraRun.needed(ExtraRun.parse(checks), config);
    long generateStart = System.nanoTime();
    List<Bar> bars = ticks > 0 ? List.of() : history();
    List<Tick> trades = ticks > 0 ? trades() : List.of();
    double generateSeconds = (System.nanoTime() - generateStart) / 1e9;
    long traded = bars.stream().filter(b -> trading.symbols().contains(b.symbol())).count();
    System.out.printf(
        Locale.ROOT,
        "Machine: %d cores, Java %s, max heap %d MiB. Backtest of %s (benchmark %s): %s"
            + " (generated in %.1f s); strategy %s; extra runs %s; parallelism %d; network"
            + " buffers %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        String.join(",", trading.symbols()),
        config.crossAsset().benchmark(),
        ticks > 0
            ? String.format(Locale.ROOT, "%,d synthetic trades", trades.size())
            : String.format(
                Locale.ROOT,
                "%d synthetic days from %s, %,d bars, %,d of them traded",
                days,
                start,
                bars.size(),
                traded),
        generateSeconds,
        config.strategy().isPolicy()
            ? "policy " + config.strategy().model().modelName()
            : "momentum",
        extraRuns,
        parallelism,
        buffer);
    PaperFillModel fills =
        new PaperFillModel(
            CostModel.DEFAULT, PaperFillModel.DEFAULT_PARTICIPATION, config.sessions());
    for (int run = 1; run <= runs; run++) {
      StreamExecutionEnvironment env = BacktestRunner.environment(parallelism, buffer);
      if (bufferTimeoutMs != null) {
        env.setBufferTimeout(bufferTimeoutMs);
      }
      long buildStart = System.nanoTime();
      // One pass with the portfolio breakers watching, as a backtest's first (or only) pass runs.
      BacktestJob job =
          new BacktestJob(
              config,
              fills,
              extraRuns,
              new BreakerPasses(ResumeHalts.NEVER, config.portfolios(), config.sessions()));
      (ticks > 0
              ? job.build(env, graph -> graph.fromTicks(graph.boundedTicks(env, trades, "trades")))
              : job.build(env, MarketDataGraph.boundedHistory(env, bars, "history")))
          .map(new Measure())
          .returns(BacktestRecord.class)
          .name("measure")
          .sinkTo(new DiscardingSink<>())
          .name("discard");
      double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
      JobExecutionResult result = env.execute("bench-backtest");
      long marks = result.<Long>getAccumulatorResult(Measure.MARKS);
      long orders = result.<Long>getAccumulatorResult(Measure.ORDERS);
      long records = result.<Long>getAccumulatorResult(Measure.RECORDS);
      long first = result.<Long>getAccumulatorResult(Measure.FIRST);
      long last = result.<Long>getAccumulatorResult(Measure.LAST);
      double sustainedSeconds = (last - first) / 1e9;
      double netSeconds = result.getNetRuntime() / 1e3;
      System.out.printf(
          Locale.ROOT,
          "run %d: %,d book marks (traded bars), %,d orders, %,d records (all runs); graph built in"
              + " %.1f s; job %.1f s → %,.0f traded bars/s%s; between the first and the last"
              + " record %.1f s → sustained %,.0f traded bars/s%n",
          run,
          marks,
          orders,
          records,
          buildSeconds,
          netSeconds,
          marks / netSeconds,
          bars.isEmpty()
              ? ""
              : String.format(
                  Locale.ROOT, " (%,.0f bars/s of all symbols)", bars.size() / netSeconds),
          sustainedSeconds,
          marks / sustainedSeconds);
      if (ticks > 0) {
        System.out.printf(
            Locale.ROOT,
            "  %,d trades: %,.0f trades/s over the job, %,.0f trades/s sustained%n",
            trades.size(),
            trades.size() / netSeconds,
            trades.size() / sustainedSeconds);
      }
    }
    return 0;
  }

  /** Exactly the traded days from {@link #start}, every symbol the job reads. */
  private List<Bar> history() throws Exception {
    List<Bar> bars = new ArrayList<>();
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(trading.marketSymbols())
                .withSeed(42)
                .withStartDate(start)
                .withTradingDays(days))) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        bars.add(bar.get());
      }
    }
    return bars;
  }

  /**
   * A seeded random walk of BTCUSD trades from $8,000.00 in steps of up to $3, 10 to 90 ms apart
   * (about 20 a second), sizes 0.0001 to 0.5, from {@link #start} at midnight UTC.
   */
  private List<Tick> trades() {
    SplittableRandom random = new SplittableRandom(42);
    List<Tick> out = new ArrayList<>(ticks);
    long cents = 800_000;
    long time = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    for (int i = 0; i < ticks; i++) {
      time += random.nextInt(10, 90);
      cents = Math.max(100_000, cents + random.nextInt(-300, 301));
      out.add(
          new Tick(
              BitstampTradesSource.SYMBOL,
              TickKind.TRADE,
              time,
              BigDecimal.valueOf(cents, 2),
              BigDecimal.valueOf(random.nextInt(1, 5_001), 4),
              null,
              null,
              null,
              null,
              null,
              BitstampTickSource.VENUE,
              null));
    }
    return out;
  }

  /**
   * Counts the primary run's marks and orders and every record, and notes when the first and the
   * last record passed.
   */
  static final class Measure extends RichMapFunction<BacktestRecord, BacktestRecord> {
    static final String MARKS = "marks";
    static final String ORDERS = "orders";
    static final String RECORDS = "records";
    static final String FIRST = "first-record-nanos";
    static final String LAST = "last-record-nanos";

    private final LongCounter marks = new LongCounter();
    private final LongCounter orders = new LongCounter();
    private final LongCounter records = new LongCounter();
    private final LongMinimum first = new LongMinimum();
    private final LongMaximum last = new LongMaximum();

    @Override
    public void open(OpenContext context) {
      getRuntimeContext().addAccumulator(MARKS, marks);
      getRuntimeContext().addAccumulator(ORDERS, orders);
      getRuntimeContext().addAccumulator(RECORDS, records);
      getRuntimeContext().addAccumulator(FIRST, first);
      getRuntimeContext().addAccumulator(LAST, last);
    }

    @Override
    public BacktestRecord map(BacktestRecord record) {
      long now = System.nanoTime();
      if (records.getLocalValuePrimitive() == 0) {
        first.add(now);
      }
      last.add(now);
      records.add(1);
      if (record.run != null) {
        return record;
      }
      if (record.kind == BacktestRecord.Kind.ORDER) {
        orders.add(1);
      } else if (record.kind == BacktestRecord.Kind.SNAPSHOT
          && record.snapshot.trigger() == SnapshotTrigger.MARK) {
        marks.add(1);
      }
      return record;
    }
  }
}
