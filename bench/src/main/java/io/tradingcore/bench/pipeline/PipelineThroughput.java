package io.tradingcore.bench.pipeline;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.TickKind;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end throughput of the market-data graph ({@link MarketDataGraph}: decode → tick
 * aggregation → quality gate → features → {@code features.v1}) through a real Kafka broker.
 *
 * <p>The input is written to Kafka first; then a job with bounded sources (earliest to the offsets
 * at start) reads it all and finishes. Sustained throughput is the input divided by the time
 * between the first and the last feature vector Kafka received, so Flink's start-up and shutdown
 * are left out; the wall time of the whole job is printed beside it.
 */
@Command(
    name = "pipeline-throughput",
    mixinStandardHelpOptions = true,
    description = "Bars/s and ticks/s the feature pipeline sustains through real Kafka.")
public final class PipelineThroughput implements Callable<Integer> {

  @Option(names = "--bars", defaultValue = "200000", description = "Bars to publish and process.")
  int bars;

  @Option(
      names = "--ticks",
      defaultValue = "1000000",
      description = "Ticks to publish and process.")
  int ticks;

  @Option(names = "--symbols", defaultValue = "20", description = "Distinct symbols.")
  int symbols;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism.")
  int parallelism;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("trading-core-bench");
    int kafkaPort = Ports.pickFree();
    int controllerPort = Ports.pickFree();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, controllerPort, dir);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start("localhost", Ports.pickFree())) {
      KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
      RegistryClient client = new RegistryClient(registry.url());
      System.out.printf(
          Locale.ROOT,
          "Machine: %d cores, Java %s, max heap %d MiB; Flink parallelism %d; %d symbols; %d"
              + " partitions per market-data topic%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() >> 20,
          parallelism,
          symbols,
          KafkaSetup.MARKET_DATA_PARTITIONS);

      if (bars > 0) {
        long start = System.nanoTime();
        int written = publishBars(kafka.bootstrapServers(), client);
        report("bars", written, System.nanoTime() - start, null);
        Result result = run(kafka.bootstrapServers(), registry.url(), "bench-bars", true);
        report("bars through features", written, result.wallNanos, result);
      }
      if (ticks > 0) {
        long start = System.nanoTime();
        int written = publishTicks(kafka.bootstrapServers(), client);
        report("ticks", written, System.nanoTime() - start, null);
        Result result = run(kafka.bootstrapServers(), registry.url(), "bench-ticks", false);
        report("ticks through bars and features", written, result.wallNanos, result);
        System.out.printf(
            Locale.ROOT,
            "  %,d bars built from the ticks, each with its features%n",
            result.features);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private int publishBars(String bootstrap, RegistryClient registry) throws Exception {
    List<String> names = symbolNames();
    AvroCodec<io.tradingcore.schemas.avro.Bar> codec =
        AvroCodec.forTopic(Topic.BARS, registry, true);
    int written = 0;
    try (SyntheticBarSource source =
            new SyntheticBarSource(
                SyntheticBarSource.Config.of(names)
                    .withSeed(42)
                    .withStartDate(LocalDate.of(2019, 2, 11))
                    // Sessions vary in length (early closes): read until enough bars are written.
                    .unbounded());
        KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (Optional<Bar> bar = source.next();
          bar.isPresent() && written < bars;
          bar = source.next()) {
        Bar b = bar.get();
        producer.send(
            new ProducerRecord<>(
                Topic.BARS.topicName(),
                b.symbol().getBytes(StandardCharsets.UTF_8),
                codec.encode(Topic.BARS.topicName(), AvroMapping.toAvro(b, Instant.EPOCH))));
        written++;
      }
      producer.flush();
    }
    return written;
  }

  /** A random walk per symbol, ten trades a second each, in time order. */
  private int publishTicks(String bootstrap, RegistryClient registry) throws Exception {
    List<String> names = symbolNames();
    AvroCodec<io.tradingcore.schemas.avro.Tick> codec =
        AvroCodec.forTopic(Topic.TICKS, registry, true);
    SplittableRandom random = new SplittableRandom(42);
    long[] cents = new long[symbols];
    java.util.Arrays.fill(cents, 10_000);
    long t0 = Instant.parse("2019-02-11T14:30:00Z").toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int i = 0; i < ticks; i++) {
        int s = i % symbols;
        cents[s] = Math.max(100, cents[s] + random.nextInt(-2, 3));
        Tick tick =
            new Tick(
                names.get(s),
                TickKind.TRADE,
                t0 + (i / symbols) * 100L,
                BigDecimal.valueOf(cents[s], 2),
                BigDecimal.valueOf(1 + random.nextInt(100)),
                null,
                null,
                null,
                null,
                null,
                "BENCH",
                null);
        producer.send(
            new ProducerRecord<>(
                Topic.TICKS.topicName(),
                tick.symbol().getBytes(StandardCharsets.UTF_8),
                codec.encode(Topic.TICKS.topicName(), AvroMapping.toAvro(tick, Instant.EPOCH))));
      }
      producer.flush();
    }
    return ticks;
  }

  private Result run(String bootstrap, String registryUrl, String jobName, boolean fromBars)
      throws Exception {
    TradingJobConfig config = new TradingOptions().toConfig();
    KafkaEndpoints kafka =
        new KafkaEndpoints(bootstrap, RegistrySettings.of(registryUrl, true), jobName)
            .boundedToLatest();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(10));
    env.setParallelism(parallelism);
    MarketDataGraph.Output market =
        new MarketDataGraph(config)
            .fromSources(env, fromBars ? kafka.bars() : null, fromBars ? null : kafka.ticks());
    market.features().sinkTo(kafka.features()).name("features: features.v1");
    market.quarantined().sinkTo(kafka.quarantine()).name("quarantine: md.quarantine.v1");
    long startMillis = System.currentTimeMillis();
    long start = System.nanoTime();
    env.execute(jobName);
    long wall = System.nanoTime() - start;
    Span span = countFeatures(bootstrap, startMillis);
    return new Result(wall, span.count, span.lastMillis - span.firstMillis);
  }

  /**
   * Feature vectors on features.v1 written since {@code sinceMillis} and the span of their Kafka
   * timestamps (the sink's clock).
   */
  private static Span countFeatures(String bootstrap, long sinceMillis) {
    Properties props = KafkaClients.consumer(bootstrap);
    props.put("max.poll.records", "5000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topic.FEATURES.topicName())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long count = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.timestamp() < sinceMillis) {
            continue;
          }
          count++;
          first = Math.min(first, record.timestamp());
          last = Math.max(last, record.timestamp());
        }
      }
      return new Span(count, first, last);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = KafkaClients.producer(bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(props);
  }

  private List<String> symbolNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < symbols; i++) {
      names.add(String.format(Locale.ROOT, "SYM%03d", i));
    }
    return names;
  }

  private static void report(String what, long records, long nanos, Result result) {
    if (result == null) {
      System.out.printf(
          Locale.ROOT,
          "Published %,d %s in %.1f s (%,.0f/s)%n",
          records,
          what,
          nanos / 1e9,
          records / (nanos / 1e9));
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %,d in; job wall time %.1f s (%,.0f/s incl. start-up); first to last feature vector"
            + " %.1f s: %,.0f/s sustained%n",
        what,
        records,
        nanos / 1e9,
        records / (nanos / 1e9),
        result.spanMillis / 1e3,
        result.spanMillis > 0 ? records / (result.spanMillis / 1e3) : Double.NaN);
  }

  private record Span(long count, long firstMillis, long lastMillis) {}

  private record Result(long wallNanos, long features, long spanMillis) {}
}
