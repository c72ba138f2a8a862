package io.tradingcore.bench.pipeline;

import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJobConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput and keyed-state size of the whole trading job (momentum, exactly-once orders) as the
 * number of symbols grows. A portfolio aligns at most {@value
 * TradingJobRun#MAX_SYMBOLS_PER_PORTFOLIO} symbols besides its benchmark, so the symbols are split
 * into portfolios of that many. Each count runs {@link PrepublishedRun} on a MiniCluster of its
 * own: sustained bars/s, then the size of a checkpoint completed after the last bar, in all and per
 * task (operator chain), divided by the symbols.
 */
@Command(
    name = "scaling",
    mixinStandardHelpOptions = true,
    description = "Bars/s and checkpointed state per symbol at several symbol counts.")
public final class SymbolScaling implements Callable<Integer> {

  @Option(
      names = "--symbols",
      split = ",",
      defaultValue = "10,100,1000,5000",
      description = "Symbol counts to run, comma-separated.")
  List<Integer> counts;

  @Option(
      names = "--bars-per-symbol",
      defaultValue = "60",
      description = "Bars per symbol (at least): enough to fill the feature windows.")
  int barsPerSymbol;

  @Option(
      names = "--min-bars",
      defaultValue = "50000",
      description = "Bars per run at least, however few the symbols.")
  int minBars;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "2000",
      description = "Checkpoint interval.")
  long checkpointMillis;

  @Option(
      names = "--tasks",
      defaultValue = "5",
      description = "Largest tasks (operator chains) to list per count.")
  int tasks;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism.")
  int parallelism;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SymbolScaling()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Machine: %s; Flink parallelism %d; momentum; exactly-once orders; checkpoints every %d ms;"
            + " %d symbols a portfolio at most%n",
        BenchStack.machine(),
        parallelism,
        checkpointMillis,
        TradingJobRun.MAX_SYMBOLS_PER_PORTFOLIO);
    StringBuilder table =
        new StringBuilder(
            "| symbols | portfolios | bars | sustained bars/s | state | state per symbol |"
                + " load before → after |\n|---|---|---|---|---|---|---|\n");
    try (BenchStack stack = BenchStack.start("trading-core-scaling")) {
      for (int count : counts) {
        List<String> names = BenchStack.symbols(count);
        TradingJobConfig config = TradingJobRun.config(names, StrategyChoice.momentum());
        int bars = Math.max(minBars, count * barsPerSymbol);
        String before = BenchStack.loadAverage();
        PrepublishedRun.Result result =
            PrepublishedRun.run(
                stack,
                config,
                names,
                bars,
                Duration.ofMillis(checkpointMillis),
                parallelism,
                Duration.ofMinutes(10));
        String after = BenchStack.loadAverage();
        CheckpointSizes.Checkpoint checkpoint = result.checkpoint();
        System.out.printf(
            Locale.ROOT,
            "%,d symbols, %d portfolios, %,d bars: %,.0f bars/s sustained (%.1f s first to last"
                + " output; %.1f s from submission); checkpoint %d: %,d bytes, %,d per symbol"
                + " (load %s → %s)%n",
            count,
            config.portfolios().size(),
            result.bars(),
            result.sustainedBarsPerSecond(),
            result.spanMillis() / 1e3,
            result.readAllMillis() / 1e3,
            checkpoint.id(),
            checkpoint.stateBytes(),
            checkpoint.stateBytes() / count,
            before,
            after);
        for (CheckpointSizes.TaskSize task :
            checkpoint.tasks().subList(0, Math.min(tasks, checkpoint.tasks().size()))) {
          System.out.printf(
              Locale.ROOT,
              "    %,12d bytes  %,9d per symbol  %s%n",
              task.stateBytes(),
              task.stateBytes() / count,
              task.name());
        }
        table.append(
            String.format(
                Locale.ROOT,
                "| %,d | %d | %,d | %,.0f | %.1f MiB | %,d B | %s → %s |%n",
                count,
                config.portfolios().size(),
                result.bars(),
                result.sustainedBarsPerSecond(),
                checkpoint.stateBytes() / 1048576.0,
                checkpoint.stateBytes() / count,
                before,
                after));
      }
    }
    System.out.print(table);
    return 0;
  }
}
