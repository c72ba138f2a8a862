package io.tradingcore.bench.pipeline;

import io.tradingcore.jobs.ModelReleases;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.policy.PolicyModel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The live path of issue 7: the whole trading job through a real Kafka broker with exactly-once
 * orders.
 *
 * <ol>
 *   <li><b>throughput</b>: {@code --bars} bars published first, then read by the job as fast as it
 *       can ({@link PrepublishedRun}: bars ÷ first to last output record, start-up left out);
 *   <li><b>latency</b>: bars published at a steady {@code --rate} with the paper broker bridge
 *       filling orders ({@link PacedRun}); per order, bar → visible = the moment a read-committed
 *       consumer received the order − the create time of the last bar of the order's decision time
 *       (the bar that completed the decision), and sink → visible = received − the order record's
 *       create time; the same bar → visible for the portfolio feature vectors the strategy decides
 *       on.
 * </ol>
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = "Bars/s and bar-to-order latency of the whole job through Kafka, exactly once.")
public final class LiveBench implements Callable<Integer> {

  @Option(
      names = "--bars",
      defaultValue = "100000",
      description = "Bars to publish first for the throughput phase.")
  int bars;

  @Option(
      names = "--symbols",
      defaultValue = "20",
      description = "Distinct symbols (momentum; the policy trades its model's symbols).")
  int symbols;

  @Option(
      names = "--strategy",
      defaultValue = "momentum",
      description = "momentum (the baseline) or policy (the bundled PPO-LSTM model).")
  String strategy;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "1000",
      description = "Checkpoint interval: what exactly-once orders wait for.")
  long checkpointMillis;

  @Option(names = "--rate", defaultValue = "200", description = "Paced phase: bars per second.")
  int rate;

  @Option(names = "--seconds", defaultValue = "30", description = "Paced phase: measured seconds.")
  int seconds;

  @Option(
      names = "--warm-up",
      defaultValue = "10",
      description = "Paced phase: seconds left out at the start.")
  int warmUp;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism.")
  int parallelism;

  @Option(names = "--phase", defaultValue = "both", description = "throughput, latency or both.")
  String phase;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LiveBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> names;
    StrategyChoice choice;
    if (strategy.equals("policy")) {
      ModelReleases.Loaded model = ModelReleases.bundled();
      names = model.contract().symbols();
      choice = StrategyChoice.policy(model, PolicyModel.Settings.DEFAULT);
    } else if (strategy.equals("momentum")) {
      names = BenchStack.symbols(symbols);
      choice = StrategyChoice.momentum();
    } else {
      throw new IllegalArgumentException("--strategy must be momentum or policy, not " + strategy);
    }
    TradingJobConfig config = TradingJobRun.config(names, choice);
    Duration checkpoints = Duration.ofMillis(checkpointMillis);
    System.out.printf(
        Locale.ROOT,
        "Machine: %s; Flink parallelism %d; strategy %s; %d symbols in %d portfolio(s); exactly-once"
            + " orders; checkpoints every %d ms%n",
        BenchStack.machine(),
        parallelism,
        strategy,
        names.size(),
        config.portfolios().size(),
        checkpointMillis);
    try (BenchStack stack = BenchStack.start("trading-core-live")) {
      if (!phase.equals("latency")) {
        String before = BenchStack.loadAverage();
        PrepublishedRun.Result result =
            PrepublishedRun.run(
                stack, config, names, bars, checkpoints, parallelism, Duration.ofMinutes(10));
        System.out.printf(
            Locale.ROOT,
            "Throughput (load average %s before, %s after): published %,d bars in %.1f s (%,.0f/s);"
                + " job submitted to last bar's features %.1f s (%,.0f bars/s incl. start-up);"
                + " first to last output %.1f s: %,.0f bars/s sustained; %,d output records%n",
            before,
            BenchStack.loadAverage(),
            result.bars(),
            result.publishNanos() / 1e9,
            result.bars() / (result.publishNanos() / 1e9),
            result.readAllMillis() / 1e3,
            result.bars() / (result.readAllMillis() / 1e3),
            result.spanMillis() / 1e3,
            result.sustainedBarsPerSecond(),
            result.outputs());
        System.out.printf(
            Locale.ROOT,
            "  state after all bars: checkpoint %d, %,d bytes (%,d bytes per symbol)%n",
            result.checkpoint().id(),
            result.checkpoint().stateBytes(),
            result.checkpoint().stateBytes() / names.size());
      }
      if (!phase.equals("throughput")) {
        String before = BenchStack.loadAverage();
        PacedRun.Result paced =
            PacedRun.run(
                stack,
                config,
                names,
                OrderDelivery.EXACTLY_ONCE,
                rate,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(seconds),
                checkpoints,
                parallelism);
        System.out.printf(
            Locale.ROOT,
            "Latency at %,d bars/s (load average %s before, %s after), %d s measured after %d s:%n",
            rate,
            before,
            BenchStack.loadAverage(),
            seconds,
            warmUp);
        System.out.println(
            "  "
                + Latencies.of(paced.barToVisible(paced.orders())).format("bar → order", "orders"));
        System.out.println(
            "  "
                + Latencies.of(paced.sinkToVisible(paced.orders()))
                    .format("sink → order", "orders"));
        System.out.println(
            "  "
                + Latencies.of(paced.barToVisible(paced.observations()))
                    .format("bar → obs.", "vectors"));
      }
    }
    return 0;
  }
}
