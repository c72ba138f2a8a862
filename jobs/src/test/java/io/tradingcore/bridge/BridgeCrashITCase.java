package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.replay.SyntheticOrders;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.ListBarSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The broker bridge killed between submit and acknowledgement and between acknowledgement and
 * offset commit, on real Kafka and the HTTP registry: exactly one broker order per client order id,
 * and every report of every order on {@code fills.v1}.
 *
 * <p>The broker is external to the bridge and outlives it: one {@link PaperBroker} shared by every
 * bridge incarnation, behind a wrapper that counts what it is sent. It has the whole day's bars
 * before the first order (a first bridge feeds them and stops cleanly), so each order fills within
 * its own submit and all its reports belong to the transaction that consumes it.
 *
 * <p>Orders go on {@code orders.v1} transactionally, a chunk before each incarnation. Each of
 * {@value #CRASHES} incarnations then crashes at a seeded point ({@link BridgeFaults.Point}, three
 * of each, in seeded order): after a seeded number of new submissions, or at its first transaction,
 * before or after the commit. A crash stops the bridge with its transaction open: its consumers
 * leave the group, its producer is abandoned without aborting, and the next incarnation's {@code
 * initTransactions} aborts what it left open, as after a killed process. A last incarnation runs
 * without faults until every order is consumed.
 *
 * <p>The second test restarts the Kafka broker (same ports, same log directories) from the bridge's
 * own thread while it holds an open transaction with reports and offsets in it, three times; a
 * bridge the restart makes fail is replaced. The same promises hold.
 */
@Tag("slow")
class BridgeCrashITCase {
  private static final long SEED = Long.getLong("faults.seed", 20240108L);
  private static final int CRASHES = 9;
  private static final int CHUNK = 20;
  private static final String PORTFOLIO = "crash";
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  private static final BigDecimal INITIAL_CASH = new BigDecimal("1000000000");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static KafkaTestStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = KafkaTestStack.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void crashesAtAnyPointLeaveOneBrokerOrderPerClientOrderIdAndEveryReport() throws Exception {
    long started = System.nanoTime();
    List<Bar> bars = bars();
    CountingBroker broker = new CountingBroker(new PaperBroker(INITIAL_CASH));
    // Its own group, starting now: the other test's orders and bars on the same topics are not
    // this bridge's.
    BridgeConfig config = config("crash-it").forRun("crash-it", System.currentTimeMillis());
    feedMarket(config, broker, bars);

    List<Order> orders =
        SyntheticOrders.onBars(PORTFOLIO, bars, (CRASHES + 1) * CHUNK, 3, "crash-it");
    Random random = new Random(SEED);
    List<BridgeFaults.Point> points = new ArrayList<>();
    for (int i = 0; i < CRASHES / 3; i++) {
      points.addAll(List.of(BridgeFaults.Point.values()));
    }
    Collections.shuffle(points, random);
    List<String> crashes = new ArrayList<>();
    long republished = 0;
    for (int i = 0; i < CRASHES; i++) {
      publish(orders.subList(i * CHUNK, (i + 1) * CHUNK));
      BridgeFaults.Point point = points.get(i);
      int newOrders = (i + 1) * CHUNK - broker.placed();
      int at = point == BridgeFaults.Point.AFTER_SUBMIT ? 1 + random.nextInt(newOrders) : 1;
      CrashAt fault = new CrashAt(point, at);
      BrokerBridge bridge = new BrokerBridge(config, broker, fault);
      Thread thread = daemon("bridge-" + i, bridge);
      thread.join(WAIT.toMillis());
      assertThat(thread.isAlive()).as("incarnation %d crashed at %s #%d", i, point, at).isFalse();
      assertThat(bridge.failure()).isInstanceOf(BridgeFaults.Crash.class);
      republished += bridge.stats().reportsRepublished();
      crashes.add(point + "#" + at + (fault.order == null ? "" : " (" + fault.order + ")"));
    }

    publish(orders.subList(CRASHES * CHUNK, orders.size()));
    Set<String> expected = expectedIds(orders);
    long lastOrder = lastOffset(Topic.ORDERS);
    BrokerBridge last = new BrokerBridge(config, broker);
    try (last) {
      daemon("bridge-last", last);
      // Whether it got there, the assertions below say what is missing.
      Deadline.await(
          () ->
              committed(config.name()) > lastOrder
                  && reportsById(orders).keySet().containsAll(expected),
          WAIT,
          Duration.ofMillis(200));
      assertThat(last.failure()).isNull();
      republished += last.stats().reportsRepublished();
    }

    System.out.printf(
        Locale.ROOT,
        "bridge crashes: %d orders, %d crashes (%s), %d reports republished, %.1f s%n",
        orders.size(),
        crashes.size(),
        String.join(", ", crashes),
        republished,
        (System.nanoTime() - started) / 1e9);

    Map<String, List<ExecutionReport>> reports =
        assertEveryOrderPlacedOnceWithAllItsReports(broker, orders);
    Map<String, Order> byId =
        orders.stream().collect(Collectors.toMap(Order::clientOrderId, o -> o));
    reports.values().stream()
        .map(copies -> copies.get(0))
        .filter(r -> r.getStatus() == ExecutionStatus.FILLED)
        .forEach(
            fill ->
                assertThat(fill.getLastQuantity())
                    .isEqualByComparingTo(byId.get(fill.getClientOrderId()).quantity()));
    assertThat(republished)
        .as("orders whose transaction died had their reports published again")
        .isPositive();
    assertThat(committed(config.name()))
        .as("offsets committed through the last order")
        .isEqualTo(lastOrder + 1);
  }

  @Test
  void aKafkaRestartWhileTheBridgeHoldsAnOpenTransactionLosesAndDuplicatesNothing()
      throws Exception {
    List<Bar> bars = bars();
    CountingBroker broker = new CountingBroker(new PaperBroker(INITIAL_CASH));
    // Its own group, starting now: the other test's orders and bars on the same topics are not
    // this bridge's.
    BridgeConfig config =
        config("kafka-restart-it").forRun("kafka-restart-it", System.currentTimeMillis());
    feedMarket(config, broker, bars);

    List<Order> orders = SyntheticOrders.onBars("restart", bars, 3 * CHUNK, 7, "kafka-restart-it");
    List<String> rounds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      publish(orders.subList(i * CHUNK, (i + 1) * CHUNK));
      long lastOrder = lastOffset(Topic.ORDERS);
      RestartKafkaBeforeCommit restart = new RestartKafkaBeforeCommit();
      BrokerBridge bridge = new BrokerBridge(config, broker, restart);
      try (bridge) {
        daemon("bridge-restart-" + i, bridge);
        Deadline.await(
            () -> bridge.failure() != null || committed(config.name()) > lastOrder,
            WAIT,
            Duration.ofMillis(200));
      }
      String outcome = bridge.failure() == null ? "committed" : "failed: " + bridge.failure();
      if (bridge.failure() != null) {
        // A bridge the restart made fail is replaced, as its supervisor would.
        try (BrokerBridge next = new BrokerBridge(config, broker)) {
          daemon("bridge-after-restart-" + i, next);
          Deadline.await(() -> committed(config.name()) > lastOrder, WAIT, Duration.ofMillis(200));
        }
      }
      assertThat(restart.restarted).as("round %d restarted Kafka mid-transaction", i).isTrue();
      rounds.add(outcome);
    }
    System.out.printf(Locale.ROOT, "bridge across Kafka restarts: %s%n", String.join("; ", rounds));

    assertEveryOrderPlacedOnceWithAllItsReports(broker, orders);
    assertThat(committed(config.name()))
        .as("offsets committed through the last order")
        .isEqualTo(lastOffset(Topic.ORDERS) + 1);
  }

  @Test
  void aStartingBridgeHandsABrokerThatResumesTheLastPublishedReportOfEachOfItsOrders()
      throws Exception {
    List<Bar> bars = bars();
    CountingBroker broker = new CountingBroker(new PaperBroker(INITIAL_CASH));
    BridgeConfig config = config("resume-it").forRun("resume-it", System.currentTimeMillis());
    feedMarket(config, broker, bars);
    List<Order> orders = SyntheticOrders.onBars("resume", bars, CHUNK, 11, "resume-it");
    publish(orders);
    long lastOrder = lastOffset(Topic.ORDERS);
    try (BrokerBridge first = new BrokerBridge(config, broker)) {
      daemon("bridge-first", first);
      assertThat(Deadline.await(() -> committed(config.name()) > lastOrder, WAIT)).isTrue();
    }

    broker.resumes = true;
    try (BrokerBridge next = new BrokerBridge(config, broker)) {
      daemon("bridge-next", next);
      assertThat(Deadline.await(() -> broker.resumedFrom != null, WAIT))
          .as("the broker was handed the published reports")
          .isTrue();
    }

    // The last report per client order id of this broker on fills.v1 (other tests' paper
    // reports included: the scan is of the whole topic).
    Map<String, String> lastOnTopic = new TreeMap<>();
    for (ExecutionReport report : stack.reader().<ExecutionReport>readAll(Topic.FILLS)) {
      if (report.getBroker().toString().equals(broker.name())) {
        lastOnTopic.put(report.getClientOrderId().toString(), report.getExecutionId().toString());
      }
    }
    Map<String, String> handed = new TreeMap<>();
    broker.resumedFrom.forEach(
        r -> handed.put(r.getClientOrderId().toString(), r.getExecutionId().toString()));
    assertThat(handed).isEqualTo(lastOnTopic);
    for (Order order : orders) {
      assertThat(handed)
          .as("%s's last report is its FILL", order.clientOrderId())
          .containsEntry(
              order.clientOrderId(), ClientOrderIds.executionId(order.clientOrderId(), 2));
    }
  }

  /**
   * The broker was sent each of {@code orders} once, and {@code fills.v1} holds each one's ACCEPTED
   * and FILLED, every copy of a report the same; returns those reports by execution id.
   */
  private static Map<String, List<ExecutionReport>> assertEveryOrderPlacedOnceWithAllItsReports(
      CountingBroker broker, List<Order> orders) {
    assertThat(broker.submissions())
        .as("the broker was sent each client order id once")
        .containsOnlyKeys(orders.stream().map(Order::clientOrderId).toList());
    assertThat(new HashSet<>(broker.submissions().values())).containsOnly(1);
    Map<String, List<ExecutionReport>> reports = reportsById(orders);
    assertThat(reports.keySet())
        .as("every order's ACCEPTED and FILLED on fills.v1, and nothing else")
        .isEqualTo(expectedIds(orders));
    reports.forEach(
        (id, copies) ->
            assertThat(new HashSet<>(copies))
                .as("every copy of %s is the same report", id)
                .hasSize(1));
    return reports;
  }

  private static Set<String> expectedIds(List<Order> orders) {
    Set<String> expected = new HashSet<>();
    for (Order order : orders) {
      expected.add(ClientOrderIds.executionId(order.clientOrderId(), 1));
      expected.add(ClientOrderIds.executionId(order.clientOrderId(), 2));
    }
    return expected;
  }

  // --- the bridge's world ------------------------------------------------------------------

  /**
   * Restarts the Kafka broker from the bridge's own thread the first time the bridge has reports
   * and offsets in an open transaction, then lets it commit.
   */
  private static final class RestartKafkaBeforeCommit implements BridgeFaults {
    private volatile boolean restarted;

    @Override
    public void reached(Point point, String clientOrderId) {
      if (point == Point.AFTER_REPORTS_BEFORE_COMMIT && !restarted) {
        restarted = true;
        stack.restartBroker();
      }
    }
  }

  private static BridgeConfig config(String name) {
    return new BridgeConfig(
        stack.bootstrapServers(),
        RegistrySettings.of(stack.registryUrl(), false),
        name,
        Duration.ofMillis(50),
        null,
        null,
        Duration.ZERO,
        BridgeConfig.Feed.BARS);
  }

  /** Crashes the bridge the {@code at}-th time it passes {@code point}. */
  private static final class CrashAt implements BridgeFaults {
    private final Point point;
    private final int at;
    private int passed;
    private volatile String order;

    CrashAt(Point point, int at) {
      this.point = point;
      this.at = at;
    }

    @Override
    public void reached(Point reached, String clientOrderId) {
      if (reached == point && ++passed == at) {
        order = clientOrderId;
        throw new Crash(reached);
      }
    }
  }

  /** The broker every incarnation talks to, counting the submissions of each client order id. */
  private static final class CountingBroker implements Broker {
    private final Broker broker;
    private final Map<String, Integer> submissions = Collections.synchronizedMap(new TreeMap<>());

    /** Whether it asks for the last published reports at start, as a remote broker does. */
    volatile boolean resumes;

    /** What the bridge handed {@link #resume}, or {@code null} before. */
    volatile List<ExecutionReport> resumedFrom;

    @Override
    public boolean resumesFromPublishedReports() {
      return resumes;
    }

    @Override
    public void resume(Collection<ExecutionReport> lastPublished) {
      resumedFrom = List.copyOf(lastPublished);
    }

    CountingBroker(Broker broker) {
      this.broker = broker;
    }

    Map<String, Integer> submissions() {
      return Map.copyOf(submissions);
    }

    int placed() {
      return submissions.size();
    }

    @Override
    public String name() {
      return broker.name();
    }

    @Override
    public Optional<ExecutionStatus> lookup(String clientOrderId) {
      return broker.lookup(clientOrderId);
    }

    @Override
    public Optional<ExecutionStatus> lookup(Order order) {
      return broker.lookup(order);
    }

    @Override
    public List<ExecutionReport> reportsOf(Order order) {
      return broker.reportsOf(order);
    }

    @Override
    public List<ExecutionReport> submit(Order order) {
      submissions.merge(order.clientOrderId(), 1, Integer::sum);
      return broker.submit(order);
    }

    @Override
    public List<ExecutionReport> onMarketData(Bar bar) {
      return broker.onMarketData(bar);
    }

    @Override
    public List<ExecutionReport> cancelAll(String portfolio) {
      return broker.cancelAll(portfolio);
    }

    @Override
    public List<ExecutionReport> cancel(String clientOrderId) {
      return broker.cancel(clientOrderId);
    }

    @Override
    public List<ExecutionReport> replace(Order replacement) {
      return broker.replace(replacement);
    }
  }

  /** A first bridge, without faults, hands the broker the whole day's bars and stops cleanly. */
  private static void feedMarket(BridgeConfig config, Broker broker, List<Bar> bars) {
    try (Replayer replayer =
        new Replayer(stack.bootstrapServers(), stack.registry(), ReplaySpeed.MAX)) {
      replayer.from(new ListBarSource(bars));
      daemon("replayer", replayer);
      assertThat(replayer.awaitFinished(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    try (BrokerBridge bridge = new BrokerBridge(config, broker)) {
      daemon("bridge-market", bridge);
      assertThat(Deadline.await(() -> bridge.stats().barsReceived() >= bars.size(), WAIT))
          .as("the broker has every bar (%d of %d)", bridge.stats().barsReceived(), bars.size())
          .isTrue();
    }
  }

  /** Writes {@code orders} in one transaction, as the trading job's exactly-once sink does. */
  private static void publish(List<Order> orders) {
    AvroCodec<io.tradingcore.schemas.avro.Order> codec =
        AvroCodec.forTopic(Topic.ORDERS, stack.registry(), false);
    Properties p = KafkaClients.producer(stack.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-it-orders");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (Order order : orders) {
        producer.send(
            new ProducerRecord<>(
                Topic.ORDERS.topicName(),
                PORTFOLIO.getBytes(StandardCharsets.UTF_8),
                codec.encode(Topic.ORDERS.topicName(), AvroMapping.toAvro(order))));
      }
      producer.commitTransaction();
    }
  }

  /** Committed reports of {@code orders} on {@code fills.v1} by execution id, every copy. */
  private static Map<String, List<ExecutionReport>> reportsById(List<Order> orders) {
    Set<String> ids = orders.stream().map(Order::clientOrderId).collect(Collectors.toSet());
    List<ExecutionReport> reports = stack.reader().readAll(Topic.FILLS);
    return reports.stream()
        .filter(r -> ids.contains(r.getClientOrderId().toString()))
        .collect(Collectors.groupingBy(r -> r.getExecutionId().toString(), Collectors.toList()));
  }

  private static long lastOffset(Topic topic) {
    List<ConsumerRecord<byte[], byte[]>> records = stack.reader().readRaw(topic);
    return records.get(records.size() - 1).offset();
  }

  /** The bridge group's committed offset on {@code orders.v1} (one partition), -1 for none. */
  private static long committed(String group) {
    try (Admin admin = Admin.create(KafkaClients.admin(stack.bootstrapServers(), WAIT))) {
      OffsetAndMetadata offset =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(WAIT.toSeconds(), TimeUnit.SECONDS)
              .get(new TopicPartition(Topic.ORDERS.topicName(), 0));
      return offset == null ? -1 : offset.offset();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the offsets of group " + group, e);
    }
  }

  private static List<Bar> bars() {
    return SyntheticBarSource.allBars(
        SyntheticBarSource.Config.of(SYMBOLS).withSeed(7).withTradingDays(1));
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
