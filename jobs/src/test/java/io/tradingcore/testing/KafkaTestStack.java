package io.tradingcore.testing;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A real Kafka broker and schema registry on free ports, with every topic created and every schema
 * registered: the infrastructure half of the local stack, for integration tests.
 */
public final class KafkaTestStack implements AutoCloseable {
  private final Path dataDir;
  private EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;

  private KafkaTestStack(Path dataDir, EmbeddedKafka kafka, LocalSchemaRegistry registry) {
    this.dataDir = dataDir;
    this.kafka = kafka;
    this.registry = registry;
  }

  public static KafkaTestStack start() throws IOException {
    return start(EmbeddedKafka.Settings.DEFAULT);
  }

  /** A stack whose broker delays a new consumer group's first rebalance, as a stock broker does. */
  public static KafkaTestStack startLikeAStockBroker() throws IOException {
    return start(EmbeddedKafka.Settings.DEFAULT.withInitialRebalanceDelay(Duration.ofSeconds(3)));
  }

  /** A stack whose broker has {@code settings}. */
  public static KafkaTestStack start(EmbeddedKafka.Settings settings) throws IOException {
    Path dataDir = Files.createTempDirectory("trading-core-it-");
    int port = Ports.pickFree();
    int controllerPort = Ports.pickFree();
    EmbeddedKafka kafka = EmbeddedKafka.start(port, controllerPort, dataDir, settings);
    KafkaSetup.awaitReachable(kafka.bootstrapServers(), Duration.ofSeconds(30));
    KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
    LocalSchemaRegistry registry = LocalSchemaRegistry.start("127.0.0.1", 0);
    RegistryClient client = new RegistryClient(registry.url());
    for (Topic topic : Topic.values()) {
      client.register(topic.valueSubject(), topic.valueSchema());
    }
    return new KafkaTestStack(dataDir, kafka, registry);
  }

  /**
   * Stops the broker and starts it again on the same port and data directory (topics, committed
   * offsets and transactions kept), waiting until it answers again.
   */
  public void restartBroker() {
    kafka = kafka.restart();
    KafkaSetup.awaitReachable(kafka.bootstrapServers(), Duration.ofSeconds(30));
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  public RegistryClient registry() {
    return new RegistryClient(registry.url());
  }

  public TopicReader reader() {
    return new TopicReader(bootstrapServers(), registry());
  }

  /**
   * Writes {@code values} to {@code topic} in the registry wire format, each under its key, and
   * waits for every write (not in a transaction: visible at once).
   */
  public <T extends SpecificRecord> void publish(
      Topic topic, List<T> values, Function<T, String> key) throws Exception {
    publish(bootstrapServers(), registry(), topic, values, key);
  }

  /** {@link #publish(Topic, List, Function)} on any Kafka and registry. */
  public static <T extends SpecificRecord> void publish(
      String bootstrapServers,
      RegistryClient registry,
      Topic topic,
      List<T> values,
      Function<T, String> key)
      throws Exception {
    AvroCodec<T> codec = AvroCodec.forTopic(topic, registry, false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(bootstrapServers))) {
      for (T value : values) {
        producer
            .send(
                new ProducerRecord<>(
                    topic.topicName(),
                    key.apply(value).getBytes(StandardCharsets.UTF_8),
                    codec.encode(topic.topicName(), value)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws IOException {
    registry.close();
    kafka.close();
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
