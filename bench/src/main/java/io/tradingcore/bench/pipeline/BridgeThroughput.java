package io.tradingcore.bench.pipeline;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.Order;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.replay.SyntheticOrders;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.IOException;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * Orders per second through the broker bridge and the latency of one order, on a real Kafka broker
 * with the paper broker.
 *
 * <p>The paper broker first gets a trading day of bars for {@code --symbols} symbols (through the
 * bridge, which then stops), so every order fills within its own submit: ACCEPTED and FILLED per
 * order, as a bridge with market data has them. Then:
 *
 * <ol>
 *   <li><b>Drain</b>: {@code --orders} orders are put on {@code orders.v1} first, in transactions
 *       of {@code --batch} as the trading job's exactly-once sink writes them; the bridge starts
 *       and works them off, a transaction per poll. Throughput is the orders divided by the time
 *       from the bridge's start to the last ACCEPTED report visible read-committed.
 *   <li><b>Paced</b>: with the bridge caught up, {@code --rate} orders a second for {@code
 *       --seconds}, each sent at once (as the idempotent sink does). An order's latency runs from
 *       its record's create time on {@code orders.v1} to its ACCEPTED report being received by a
 *       read-committed consumer of {@code fills.v1}.
 * </ol>
 */
@Command(
    name = "bridge-throughput",
    mixinStandardHelpOptions = true,
    description = "Orders/s through the broker bridge and per-order latency.")
public final class BridgeThroughput implements Callable<Integer> {
  private static final String PORTFOLIO = "bench";

  @Option(names = "--orders", defaultValue = "20000", description = "Orders in the drain.")
  int orders;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "Orders per transaction when filling orders.v1 for the drain.")
  int batch;

  @Option(names = "--rate", defaultValue = "500", description = "Paced orders per second.")
  int rate;

  @Option(names = "--seconds", defaultValue = "20", description = "Paced seconds.")
  int seconds;

  @Option(names = "--symbols", defaultValue = "20", description = "Distinct symbols.")
  int symbols;

  /** Create time of each order record, by client order id. */
  private final Map<String, Long> created = new ConcurrentHashMap<>();

  /** Append-to-visible latency of each ACCEPTED report received, by client order id. */
  private final Map<String, Long> latencies = new ConcurrentHashMap<>();

  private final AtomicLong lastAcceptedMillis = new AtomicLong();
  private volatile boolean reading = true;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("trading-core-bridge-bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Ports.pickFree(), Ports.pickFree(), dir);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start("localhost", Ports.pickFree())) {
      KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
      String bootstrap = kafka.bootstrapServers();
      RegistryClient client = new RegistryClient(registry.url());
      BridgeConfig config =
          new BridgeConfig(
              bootstrap,
              RegistrySettings.of(registry.url(), true),
              "bench-bridge",
              Duration.ofMillis(100),
              null,
              null,
              BridgeConfig.DEFAULT_RECONCILE_INTERVAL,
              BridgeConfig.Feed.BARS);
      System.out.printf(
          Locale.ROOT,
          "Machine: %d cores, Java %s, load average %s at the start; %d symbols, paper broker%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          loadAverage(),
          symbols);
      List<Bar> bars = bars();
      PaperBroker broker = new PaperBroker(new BigDecimal("1000000000000"));
      feedMarket(bootstrap, client, config, broker, bars);

      Thread reader = new Thread(() -> readReports(bootstrap, client), "fills-reader");
      reader.setDaemon(true);
      reader.start();
      List<Order> all =
          SyntheticOrders.onBars(PORTFOLIO, bars, orders + rate * seconds, 1, "bench");
      List<Order> drain = all.subList(0, orders);
      AvroCodec<io.tradingcore.schemas.avro.Order> codec =
          AvroCodec.forTopic(Topic.ORDERS, client, true);
      fillOrders(bootstrap, codec, drain);
      try (BrokerBridge bridge = new BrokerBridge(config, broker)) {
        long start = System.currentTimeMillis();
        daemon("bridge", bridge);
        if (!Deadline.await(() -> latencies.size() >= orders, Duration.ofMinutes(10))) {
          throw new IllegalStateException(
              "the bridge made " + latencies.size() + " of " + orders + " orders visible");
        }
        double drainSeconds = (lastAcceptedMillis.get() - start) / 1e3;
        long transactions = bridge.stats().transactions();
        System.out.printf(
            Locale.ROOT,
            "drain   %,7d orders in %6.2f s = %,8.0f orders/s (%,d reports, %,d transactions,"
                + " %.0f orders per transaction)%n",
            orders,
            drainSeconds,
            orders / drainSeconds,
            bridge.stats().reportsPublished(),
            transactions,
            orders / (double) transactions);
        print("drain (queued)", drain);

        List<Order> paced = all.subList(orders, all.size());
        sendPaced(bootstrap, codec, paced);
        if (!Deadline.await(
            () -> latencies.size() >= all.size(), Duration.ofSeconds(seconds + 60L))) {
          throw new IllegalStateException(
              "the bridge made " + latencies.size() + " of " + all.size() + " orders visible");
        }
        print(String.format(Locale.ROOT, "paced %d/s", rate), paced);
        long pacedTransactions = bridge.stats().transactions() - transactions;
        System.out.printf(
            Locale.ROOT,
            "paced   %,d transactions, %.1f orders per transaction: one every %.0f ms%n",
            pacedTransactions,
            paced.size() / (double) pacedTransactions,
            seconds * 1e3 / pacedTransactions);
        if (bridge.failure() != null) {
          throw new IllegalStateException("the bridge failed", bridge.failure());
        }
      } finally {
        reading = false;
      }
      System.out.printf(Locale.ROOT, "load average %s at the end%n", loadAverage());
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  /** The day's bars through a first bridge on the same group, which stops once it has them all. */
  private static void feedMarket(
      String bootstrap,
      RegistryClient registry,
      BridgeConfig config,
      PaperBroker broker,
      List<Bar> bars)
      throws Exception {
    AvroCodec<io.tradingcore.schemas.avro.Bar> codec =
        AvroCodec.forTopic(Topic.BARS, registry, true);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(bootstrap))) {
      for (Bar bar : bars) {
        producer.send(
            new ProducerRecord<>(
                Topic.BARS.topicName(),
                bar.symbol().getBytes(StandardCharsets.UTF_8),
                codec.encode(Topic.BARS.topicName(), AvroMapping.toAvro(bar, Instant.now()))));
      }
    }
    try (BrokerBridge bridge = new BrokerBridge(config, broker)) {
      daemon("bridge-market", bridge);
      if (!Deadline.await(
          () -> bridge.stats().barsReceived() >= bars.size(), Duration.ofMinutes(2))) {
        throw new IllegalStateException("the bridge did not read the bars");
      }
    }
  }

  /** Puts {@code orders} on orders.v1 in transactions of {@link #batch}. */
  private void fillOrders(
      String bootstrap, AvroCodec<io.tradingcore.schemas.avro.Order> codec, List<Order> orders) {
    Properties p = KafkaClients.producer(bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-orders");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      for (int from = 0; from < orders.size(); from += batch) {
        producer.beginTransaction();
        for (Order order : orders.subList(from, Math.min(orders.size(), from + batch))) {
          send(producer, codec, order);
        }
        producer.commitTransaction();
      }
    }
  }

  /** Sends {@code orders} one by one at {@link #rate} a second, each at once. */
  private void sendPaced(
      String bootstrap, AvroCodec<io.tradingcore.schemas.avro.Order> codec, List<Order> orders) {
    long nanosPerOrder = TimeUnit.SECONDS.toNanos(1) / rate;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(bootstrap))) {
      long next = System.nanoTime();
      for (Order order : orders) {
        send(producer, codec, order);
        next += nanosPerOrder;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer,
      AvroCodec<io.tradingcore.schemas.avro.Order> codec,
      Order order) {
    long now = System.currentTimeMillis();
    created.put(order.clientOrderId(), now);
    producer.send(
        new ProducerRecord<>(
            Topic.ORDERS.topicName(),
            null,
            now,
            PORTFOLIO.getBytes(StandardCharsets.UTF_8),
            codec.encode(Topic.ORDERS.topicName(), AvroMapping.toAvro(order))));
  }

  /** Receives fills.v1 read committed, keeping each ACCEPTED report's latency. */
  private void readReports(String bootstrap, RegistryClient registry) {
    AvroCodec<ExecutionReport> codec = AvroCodec.forTopic(Topic.FILLS, registry, true);
    Properties props = KafkaClients.consumer(bootstrap);
    props.put(
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
        Integer.getInteger("bench.readerFetchWaitMs", 500));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topic.FILLS.topicName())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      while (reading) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
          long received = System.currentTimeMillis();
          ExecutionReport report = codec.decode(record.value());
          if (report.getStatus() == ExecutionStatus.ACCEPTED) {
            String id = report.getClientOrderId().toString();
            latencies.put(id, received - created.get(id));
            lastAcceptedMillis.accumulateAndGet(received, Math::max);
          }
        }
      }
    }
  }

  private void print(String what, List<Order> orders) {
    long[] sorted =
        orders.stream().mapToLong(o -> latencies.get(o.clientOrderId())).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-15s %,7d orders  append to ACCEPTED visible: p50 %,6d ms  p99 %,6d ms  max %,6d ms"
            + "  mean %,8.1f ms%n",
        what,
        sorted.length,
        Latencies.percentile(sorted, 0.50),
        Latencies.percentile(sorted, 0.99),
        sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(Double.NaN));
  }

  private List<Bar> bars() {
    return SyntheticBarSource.allBars(
        SyntheticBarSource.Config.of(BenchStack.symbols(symbols)).withSeed(42).withTradingDays(1));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
