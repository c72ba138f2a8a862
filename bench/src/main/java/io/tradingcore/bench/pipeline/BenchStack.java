package io.tradingcore.bench.pipeline;

import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What every harness through real Kafka runs on: an embedded KRaft broker with the project's topics
 * and the schema registry, in this JVM, over a temporary directory deleted on close.
 */
final class BenchStack implements AutoCloseable {
  private final Path dir;
  private final EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;

  private BenchStack(Path dir, EmbeddedKafka kafka, LocalSchemaRegistry registry) {
    this.dir = dir;
    this.kafka = kafka;
    this.registry = registry;
  }

  static BenchStack start(String name) throws Exception {
    Path dir = Files.createTempDirectory(name);
    EmbeddedKafka kafka = EmbeddedKafka.start(Ports.pickFree(), Ports.pickFree(), dir);
    LocalSchemaRegistry registry;
    try {
      registry = LocalSchemaRegistry.start("localhost", Ports.pickFree());
      KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    return new BenchStack(dir, kafka, registry);
  }

  /** The temporary directory the broker's logs (and anything else of the run) live under. */
  Path directory() {
    return dir;
  }

  String bootstrap() {
    return kafka.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  RegistryClient registryClient() {
    return new RegistryClient(registry.url());
  }

  /** {@code SYM000}, {@code SYM001}, …: synthetic symbols that sort in publishing order. */
  static List<String> symbols(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(String.format(Locale.ROOT, "SYM%03d", i));
    }
    return names;
  }

  /** The machine's one-, five- and fifteen-minute load averages, as {@code /proc/loadavg} says. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, Java %s, max heap %d MiB",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
  }

  @Override
  public void close() throws Exception {
    try (EmbeddedKafka k = kafka;
        LocalSchemaRegistry r = registry) {
      // closes both
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
