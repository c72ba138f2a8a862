package io.tradingcore.jobs;

import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.OrderSinkChecks;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
      names = "--kafka-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long Kafka may take to answer the start-up checks (default: ${DEFAULT-VALUE}).")
  Duration kafkaTimeout;

  @Option(
      names = "--auto-register-schemas",
      description = "Register this build's schemas if the registry lacks them (off in production).")
  boolean autoRegister;

  @Mixin TradingOptions trading = new TradingOptions();

  @Mixin StrategyOptions strategy = new StrategyOptions();

  @Mixin OrderSinkOptions orderSink = new OrderSinkOptions();

  @Override
  public Integer call() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    prepare(env);
    env.execute(jobName);
    return 0;
  }

  /**
   * Checks Kafka for what the order sink needs ({@link OrderSinkChecks}: the transaction timeout
   * against the brokers' maximum and, unless {@code env} restores a checkpoint or savepoint, that
   * no other job writes orders under this job name), then builds the job in {@code env}.
   *
   * @throws IllegalStateException naming every problem before anything is submitted
   */
  void prepare(StreamExecutionEnvironment env) throws Exception {
    TradingJobConfig config = strategy.applyTo(trading.toConfig());
    KafkaEndpoints kafka =
        orderSink.applyTo(
            new KafkaEndpoints(
                    bootstrapServers, RegistrySettings.of(registryUrl, autoRegister), jobName)
                .withOrderDelivery(delivery.orderDelivery()));
    boolean restoring =
        env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
    OrderSinkChecks.requireSafeToStart(
        kafka,
        restoring ? OrderSinkChecks.Start.RESTORED : OrderSinkChecks.Start.FRESH,
        kafkaTimeout);
    configure(env, checkpointInterval);
    new TradingJob(config)
        .build(
            env,
            kafka.bars(),
            kafka.ticks(),
            kafka.fills(),
            kafka.models(),
            kafka.control(),
            kafka.brokerPositions(),
            TradingJob.Sinks.kafka(kafka));
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
    int exit = CommandLines.plainErrors(new TradingJobMain()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
