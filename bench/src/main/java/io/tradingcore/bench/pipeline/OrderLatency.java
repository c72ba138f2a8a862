package io.tradingcore.bench.pipeline;

import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.kafka.OrderDelivery;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Decision-to-visible-order latency of the trading job in both order delivery modes, through a real
 * Kafka broker with the paper broker bridge closing the loop.
 *
 * <p>Bars of {@code --symbols} synthetic symbols are published at a steady {@code --rate}; the
 * momentum baseline trades them. An order's latency is the time from the moment the job's order
 * sink handed it to Kafka (the record's create time: the sink is chained to the risk gate, so this
 * is when the gate released it) to the moment a read-committed consumer received it: what the
 * bridge waits. Orders of the first {@code --warm-up} are left out.
 */
@Command(
    name = "order-latency",
    mixinStandardHelpOptions = true,
    description = "Decision-to-visible-order latency, exactly-once and idempotent.")
public final class OrderLatency implements Callable<Integer> {

  @Option(names = "--symbols", defaultValue = "20", description = "Distinct symbols.")
  int symbols;

  @Option(names = "--rate", defaultValue = "200", description = "Bars published per second.")
  int rate;

  @Option(
      names = "--seconds",
      defaultValue = "40",
      description = "Measured seconds per mode, after the warm-up.")
  int seconds;

  @Option(names = "--warm-up", defaultValue = "10", description = "Seconds left out per mode.")
  int warmUp;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "1000",
      description = "Checkpoint interval: what exactly-once orders wait for.")
  long checkpointMillis;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism.")
  int parallelism;

  @Option(
      names = "--mode",
      defaultValue = "both",
      description = "exactly-once, idempotent or both.")
  String mode;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OrderLatency()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<OrderDelivery> modes =
        mode.equals("both")
            ? List.of(OrderDelivery.EXACTLY_ONCE, OrderDelivery.IDEMPOTENT)
            : List.of(OrderDelivery.parse(mode));
    try (BenchStack stack = BenchStack.start("trading-core-latency")) {
      System.out.printf(
          Locale.ROOT,
          "Machine: %d cores, Java %s; Flink parallelism %d; %d symbols; %,d bars/s; checkpoints"
              + " every %d ms; %d s measured after %d s of warm-up per mode%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          parallelism,
          symbols,
          rate,
          checkpointMillis,
          seconds,
          warmUp);
      List<String> names = BenchStack.symbols(symbols);
      for (OrderDelivery delivery : modes) {
        PacedRun.Result result =
            PacedRun.run(
                stack,
                TradingJobRun.config(names, StrategyChoice.momentum()),
                names,
                delivery,
                rate,
                Duration.ofSeconds(warmUp),
                Duration.ofSeconds(seconds),
                Duration.ofMillis(checkpointMillis),
                parallelism);
        System.out.println(
            Latencies.of(result.sinkToVisible(result.orders()))
                .format(delivery.optionValue(), "orders"));
      }
    }
    return 0;
  }
}
