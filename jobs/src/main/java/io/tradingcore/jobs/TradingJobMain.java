package io.tradingcore.jobs;

import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Entry point of the shaded job jar: {@code flink run trading-core-jobs-*-job.jar
 * --bootstrap-servers … --registry-url …}. Talks to real Kafka and a Confluent-compatible registry;
 * everything else comes from the cluster's configuration.
 */
@Command(
    name = "trading-job",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "The Trading Core live trading job.")
public final class TradingJobMain implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(names = "--registry-url", required = true, description = "Schema registry URL.")
  String registryUrl;

  @Option(
      names = "--job-name",
      defaultValue = TradingJob.NAME,
      description =
          "Job name; also prefixes consumer groups and transactional ids (default: ${DEFAULT-VALUE}).")
  String jobName;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Checkpoint interval, e.g. 1s, 500ms or PT10S: with exactly-once order delivery, orders"
              + " become visible when a checkpoint completes (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Mixin OrderDeliveryOption delivery = new OrderDeliveryOption();

  @Option(
      names = "--auto-register-schemas",
      description = "Register this build's schemas if the registry lacks them (off in production).")
  boolean autoRegister;

  @Mixin TradingOptions trading = new TradingOptions();

  @Mixin StrategyOptions strategy = new StrategyOptions();

  @Override
  public Integer call() throws Exception {
    TradingJobConfig config = strategy.applyTo(trading.toConfig());
    KafkaEndpoints kafka =
        new KafkaEndpoints(
                bootstrapServers, RegistrySettings.of(registryUrl, autoRegister), jobName)
            .withOrderDelivery(delivery.orderDelivery());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    configure(env, checkpointInterval);
    new TradingJob(config)
        .build(
            env,
            kafka.bars(),
            kafka.ticks(),
            kafka.fills(),
            kafka.models(),
            kafka.control(),
            TradingJob.Sinks.kafka(kafka));
    env.execute(jobName);
    return 0;
  }

  /** Settings every run of the job needs, wherever it runs. */
  public static void configure(StreamExecutionEnvironment env, Duration checkpointInterval) {
    env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Configuration settings = new Configuration();
    // No Kryo anywhere: every type must have a Flink serializer that can evolve (StateTypesTest).
    settings.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(settings);
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new TradingJobMain()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
