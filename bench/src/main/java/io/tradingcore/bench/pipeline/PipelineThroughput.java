package io.tradingcore.bench.pipeline;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.TickKind;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    try (BenchStack stack = BenchStack.start("trading-core-bench")) {
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
        int written =
            new BarPublisher(stack.bootstrap(), stack.registryClient(), BenchStack.symbols(symbols))
                .publishAll(bars);
        report("bars", written, System.nanoTime() - start, null);
        Result result = run(stack.bootstrap(), stack.registryUrl(), "bench-bars", true);
        report("bars through features", written, result.wallNanos, result);
      }
      if (ticks > 0) {
        long start = System.nanoTime();
        int written = publishTicks(stack.bootstrap(), stack.registryClient());
        report("ticks", written, System.nanoTime() - start, null);
        Result result = run(stack.bootstrap(), stack.registryUrl(), "bench-ticks", false);
        report("ticks through bars and features", written, result.wallNanos, result);
        System.out.printf(
            Locale.ROOT,
            "  %,d bars built from the ticks, each with its features%n",
            result.features);
      }
    }
    return 0;
  }

  /** A random walk per symbol, ten trades a second each, in time order. */
  private int publishTicks(String bootstrap, RegistryClient registry) throws Exception {
    List<String> names = BenchStack.symbols(symbols);
    AvroCodec<io.tradingcore.schemas.avro.Tick> codec =
        AvroCodec.forTopic(Topic.TICKS, registry, true);
    SplittableRandom random = new SplittableRandom(42);
    long[] cents = new long[symbols];
    java.util.Arrays.fill(cents, 10_000);
    long t0 = Instant.parse("2019-02-11T14:30:00Z").toEpochMilli();
    try (KafkaProducer<byte[], byte[]> producer = BarPublisher.bulkProducer(bootstrap)) {
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
    // Feature vectors written since the job started, and the span of their Kafka timestamps.
    try (OutputTail features = new OutputTail(bootstrap, List.of(Topic.FEATURES), startMillis)) {
      features.drain(r -> {});
      return new Result(wall, features.count(), features.spanMillis());
    }
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

  private record Result(long wallNanos, long features, long spanMillis) {}
}
