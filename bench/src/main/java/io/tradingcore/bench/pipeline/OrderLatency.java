package io.tradingcore.bench.pipeline;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.LocalFlink;
import io.tradingcore.local.Ports;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.strategy.MomentumParameters;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
    Path dir = Files.createTempDirectory("trading-core-latency");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Ports.pickFree(), Ports.pickFree(), dir);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start("localhost", Ports.pickFree())) {
      KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
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
      for (OrderDelivery delivery : modes) {
        long[] latencies = measure(kafka.bootstrapServers(), registry.url(), delivery);
        print(delivery, latencies);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private long[] measure(String bootstrap, String registryUrl, OrderDelivery delivery)
      throws Exception {
    long start = System.currentTimeMillis();
    String name = "latency-" + delivery.optionValue() + "-" + start;
    KafkaEndpoints endpoints =
        new KafkaEndpoints(bootstrap, RegistrySettings.of(registryUrl, true), name)
            .startingFrom(start)
            .withOrderDelivery(delivery);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    TradingJobMain.configure(env, Duration.ofMillis(checkpointMillis));
    new TradingJob(config())
        .build(env, endpoints.bars(), endpoints.fills(), TradingJob.Sinks.kafka(endpoints));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    // A cluster per mode: what one run's cancellation leaves behind must not touch the next.
    LocalFlink flink = LocalFlink.start(0, parallelism);
    JobID job = flink.submit(graph);
    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(bootstrap, RegistrySettings.of(registryUrl, true))
                .forRun(name + "-bridge", start),
            new PaperBroker(new BigDecimal("10000000")));
    Thread bridgeThread = new Thread(bridge, "bridge");
    bridgeThread.setDaemon(true);
    bridgeThread.start();
    long measureFrom = start + TimeUnit.SECONDS.toMillis(warmUp);
    long end = measureFrom + TimeUnit.SECONDS.toMillis(seconds);
    List<Long> latencies = new ArrayList<>();
    Thread reader =
        new Thread(() -> readOrders(bootstrap, start, measureFrom, end, latencies), "orders");
    reader.start();
    try (bridge) {
      publishBars(bootstrap, new RegistryClient(registryUrl), end);
      reader.join(TimeUnit.SECONDS.toMillis(seconds + warmUp + 60));
    } finally {
      try (flink) {
        flink.cancel(job);
      }
    }
    synchronized (latencies) {
      return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  /** One portfolio trading every symbol, the limits wide enough that rate is the only brake. */
  private TradingJobConfig config() {
    List<String> names = symbolNames();
    RiskLimits limits =
        new RiskLimits(
                new BigDecimal("100000"), new BigDecimal("1000000"), new BigDecimal("100000"))
            .with(
                Map.of(
                    "max_correlation", "1",
                    "max_orders_per_window", "100000",
                    "max_gross_exposure", "100",
                    "max_net_exposure", "100",
                    "max_concentration", "1",
                    "var_limit", "1",
                    "max_drawdown", "0.9",
                    "daily_loss_limit", "0.9"));
    return new TradingJobConfig(
        List.of(
            new PortfolioSpec(
                "latency", names, new BigDecimal("10000000"), limits, LotSizes.WHOLE_UNITS)),
        FeatureWindows.DEFAULT,
        MomentumParameters.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /** Paced bars until {@code endMillis}, in market-time order. */
  private void publishBars(String bootstrap, RegistryClient registry, long endMillis)
      throws Exception {
    List<String> names = symbolNames();
    AvroCodec<io.tradingcore.schemas.avro.Bar> codec =
        AvroCodec.forTopic(Topic.BARS, registry, true);
    long nanosPerBar = TimeUnit.SECONDS.toNanos(1) / rate;
    try (SyntheticBarSource source =
            new SyntheticBarSource(SyntheticBarSource.Config.of(names).withSeed(42).unbounded());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(KafkaClients.producer(bootstrap))) {
      long next = System.nanoTime();
      while (System.currentTimeMillis() < endMillis) {
        Optional<Bar> bar = source.next();
        if (bar.isEmpty()) {
          break;
        }
        Bar b = bar.get();
        producer.send(
            new ProducerRecord<>(
                Topic.BARS.topicName(),
                b.symbol().getBytes(StandardCharsets.UTF_8),
                codec.encode(Topic.BARS.topicName(), AvroMapping.toAvro(b, Instant.now()))));
        next += nanosPerBar;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
  }

  /**
   * Reads orders.v1 (read committed) from {@code startMillis} until {@code endMillis} plus a
   * checkpoint's worth, keeping the latency of each order created between the two bounds.
   */
  private void readOrders(
      String bootstrap, long startMillis, long fromMillis, long endMillis, List<Long> out) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.consumer(bootstrap))) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topic.ORDERS.topicName())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer
          .offsetsForTimes(
              partitions.stream()
                  .collect(java.util.stream.Collectors.toMap(p -> p, p -> startMillis)))
          .forEach(
              (partition, offset) -> {
                if (offset == null) {
                  consumer.seekToEnd(List.of(partition));
                } else {
                  consumer.seek(partition, offset.offset());
                }
              });
      long stopAt = endMillis + 2 * checkpointMillis + 2000;
      while (System.currentTimeMillis() < stopAt) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long received = System.currentTimeMillis();
          if (record.timestamp() >= fromMillis && record.timestamp() < endMillis) {
            synchronized (out) {
              out.add(received - record.timestamp());
            }
          }
        }
      }
    }
  }

  private static void print(OrderDelivery delivery, long[] sorted) {
    if (sorted.length == 0) {
      System.out.printf(
          Locale.ROOT, "%-13s no orders in the measured window%n", delivery.optionValue());
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%-13s %,6d orders  p50 %,6d ms  p90 %,6d ms  p99 %,6d ms  max %,6d ms  mean %,8.1f ms%n",
        delivery.optionValue(),
        sorted.length,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(Double.NaN));
  }

  private List<String> symbolNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < symbols; i++) {
      names.add(String.format(Locale.ROOT, "SYM%03d", i));
    }
    return names;
  }

  /** Nearest-rank percentile of an ascending array. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
