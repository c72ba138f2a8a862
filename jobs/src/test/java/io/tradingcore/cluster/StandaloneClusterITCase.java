package io.tradingcore.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.EmbeddedKafka;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.local.Ports;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.policy.PolicyMemory;
import io.tradingcore.policy.PolicyScorerFunction;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.PositionBookFunction;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.PortfolioRiskState;
import io.tradingcore.risk.RiskGateFunction;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.ListBarSource;
import io.tradingcore.testing.PrometheusScrape;
import io.tradingcore.testing.Reports;
import io.tradingcore.testing.SavepointState;
import io.tradingcore.testing.TopicReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink cluster: a JobManager and a TaskManager JVM started
 * by {@code bin/flink-cluster} from the Maven-resolved Flink runtime (which holds neither the Kafka
 * connector nor Avro, so the jar must carry them), the job submitted by {@code bin/submit-job}
 * exactly as {@code flink run -d} does, talking to a real Kafka broker and schema registry in this
 * JVM. Replayed bars must come out as exactly-once orders.
 */
@Tag("slow")
class StandaloneClusterITCase {
  private static final String JOB_NAME = "cluster-it";
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  /** The jobs module's working directory is {@code jobs/}; the scripts live at the root. */
  private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Its own run folder, so a cluster someone started by hand in this checkout is left alone. */
  private static final Path RUN_DIR = Path.of("target", "flink-cluster-it").toAbsolutePath();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @RegisterExtension static final ClusterLogsOnFailure LOGS_ON_FAILURE = new ClusterLogsOnFailure();

  private static Path kafkaDir;
  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;
  private static RegistryClient registryClient;
  private static int restPort;
  private static int rpcPort;
  private static int[] metricsPorts;
  private static final List<String> timings = new ArrayList<>();
  private static long suiteStart;

  @BeforeAll
  static void startKafkaRegistryAndCluster() throws IOException {
    suiteStart = System.nanoTime();
    assertThat(REPO_ROOT.resolve("bin/flink-cluster"))
        .as("the test runs from the jobs module, with the scripts one level up")
        .isExecutable();
    assertThat(jobJars())
        .as("the shaded job jar in jobs/target (built by `mvn package` before `verify`)")
        .hasSize(1);

    kafkaDir = Files.createTempDirectory("cluster-it-kafka-");
    kafka = EmbeddedKafka.start(Ports.pickFree(), Ports.pickFree(), kafkaDir);
    KafkaSetup.awaitReachable(kafka.bootstrapServers(), Duration.ofSeconds(30));
    registry = LocalSchemaRegistry.start(0);
    registryClient = new RegistryClient(registry.url(), Duration.ofSeconds(10));
    KafkaSetup.createTopics(kafka.bootstrapServers(), Duration.ofSeconds(30));
    for (Topic topic : Topic.values()) {
      registryClient.register(topic.valueSubject(), topic.valueSchema());
    }

    // A cluster left behind by an earlier, killed run of this test would answer on stale ports.
    script("bin/flink-cluster", "stop");
    deleteRecursively(RUN_DIR);
    restPort = Ports.pickFree();
    rpcPort = Ports.pickFree();
    metricsPorts = new int[] {Ports.pickFree(), Ports.pickFree()};
    long t0 = System.nanoTime();
    ScriptResult start = script("bin/flink-cluster", "start");
    assertThat(start.exitCode()).as("bin/flink-cluster start:%n%s", start.output()).isZero();
    record("cluster start", t0);
  }

  @Test
  void theShadedJarOnAStandaloneClusterTurnsReplayedBarsIntoOrders() throws Exception {
    long t0 = System.nanoTime();
    String jobId =
        // The order loop is what this test follows; the bundled policy stays flat.
        submit(jobOptions(JOB_NAME, "--strategy", "momentum"));
    record("submit until running", t0);

    long replayStart = System.nanoTime();
    try (Replayer replayer =
            new Replayer(kafka.bootstrapServers(), registryClient, ReplaySpeed.MAX);
        KafkaConsumer<byte[], byte[]> consumer = orderConsumer()) {
      replayer.from(
          new SyntheticBarSource(SyntheticBarSource.Config.of(SYMBOLS).withTradingDays(1)));
      Thread replay = new Thread(replayer, "replayer");
      replay.setDaemon(true);
      replay.start();

      consumer.subscribe(List.of(Topic.ORDERS.topicName()));
      List<ConsumerRecord<byte[], byte[]>> orders = new ArrayList<>();
      boolean ordered =
          Deadline.await(
              () -> {
                consumer.poll(Duration.ofMillis(250)).forEach(orders::add);
                return !orders.isEmpty();
              },
              Duration.ofSeconds(90));
      assertThat(replayer.failure()).as("replay failure").isNull();
      assertThat(ordered)
          .as(
              "an order on %s within 90 s of replaying %d bars; job state %s; operators: %s;"
                  + " risk events: %s",
              Topic.ORDERS.topicName(),
              replayer.barsPublished(),
              overview(),
              operatorCounts(),
              riskSummary("main"))
          .isTrue();
      record("first order after replay start", replayStart);

      AvroCodec<Order> codec = AvroCodec.forTopic(Topic.ORDERS, registryClient, false);
      ConsumerRecord<byte[], byte[]> first = orders.get(0);
      Order order = codec.decode(first.value());
      assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("main");
      assertThat(order.getPortfolio()).isEqualTo("main");
      assertThat(order.getSymbol()).isIn(SYMBOLS);
      assertThat(order.getQuantity()).isPositive();
      assertThat(order.getModelVersion()).isEqualTo("momentum@1");
      // While the job runs: a cancelled job's operator metrics leave the TaskManager's reporter.
      assertBothJvmsExportPrometheusMetrics();
    } finally {
      cancel(jobId);
    }
  }

  /** The job's main counters as the TaskManager's reporter has them, for failure messages. */
  private static String operatorCounts() {
    StringBuilder counts = new StringBuilder();
    for (int port : metricsPorts) {
      PrometheusScrape.tryOf(URI.create("http://localhost:" + port + "/metrics"))
          .ifPresent(
              scrape -> {
                for (String name :
                    List.of(
                        "data_bars_total",
                        "decision_latency_seconds_count",
                        "orders_total",
                        "risk_limit_violations_total")) {
                  double sum = scrape.sum("flink_taskmanager_job_task_operator_" + name);
                  if (sum >= 0) {
                    counts.append(name).append('=').append(sum).append(' ');
                  }
                }
                for (PrometheusScrape.Sample denied :
                    scrape.named(
                        "flink_taskmanager_job_task_operator_reason_risk_limit_violations_total")) {
                  counts
                      .append(denied.label("reason"))
                      .append('=')
                      .append(denied.value())
                      .append(' ');
                }
              });
    }
    return counts.toString().strip();
  }

  /**
   * flink-conf/config.yaml's reporter, loaded from the classpath bin/flink-cluster resolves: the
   * JobManager and the TaskManager each answer on one of the two ports, the TaskManager with the
   * job's own metrics, label values unfiltered (the job's name keeps its dash).
   */
  private static void assertBothJvmsExportPrometheusMetrics() throws Exception {
    List<PrometheusScrape> scrapes = new ArrayList<>();
    for (int port : metricsPorts) {
      scrapes.add(PrometheusScrape.of(URI.create("http://localhost:" + port + "/metrics")));
    }
    assertThat(scrapes)
        .as("one JVM reports the JobManager's metrics")
        .anySatisfy(
            scrape ->
                assertThat(scrape.sum("flink_jobmanager_numRegisteredTaskManagers")).isEqualTo(1));
    assertThat(scrapes)
        .as("the other the job's operators")
        .anySatisfy(
            scrape -> {
              assertThat(scrape.named("flink_taskmanager_job_task_operator_orders_total"))
                  .as("the gate's orders, under the job's name as it is (not cluster_it)")
                  .anySatisfy(
                      orders -> {
                        assertThat(orders.label("job_name")).isEqualTo(JOB_NAME);
                        assertThat(orders.value()).isPositive();
                      });
            });
  }

  /**
   * An upgrade without losing state, the way it is done on a cluster: {@code bin/stop-job} stops
   * the running job with a savepoint, and {@code bin/submit-job --from-savepoint} deploys a changed
   * job from it. The change turns on signed operator control: version 1 runs without {@code
   * --control-keys} and refuses a signed RESUME, saying so; version 2 is the job with them. Before
   * the stop, the job has a position (a manual fill of 7 AAPL), a breaker-tripped HALT (ten broker
   * rejects) and a policy memory after a day of bars; the State Processor API reads all three out
   * of the savepoint and out of a second savepoint of the upgraded job, and the upgraded job acts
   * on the restored HALT: a signed RESUME moves it from HALTED to ACTIVE.
   */
  @Test
  void anUpgradeFromASavepointKeepsPositionsBreakerStateAndPolicyMemory(@TempDir Path dir)
      throws Exception {
    String portfolio = "upgrade";
    List<String> v1Options = jobOptions("upgrade-it", "--portfolio", portfolio);
    String v1 = submit(v1Options);
    TopicReader topics = new TopicReader(kafka.bootstrapServers(), registryClient);

    // Version 1: a day of bars through the bundled policy, then a manual fill and a reject burst.
    List<Bar> day;
    try (Replayer replayer =
        new Replayer(kafka.bootstrapServers(), registryClient, ReplaySpeed.MAX)) {
      SyntheticBarSource source =
          new SyntheticBarSource(
              SyntheticBarSource.Config.of(SYMBOLS).withSeed(11).withTradingDays(1));
      day = new ArrayList<>();
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        day.add(bar.get());
      }
      replayer.from(new ListBarSource(day));
      replayer.run();
      assertThat(replayer.failure()).as("replay failure").isNull();
    }
    long lastBarEnd = day.get(day.size() - 1).endMillis();
    assertThat(
            Deadline.await(
                () ->
                    !snapshots(topics, portfolio).isEmpty()
                        && lastSnapshot(topics, portfolio).getTsEvent().toEpochMilli()
                            >= lastBarEnd - 60_000,
                Duration.ofSeconds(90)))
        .as("the day's last minute marked the book of %s", portfolio)
        .isTrue();
    // The policy decides on aligned portfolio observations, which wait for event time (the book
    // marks each bar at once): wait until most of the day has been observed.
    assertThat(
            Deadline.await(() -> observations(topics, portfolio) >= 300, Duration.ofSeconds(120)))
        .as(
            "portfolio observations of %s on %s: %d",
            portfolio, Topic.FEATURES.topicName(), observations(topics, portfolio))
        .isTrue();
    KafkaTestStack.publish(
        kafka.bootstrapServers(),
        registryClient,
        Topic.FILLS,
        List.of(
            Reports.manualFill(
                portfolio, "AAPL", BigDecimal.valueOf(7), new BigDecimal("180.25"), lastBarEnd)),
        r -> r.getPortfolio().toString());
    assertThat(
            Deadline.await(
                () -> positionOf(topics, portfolio, "AAPL").compareTo(BigDecimal.valueOf(7)) == 0,
                Duration.ofSeconds(60)))
        .as("the manual fill of 7 AAPL is in the book")
        .isTrue();
    KafkaTestStack.publish(
        kafka.bootstrapServers(),
        registryClient,
        Topic.FILLS,
        Reports.rejects(portfolio, 10, lastBarEnd - 10_000),
        r -> r.getPortfolio().toString());
    awaitEvent(
        topics,
        portfolio,
        "the reject burst halted",
        e ->
            e.getReason() == RiskReason.REJECT_BURST && e.getTradingState() == TradingState.HALTED);

    // Version 1 has no control keys: a signed RESUME is refused, saying why, and changes nothing.
    Path keyFile = dir.resolve("control.keys");
    ControlKeys keys = ControlKeys.generate(keyFile, "ops-1");
    publishControl(resume(portfolio, keys));
    awaitEvent(
        topics,
        portfolio,
        "version 1 refuses commands",
        e ->
            e.getReason() == RiskReason.CONTROL_REJECTED
                && e.getCause().toString().contains("without --control-keys"));

    // Stop with a savepoint: what the upgrade starts from.
    long t0 = System.nanoTime();
    String before = stopWithSavepoint(v1);
    record("stop with savepoint", t0);
    Book book =
        state(before, "position-book", PositionBookFunction.BOOK_STATE, Book.class, portfolio);
    PortfolioRiskState risk =
        state(before, "risk-gate", RiskGateFunction.STATE, PortfolioRiskState.class, portfolio);
    PolicyMemory memory =
        state(
            before,
            "policy-scorer",
            PolicyScorerFunction.MEMORY_STATE,
            PolicyMemory.class,
            portfolio);
    assertThat(book.positionOf("AAPL")).isEqualByComparingTo(positionOf(topics, portfolio, "AAPL"));
    assertThat(book.cash()).isEqualByComparingTo(lastSnapshot(topics, portfolio).getCash());
    assertThat(risk.tradingState).isEqualTo(TradingState.HALTED);
    assertThat(memory.steps()).as("policy steps taken on day 1").isPositive();
    assertThat(memory.h())
        .as("the LSTM's h after day 1")
        .isNotEqualTo(new float[memory.h().length]);

    // Version 2: the same job with signed control turned on, restored from the savepoint.
    List<String> v2Options = new ArrayList<>(List.of("--from-savepoint", before));
    v2Options.addAll(v1Options);
    v2Options.addAll(List.of("--control-keys", keyFile.toString()));
    t0 = System.nanoTime();
    String v2 = submit(v2Options);
    record("restore upgraded job", t0);
    publishControl(resume(portfolio, keys));
    awaitEvent(
        topics,
        portfolio,
        "the restored HALT lifted by a signed RESUME",
        e ->
            e.getReason() == RiskReason.TRADING_STATE
                && e.getTradingState() == TradingState.ACTIVE
                && e.getCause().toString().contains("HALTED → ACTIVE"));

    String after = stopWithSavepoint(v2);
    Book restoredBook =
        state(after, "position-book", PositionBookFunction.BOOK_STATE, Book.class, portfolio);
    PolicyMemory restoredMemory =
        state(
            after,
            "policy-scorer",
            PolicyScorerFunction.MEMORY_STATE,
            PolicyMemory.class,
            portfolio);
    PortfolioRiskState restoredRisk =
        state(after, "risk-gate", RiskGateFunction.STATE, PortfolioRiskState.class, portfolio);
    assertThat(restoredBook).as("positions, cash and marks carried over").isEqualTo(book);
    assertThat(restoredBook.positionOf("AAPL")).isEqualByComparingTo("7");
    assertThat(restoredMemory.modelVersion()).isEqualTo(memory.modelVersion());
    assertThat(restoredMemory.steps()).isEqualTo(memory.steps());
    assertThat(restoredMemory.h()).as("policy memory carried over").isEqualTo(memory.h());
    assertThat(restoredMemory.c()).isEqualTo(memory.c());
    assertThat(restoredRisk.tradingState).isEqualTo(TradingState.ACTIVE);
    // The gate's own book, the same but for the drawdown base a RESUME restarts (docs/risk.md).
    assertThat(restoredRisk.book).isEqualTo(risk.book.withHighWaterMarkAtEquity());
  }

  private static Control resume(String portfolio, ControlKeys keys) {
    return ControlSignature.sign(
        Control.newBuilder()
            .setCommandId(UUID.randomUUID().toString())
            .setPortfolio(portfolio)
            .setCommand(ControlCommand.RESUME)
            .setOperator("ops")
            .setReason("upgrade drill: halt reviewed")
            .setIssuedAt(Instant.now())
            .build(),
        "ops-1",
        keys);
  }

  private static void publishControl(Control control) {
    KafkaEndpoints.publishControl(
        kafka.bootstrapServers(),
        RegistrySettings.of(registry.url(), false),
        control,
        Duration.ofSeconds(30));
  }

  /**
   * The options of a job on this test's Kafka and registry, with 1 s checkpoints, and {@code more}.
   */
  private static List<String> jobOptions(String jobName, String... more) {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--registry-url",
                registry.url(),
                "--auto-register-schemas",
                "--checkpoint-interval",
                "1s",
                "--job-name",
                jobName));
    options.addAll(List.of(more));
    return options;
  }

  private static String submit(List<String> options) throws IOException {
    List<String> command = new ArrayList<>(List.of("bin/submit-job"));
    command.addAll(options);
    ScriptResult submit = script(command.toArray(String[]::new));
    assertThat(submit.exitCode()).as("bin/submit-job:%n%s", submit.output()).isZero();
    String jobId = submit.lastLine();
    assertThat(jobId).as("job id printed by bin/submit-job").matches("[0-9a-f]{32}");
    assertThat(Deadline.await(() -> allTasksRunning(jobId).orElse(false), Duration.ofSeconds(60)))
        .as("job %s RUNNING with every task deployed; /jobs/overview says %s", jobId, overview())
        .isTrue();
    return jobId;
  }

  private static String stopWithSavepoint(String jobId) throws IOException {
    ScriptResult stop = script("bin/stop-job", jobId);
    assertThat(stop.exitCode()).as("bin/stop-job:%n%s", stop.output()).isZero();
    String savepoint = stop.lastLine();
    assertThat(savepoint).as("savepoint path printed by bin/stop-job").startsWith("file:");
    return savepoint;
  }

  private static <T> T state(String savepoint, String uid, String name, Class<T> type, String key)
      throws Exception {
    T value = SavepointState.read(savepoint, uid, name, type).get(key);
    assertThat(value).as("%s/%s of %s in %s", uid, name, key, savepoint).isNotNull();
    return value;
  }

  private static List<PortfolioSnapshot> snapshots(TopicReader topics, String portfolio) {
    return topics.<PortfolioSnapshot>readAll(Topic.PORTFOLIO).stream()
        .filter(s -> s.getPortfolio().toString().equals(portfolio))
        .toList();
  }

  private static PortfolioSnapshot lastSnapshot(TopicReader topics, String portfolio) {
    List<PortfolioSnapshot> all = snapshots(topics, portfolio);
    assertThat(all).as("snapshots of %s", portfolio).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private static BigDecimal positionOf(TopicReader topics, String portfolio, String symbol) {
    List<PortfolioSnapshot> all = snapshots(topics, portfolio);
    if (all.isEmpty()) {
      return BigDecimal.ZERO;
    }
    return all.get(all.size() - 1).getPositions().stream()
        .filter(p -> p.getSymbol().toString().equals(symbol))
        .map(PositionSnapshot::getQuantity)
        .findFirst()
        .orElse(BigDecimal.ZERO);
  }

  private static void awaitEvent(
      TopicReader topics, String portfolio, String what, Predicate<RiskEvent> which) {
    assertThat(
            Deadline.await(
                () -> events(topics, portfolio).stream().anyMatch(which), Duration.ofSeconds(60)))
        .as("%s; events of %s: %s", what, portfolio, events(topics, portfolio))
        .isTrue();
  }

  private static long observations(TopicReader topics, String portfolio) {
    return topics.<FeatureVector>readAll(Topic.FEATURES).stream()
        .filter(v -> v.getScope() == FeatureScope.PORTFOLIO)
        .filter(v -> v.getEntity().toString().equals(portfolio))
        .count();
  }

  private static List<RiskEvent> events(TopicReader topics, String portfolio) {
    return topics.<RiskEvent>readAll(Topic.RISK_EVENTS).stream()
        .filter(e -> e.getPortfolio().toString().equals(portfolio))
        .toList();
  }

  /**
   * For failure messages: every breaker event and state change of {@code portfolio} (what pauses or
   * halts it, with its cause and event time) and the first and last denials.
   */
  private static String riskSummary(String portfolio) {
    try {
      List<RiskEvent> all =
          events(new TopicReader(kafka.bootstrapServers(), registryClient), portfolio);
      List<RiskEvent> denials =
          all.stream().filter(e -> e.getSeverity().toString().equals("DENY")).toList();
      StringBuilder summary = new StringBuilder();
      summary.append(all.size()).append(" events, ").append(denials.size()).append(" denials");
      all.stream()
          .filter(e -> !e.getSeverity().toString().equals("DENY"))
          .forEach(e -> summary.append("\n  ").append(describe(e)));
      if (!denials.isEmpty()) {
        summary.append("\n  first denial: ").append(describe(denials.get(0)));
        summary.append("\n  last denial: ").append(describe(denials.get(denials.size() - 1)));
      }
      return summary.toString();
    } catch (RuntimeException e) {
      return "unreadable: " + e;
    }
  }

  private static String describe(RiskEvent e) {
    return e.getTsEvent()
        + " "
        + e.getSeverity()
        + " "
        + e.getReason()
        + " "
        + e.getSymbol()
        + ": "
        + e.getCause()
        + " "
        + e.getValues();
  }

  private static void cancel(String jobId) throws IOException, InterruptedException {
    HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + restPort + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @AfterAll
  static void stopClusterKafkaAndRegistry() throws IOException {
    try {
      List<Long> pids = new ArrayList<>();
      for (String name : List.of("jobmanager.pid", "taskmanager.pid")) {
        Path pidFile = RUN_DIR.resolve(name);
        if (Files.exists(pidFile)) {
          pids.add(Long.parseLong(Files.readString(pidFile).strip()));
        }
      }
      long t0 = System.nanoTime();
      ScriptResult stop = script("bin/flink-cluster", "stop");
      record("cluster stop", t0);
      assertThat(stop.exitCode()).as("bin/flink-cluster stop:%n%s", stop.output()).isZero();
      assertThat(RUN_DIR.resolve("jobmanager.pid")).doesNotExist();
      assertThat(RUN_DIR.resolve("taskmanager.pid")).doesNotExist();
      for (long pid : pids) {
        assertThat(exited(pid)).as("Flink JVM %d exited after stop", pid).isTrue();
      }
      assertThat(listening(restPort)).as("something listening on REST port %d", restPort).isFalse();
    } finally {
      if (registry != null) {
        registry.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      if (kafkaDir != null) {
        deleteRecursively(kafkaDir);
      }
      record("whole test class", suiteStart);
      System.out.println("StandaloneClusterITCase timings: " + String.join(", ", timings));
    }
  }

  private static KafkaConsumer<byte[], byte[]> orderConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-it-" + UUID.randomUUID());
    // Orders are written in transactions: only committed ones count.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  /** Whether the job runs with all its tasks deployed; empty while the REST API does not say. */
  private static Optional<Boolean> allTasksRunning(String jobId) {
    return jobsOverview()
        .flatMap(
            jobs -> {
              for (JsonNode job : jobs.path("jobs")) {
                if (job.path("jid").asText().equals(jobId)) {
                  JsonNode tasks = job.path("tasks");
                  return Optional.of(
                      job.path("state").asText().equals("RUNNING")
                          && tasks.path("running").asInt() == tasks.path("total").asInt());
                }
              }
              return Optional.empty();
            });
  }

  private static String overview() {
    return jobsOverview().map(JsonNode::toString).orElse("(REST API not answering)");
  }

  private static Optional<JsonNode> jobsOverview() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + restPort + "/jobs/overview"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Whether a process has exited. A zombie counts: the JVMs were orphaned when the start script
   * ended, so init reaps them, whenever it gets to it ({@link ProcessHandle#isAlive} is true until
   * then).
   */
  private static boolean exited(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
      } catch (IOException e) {
        return true; // gone between the two looks
      }
    }
    return true;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Path> jobJars() throws IOException {
    try (Stream<Path> files = Files.list(REPO_ROOT.resolve("jobs/target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("trading-core-jobs-.*-job\\.jar"))
          .toList();
    }
  }

  /** What a script printed (stdout and stderr together) and how it ended. */
  record ScriptResult(int exitCode, String output) {
    String lastLine() {
      List<String> lines = output.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
  }

  /**
   * Runs one of our scripts from the repository root against this test's ports and run folder. The
   * output goes to a file, not a pipe: the cluster JVMs the script leaves running must not hold it.
   */
  private static ScriptResult script(String... command) throws IOException {
    Path output = Files.createTempFile("cluster-it-script-", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(REPO_ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Map<String, String> env = builder.environment();
      env.put("FLINK_CLUSTER_HOME", RUN_DIR.toString());
      env.put("FLINK_REST_PORT", String.valueOf(restPort));
      env.put("FLINK_RPC_PORT", String.valueOf(rpcPort));
      if (metricsPorts != null) {
        env.put("FLINK_METRICS_PORTS", metricsPorts[0] + "," + metricsPorts[1]);
      }
      env.remove("FLINK_CONF_DIR");
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finished = false;
      }
      if (!finished) {
        process.destroyForcibly();
      }
      String text = Files.readString(output);
      return new ScriptResult(
          finished ? process.exitValue() : -1,
          finished ? text : text + "\n(killed after " + SCRIPT_TIMEOUT.toSeconds() + " s)");
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void record(String step, long startNanos) {
    timings.add(
        String.format(
            Locale.ROOT, "%s %.1f s", step, (System.nanoTime() - startNanos) / 1_000_000_000.0));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** On any failure, the end of every cluster log: the first thing anyone needs to diagnose it. */
  static final class ClusterLogsOnFailure
      implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
        throws Throwable {
      printLogTails();
      throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(
        ExtensionContext context, Throwable throwable) throws Throwable {
      printLogTails();
      throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(
        ExtensionContext context, Throwable throwable) throws Throwable {
      printLogTails();
      throw throwable;
    }

    private static void printLogTails() {
      Path logs = RUN_DIR.resolve("log");
      if (!Files.isDirectory(logs)) {
        System.err.println("No cluster logs at " + logs);
        return;
      }
      try (Stream<Path> files = Files.list(logs)) {
        for (Path log : files.sorted().toList()) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          System.err.printf(
              "----- last lines of %s%n%s%n",
              log, String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
      } catch (IOException | UncheckedIOException e) {
        System.err.println("Could not read the cluster logs in " + logs + ": " + e);
      }
    }
  }
}
