package io.tradingcore.testing;

import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

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

  @Override
  public void close() throws IOException {
    registry.close();
    kafka.close();
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
