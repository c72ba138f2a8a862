package io.tradingcore.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker (KRaft: broker and controller in one node) running inside this JVM, for the
 * local stack and the integration tests. Single node, so every replication factor is 1; supports
 * transactions and read-committed consumers like any broker.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final Settings settings;

  private EmbeddedKafka(
      KafkaRaftServer server, int port, int controllerPort, Path dataDir, Settings settings) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.dataDir = dataDir;
    this.settings = settings;
  }

  /**
   * What may differ from one embedded broker to another.
   *
   * @param initialRebalanceDelay the broker's {@code group.initial.rebalance.delay.ms}: zero makes
   *     consumer groups start at once (local stack, tests); a stock broker waits 3 s, and tests
   *     that depend on group timing should see what production sees
   * @param transactionMaxTimeout the broker's {@code transaction.max.timeout.ms}, the longest
   *     transaction timeout a producer may ask for (15 minutes on a stock broker)
   */
  public record Settings(Duration initialRebalanceDelay, Duration transactionMaxTimeout) {
    /** Consumer groups start at once; Kafka's default transaction maximum. */
    public static final Settings DEFAULT = new Settings(Duration.ZERO, Duration.ofMinutes(15));

    public Settings {
      if (initialRebalanceDelay == null || initialRebalanceDelay.isNegative()) {
        throw new IllegalArgumentException(
            "initial rebalance delay must be zero or more, got " + initialRebalanceDelay);
      }
      if (transactionMaxTimeout == null
          || transactionMaxTimeout.isNegative()
          || transactionMaxTimeout.isZero()) {
        throw new IllegalArgumentException(
            "transaction.max.timeout.ms must be positive, got " + transactionMaxTimeout);
      }
    }

    public Settings withInitialRebalanceDelay(Duration delay) {
      return new Settings(delay, transactionMaxTimeout);
    }

    public Settings withTransactionMaxTimeout(Duration max) {
      return new Settings(initialRebalanceDelay, max);
    }
  }

  /**
   * Formats {@code dataDir} and starts a broker listening on {@code port} (clients) and {@code
   * controllerPort} (KRaft); both must be free.
   */
  public static EmbeddedKafka start(int port, int controllerPort, Path dataDir) {
    return start(port, controllerPort, dataDir, Settings.DEFAULT);
  }

  /**
   * As {@link #start(int, int, Path)}, with {@code settings}. A {@code dataDir} formatted before
   * keeps its topics, offsets and transactions: the same broker, restarted.
   */
  public static EmbeddedKafka start(int port, int controllerPort, Path dataDir, Settings settings) {
    try {
      Path logs = Files.createDirectories(dataDir.resolve("kafka-logs"));
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", logs.toString());
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "4");
      props.put(
          "group.initial.rebalance.delay.ms",
          String.valueOf(settings.initialRebalanceDelay().toMillis()));
      props.put(
          "transaction.max.timeout.ms",
          String.valueOf(settings.transactionMaxTimeout().toMillis()));
      props.put("auto.create.topics.enable", "false");
      props.put("num.partitions", "1");
      props.put("log.retention.hours", "-1");
      Path config = dataDir.resolve("kraft.properties");
      try (Writer writer = Files.newBufferedWriter(config)) {
        props.store(writer, "embedded Kafka for Trading Core");
      }
      // Only a new data directory is formatted. A formatted one is a restart, and formatting it
      // again fails even with --ignore-formatted: Kafka 3.9 first checks the new random cluster
      // id against the one on disk ("Invalid cluster.id").
      if (!Files.exists(logs.resolve("meta.properties"))) {
        ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
        int formatted =
            StorageTool.execute(
                new String[] {
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString(),
                  "--ignore-formatted"
                },
                new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
        if (formatted != 0) {
          throw new IllegalStateException(
              "Could not format Kafka storage in "
                  + logs
                  + ": "
                  + formatOutput.toString(StandardCharsets.UTF_8));
        }
      }
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, port, controllerPort, dataDir, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare Kafka data in " + dataDir, e);
    }
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Stops this broker and starts it again on the same ports and data: what a broker restart looks
   * like to its clients. Returns the new broker; this one is closed.
   */
  public EmbeddedKafka restart() {
    close();
    return start(port, controllerPort, dataDir, settings);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
