package io.tradingcore.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.Order;
import io.tradingcore.jobs.ControlMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The kill switch through real Kafka: the {@code control} command line signs and publishes, the
 * broker bridge verifies and cancels the portfolio's working orders at the paper broker; an
 * unsigned KILL cancels nothing; and no key reaches a log line or the console on the way.
 */
@Tag("slow")
class ControlKillITCase {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static KafkaTestStack stack;

  @TempDir Path dir;

  @BeforeAll
  static void startKafka() throws Exception {
    stack = KafkaTestStack.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    stack.close();
  }

  @Test
  void aSignedKillCancelsTheWorkingOrdersOfItsPortfolio() throws Exception {
    Path keyFile = dir.resolve("control.keys");
    ControlKeys.generate(keyFile, "ops-1");
    String portfolio = uniquePortfolio();
    String bystander = uniquePortfolio();
    try (BrokerBridge bridge = startBridge(keyFile)) {
      Order order = publishOrder(portfolio);
      Order other = publishOrder(bystander);
      awaitReports(bridge, 2);

      Cli sent = cli("kill", "--portfolio", portfolio, "--reason", "drill", "--key-file", keyFile);

      assertThat(sent.exit).as(sent.err).isZero();
      assertThat(sent.out)
          .matches(
              "Sent KILL for portfolio "
                  + portfolio
                  + " as command [0-9a-f-]{36} to control.v1 \\(partition 0, offset \\d+\\),"
                  + " signed with key ops-1 by "
                  + System.getProperty("user.name")
                  + "\n");
      assertThat(Deadline.await(() -> bridge.stats().kills() == 1, WAIT)).as("KILL").isTrue();
      assertThat(Deadline.await(() -> bridge.stats().reportsPublished() == 3, WAIT)).isTrue();
      // Published is not yet readable: the report becomes visible to a reader a moment later.
      assertThat(Deadline.await(() -> reportsFor(order).size() == 2, WAIT))
          .as("the cancel report is on fills.v1")
          .isTrue();
      assertThat(reportsFor(order))
          .extracting(ExecutionReport::getStatus)
          .containsExactly(ExecutionStatus.ACCEPTED, ExecutionStatus.CANCELED);
      assertThat(reportsFor(order).get(1).getText()).isEqualTo("kill switch");
      assertThat(reportsFor(other))
          .extracting(ExecutionReport::getStatus)
          .as("another portfolio's order keeps working")
          .containsExactly(ExecutionStatus.ACCEPTED);
    }
  }

  @Test
  void anUnsignedKillCancelsNothing() throws Exception {
    Path keyFile = dir.resolve("control.keys");
    ControlKeys keys = ControlKeys.generate(keyFile, "ops-1");
    String portfolio = uniquePortfolio();
    try (BrokerBridge bridge = startBridge(keyFile)) {
      Order order = publishOrder(portfolio);
      awaitReports(bridge, 1);

      KafkaEndpoints.publishControl(
          stack.bootstrapServers(),
          registry(),
          kill(portfolio).setOperator("mallory").setReason("unsigned").build(),
          WAIT);
      assertThat(Deadline.await(() -> bridge.stats().controlCommandsRefused() == 1, WAIT)).isTrue();
      // A signed KILL after it: had the unsigned one canceled the order, this one would find
      // nothing working.
      KafkaEndpoints.publishControl(
          stack.bootstrapServers(),
          registry(),
          ControlSignature.sign(kill(portfolio).build(), "ops-1", keys),
          WAIT);
      assertThat(Deadline.await(() -> bridge.stats().kills() == 1, WAIT)).isTrue();
      assertThat(Deadline.await(() -> reportsFor(order).size() == 2, WAIT))
          .as("the signed KILL's cancel report is on fills.v1")
          .isTrue();

      assertThat(reportsFor(order))
          .extracting(ExecutionReport::getStatus)
          .containsExactly(ExecutionStatus.ACCEPTED, ExecutionStatus.CANCELED);
      assertThat(bridge.stats().controlCommandsRefused()).isEqualTo(1);
    }
  }

  @Test
  void noKeyReachesTheLogsOrTheConsole() throws Exception {
    Path keyFile = dir.resolve("control.keys");
    StringBuilder console = new StringBuilder();
    // INFO and above: what bin/trading-core and a cluster's log configuration write.
    try (LogCapture log = LogCapture.atLeast(Level.INFO)) {
      Cli keygen = cli("keygen", "--key-file", keyFile);
      console.append(keygen.out).append(keygen.err);
      // Readable by others: the warning names the file, not the key.
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
      String portfolio = uniquePortfolio();
      try (BrokerBridge bridge = startBridge(keyFile)) {
        publishOrder(portfolio);
        awaitReports(bridge, 1);
        Cli kill =
            cli("kill", "--portfolio", portfolio, "--reason", "drill", "--key-file", keyFile);
        console.append(kill.out).append(kill.err);
        Cli refused =
            cli(
                "set-limit",
                "--limit",
                "reject_window",
                "--value",
                "2m",
                "--reason",
                "no",
                "--key-file",
                keyFile);
        console.append(refused.out).append(refused.err);
        Control forged =
            kill(portfolio)
                .setOperator("mallory")
                .setKeyId("ops-1")
                .setSignature(ByteBuffer.wrap(new byte[32]))
                .build();
        KafkaEndpoints.publishControl(stack.bootstrapServers(), registry(), forged, WAIT);
        assertThat(Deadline.await(() -> bridge.stats().kills() == 1, WAIT)).isTrue();
        assertThat(Deadline.await(() -> bridge.stats().controlCommandsRefused() == 1, WAIT))
            .isTrue();
      }

      String secretBase64 = secretOf(keyFile);
      byte[] secret = Base64.getDecoder().decode(secretBase64);
      String hex = HexFormat.of().formatHex(secret);
      assertThat(log.text())
          .as("the log lines are really captured")
          .contains("KILL")
          .contains("is readable by group or others")
          .contains("Refused control command");
      for (String text : List.of(log.text(), console.toString())) {
        assertThat(text)
            .doesNotContain(secretBase64)
            .doesNotContain(secretBase64.substring(0, 16))
            .doesNotContain(hex)
            .doesNotContain(hex.toUpperCase(Locale.ROOT))
            .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
      }
    }
  }

  private static BrokerBridge startBridge(Path keyFile) {
    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(stack.bootstrapServers(), registry())
                .forRun("control-it-" + RUNS.incrementAndGet(), System.currentTimeMillis())
                .withControlKeys(keyFile),
            new PaperBroker(new BigDecimal("100000")));
    Thread worker = new Thread(bridge, "broker-bridge");
    worker.setDaemon(true);
    worker.start();
    assertThat(Deadline.await(bridge::isListeningForControl, WAIT))
        .as("bridge listening on control.v1")
        .isTrue();
    return bridge;
  }

  /** A buy that stays working: no bar is ever published for its symbol. */
  private static Order publishOrder(String portfolio) throws Exception {
    Order order =
        new Order(
            UUID.randomUUID().toString(),
            portfolio,
            1,
            "AAPL",
            Side.BUY,
            BigDecimal.TEN,
            OrderType.MARKET,
            null,
            TimeInForce.DAY,
            new BigDecimal("100"),
            Instant.parse("2026-01-02T15:00:00Z").toEpochMilli(),
            "test",
            "test order");
    AvroCodec<io.tradingcore.schemas.avro.Order> codec =
        AvroCodec.forTopic(Topic.ORDERS, stack.registry(), false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(stack.bootstrapServers()))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topic.ORDERS.topicName(),
                  portfolio.getBytes(StandardCharsets.UTF_8),
                  codec.encode(Topic.ORDERS.topicName(), AvroMapping.toAvro(order))))
          .get(30, TimeUnit.SECONDS);
    }
    return order;
  }

  private static void awaitReports(BrokerBridge bridge, int reports) {
    assertThat(Deadline.await(() -> bridge.stats().reportsPublished() == reports, WAIT))
        .as("orders accepted")
        .isTrue();
  }

  private static List<ExecutionReport> reportsFor(Order order) {
    List<ExecutionReport> reports = stack.reader().readAll(Topic.FILLS);
    return reports.stream()
        .filter(r -> r.getClientOrderId().equals(order.clientOrderId()))
        .toList();
  }

  private static Control.Builder kill(String portfolio) {
    return Control.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setPortfolio(portfolio)
        .setCommand(ControlCommand.KILL)
        .setOperator("ops")
        .setReason("test")
        .setIssuedAt(Instant.now());
  }

  private static String uniquePortfolio() {
    return "p" + RUNS.incrementAndGet() + "-" + System.nanoTime();
  }

  private static RegistrySettings registry() {
    return RegistrySettings.of(stack.registryUrl(), false);
  }

  private static String secretOf(Path keyFile) throws Exception {
    return Files.readAllLines(keyFile).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .findFirst()
        .orElseThrow()
        .split(" ")[1];
  }

  /** The command line as an operator runs it, against the test's Kafka and registry. */
  private static Cli cli(Object... args) {
    List<String> strings = new ArrayList<>();
    Arrays.stream(args).map(Object::toString).forEach(strings::add);
    if (!strings.get(0).equals("keygen")) {
      strings.addAll(
          List.of(
              "--bootstrap-servers",
              stack.bootstrapServers(),
              "--registry-url",
              stack.registryUrl()));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ControlMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(strings.toArray(String[]::new));
    return new Cli(exit, out.toString(), err.toString());
  }

  private record Cli(int exit, String out, String err) {}
}
