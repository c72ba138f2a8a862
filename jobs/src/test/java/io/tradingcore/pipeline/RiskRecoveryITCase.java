package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.RiskSettings;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.RunMonitor;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.JobCluster;
import io.tradingcore.testing.ListBarSource;
import io.tradingcore.testing.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk controls of the whole job, on real parts (embedded Kafka, the HTTP registry, the trading
 * job on a MiniCluster, the broker bridge with its paper broker), across a crash: a breaker's HALT
 * and an operator's FLATTEN survive the job being killed and restored from its last checkpoint,
 * only a signed RESUME lifts a halt, and a signed KILL stops a trading portfolio.
 *
 * <p>Two portfolios trade the same synthetic market with the momentum baseline. Three trading days
 * are replayed in four phases, each waited on until every bar is marked in both books:
 *
 * <ol>
 *   <li>day 1: both trade; then ten broker rejects halt {@code halted} (REJECT_BURST), an unsigned
 *       RESUME is refused, a signed FLATTEN halts {@code ops} and starts closing its positions; the
 *       job is killed (canceled without a savepoint) and started again from its last checkpoint;
 *   <li>day 2: {@code halted} sends no order although its strategy wants to trade (the gate's
 *       TRADING_HALTED denials say so); {@code ops} has sent only its closing LIMIT orders, inside
 *       the price collar, and ends flat;
 *   <li>day 3 until noon, after a signed RESUME of {@code halted}: it trades again;
 *   <li>day 3 afternoon, after a signed KILL of {@code halted}: it sends nothing more.
 * </ol>
 */
@Tag("slow")
class RiskRecoveryITCase {
  private static final String HALTED = "halted";
  private static final String OPS = "ops";
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");
  private static final BigDecimal PRICE_COLLAR = new BigDecimal("0.01");
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final LocalDate DAY_1 = SyntheticBarSource.Config.DEFAULT_START_DATE;

  @TempDir static Path dir;

  private static Path checkpoints;

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @BeforeAll
  static void start() throws Exception {
    checkpoints = dir.resolve("checkpoints");
  }

  @Test
  void haltsSurviveACrashAndOnlySignedCommandsMoveTheGate() throws Exception {
    Path keyFile = dir.resolve("control.keys");
    ControlKeys keys = ControlKeys.generate(keyFile, "ops-1");
    TradingJobConfig config = config(keyFile);
    List<List<Bar>> phases = phases();

    JobID job = submit(config, null);
    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(cluster.stack().bootstrapServers(), registry())
                .withControlKeys(keyFile),
            new PaperBroker(INITIAL_CASH));
    RunMonitor halted =
        new RunMonitor(
            cluster.stack().bootstrapServers(),
            cluster.stack().registry(),
            HALTED,
            INITIAL_CASH,
            0L);
    RunMonitor ops =
        new RunMonitor(
            cluster.stack().bootstrapServers(), cluster.stack().registry(), OPS, INITIAL_CASH, 0L);
    try (bridge;
        halted;
        ops) {
      daemon("bridge", bridge);
      daemon("monitor-halted", halted);
      daemon("monitor-ops", ops);
      assertThat(Deadline.await(bridge::isListeningForControl, WAIT)).isTrue();

      // Day 1: both portfolios trade.
      long marked = replay(phases.get(0), 0, halted, ops);
      long lastBarOfDay1 = last(phases.get(0)).endMillis();
      assertThat(ordersOf(HALTED)).as("%s traded on day 1", HALTED).isNotEmpty();
      // A trade done by hand at the broker, reported on fills.v1: whatever the strategy holds at
      // the close, ops now holds at least this, so FLATTEN has something to close.
      BigDecimal before = positionOf(ops, "AAPL");
      publishReports(
          List.of(
              Reports.manualFill(
                  OPS,
                  "AAPL",
                  BigDecimal.valueOf(7),
                  lastClose(phases.get(0), "AAPL"),
                  lastBarOfDay1)));
      assertThat(
              Deadline.await(
                  () -> positionOf(ops, "AAPL").compareTo(before.add(BigDecimal.valueOf(7))) == 0,
                  WAIT))
          .as("the manual fill is in the book")
          .isTrue();
      List<String> opsTrades = ids(ordersOf(OPS));

      // Ten broker rejects within ten seconds of market time: the reject-burst breaker halts.
      publishReports(Reports.rejects(HALTED, 10, lastBarOfDay1 - 10_000));
      RiskEvent halt =
          awaitEvent(
              e ->
                  e.getPortfolio().toString().equals(HALTED)
                      && e.getReason() == RiskReason.REJECT_BURST
                      && e.getTradingState() == TradingState.HALTED);
      assertThat(halt.getCause().toString()).contains("ACTIVE → HALTED");

      // Unsigned, the RESUME is refused and changes nothing.
      publishControl(command(HALTED, ControlCommand.RESUME).setOperator("mallory").build());
      awaitEvent(
          e ->
              e.getPortfolio().toString().equals(HALTED)
                  && e.getReason() == RiskReason.CONTROL_REJECTED);

      // A signed FLATTEN halts ops and starts closing.
      publishControl(
          ControlSignature.sign(command(OPS, ControlCommand.FLATTEN).build(), "ops-1", keys));
      awaitEvent(
          e ->
              e.getPortfolio().toString().equals(OPS)
                  && e.getReason() == RiskReason.CONTROL_ACCEPTED
                  && e.getTradingState() == TradingState.HALTED);
      int haltedOrdersBefore = ordersOf(HALTED).size();

      // Kill the job as a crash would, after a checkpoint that follows the halt and the FLATTEN,
      // and start it again from that checkpoint (retained on cancellation, as flink-conf/ says).
      int seen = latestCheckpoint(job);
      assertThat(Deadline.await(() -> latestCheckpoint(job) >= seen + 2, WAIT))
          .as("a checkpoint taken after the halt")
          .isTrue();
      cluster.flink().cancel(job);
      assertThat(
              Deadline.await(() -> cluster.flink().statusOrFailed(job) == JobStatus.CANCELED, WAIT))
          .as("the job is gone")
          .isTrue();
      String checkpoint = checkpointPath(job, latestCheckpoint(job));
      JobID restored = submit(config, checkpoint);
      try {
        // Day 2: halted stays halted through the restore; ops only closes.
        marked = replay(phases.get(1), marked, halted, ops);
        long day2Start = phases.get(1).get(0).endMillis();
        assertThat(ordersOf(HALTED))
            .as("no order from %s while it is HALTED, restore or not", HALTED)
            .hasSize(haltedOrdersBefore);
        assertThat(eventsAfter(day2Start, HALTED, RiskReason.TRADING_HALTED))
            .as("the strategy wanted to trade on day 2 and the restored gate refused it")
            .isNotEmpty();
        // The closing orders left at FLATTEN (day 1's last bar is inside the session) and fill at
        // day 2's open, on the restored job: it must still know that ops is flattening to report
        // it closed, and must send nothing else.
        List<Order> closing =
            ordersOf(OPS).stream().filter(o -> !opsTrades.contains(id(o))).toList();
        assertOnlyClosingOrdersInsideTheCollar(closing);
        assertThat(positionsAtTheEnd(ops)).as("%s is flat after FLATTEN", OPS).isEmpty();
        assertThat(
                events(
                    e ->
                        e.getPortfolio().toString().equals(OPS)
                            && e.getReason() == RiskReason.FLATTEN
                            && e.getCause().toString().contains("is closed")))
            .hasSize(1);

        // Day 3 morning: a signed RESUME lifts the halt.
        publishControl(
            ControlSignature.sign(command(HALTED, ControlCommand.RESUME).build(), "ops-1", keys));
        awaitEvent(
            e ->
                e.getPortfolio().toString().equals(HALTED)
                    && e.getReason() == RiskReason.TRADING_STATE
                    && e.getTradingState() == TradingState.ACTIVE);
        marked = replay(phases.get(2), marked, halted, ops);
        long day3Start = phases.get(2).get(0).endMillis();
        assertThat(ordersOf(HALTED).stream().filter(o -> decided(o) >= day3Start))
            .as("%s trades again after RESUME", HALTED)
            .isNotEmpty();
        assertThat(ordersOf(OPS).stream().filter(o -> decided(o) >= day3Start))
            .as("%s was not resumed", OPS)
            .isEmpty();

        // Day 3 afternoon: a signed KILL halts a trading portfolio.
        long noon = last(phases.get(2)).endMillis();
        publishControl(
            ControlSignature.sign(command(HALTED, ControlCommand.KILL).build(), "ops-1", keys));
        awaitEvent(
            e ->
                e.getPortfolio().toString().equals(HALTED)
                    && e.getReason() == RiskReason.KILL_SWITCH
                    && e.getTradingState() == TradingState.HALTED);
        replay(phases.get(3), marked, halted, ops);
        assertThat(ordersOf(HALTED).stream().filter(o -> decided(o) > noon))
            .as("no order from %s after KILL", HALTED)
            .isEmpty();
        assertThat(cluster.flink().statusOrFailed(restored)).isEqualTo(JobStatus.RUNNING);
      } finally {
        cluster.flink().cancel(restored);
      }
    }
  }

  // --- the job -------------------------------------------------------------------------------

  private static TradingJobConfig config(Path keyFile) {
    // Only the breakers under test may act: the drawdown, loss and profit limits are lifted, and
    // AAPL and MSFT (which correlate above 0.7 on these days) may both be held.
    Map<String, String> lifted =
        Map.of(
            "max_correlation", "1",
            "max_drawdown", "0.5",
            "daily_loss_limit", "0.5",
            "breaker_daily_loss", "0.5",
            "profit_lock", "0.5",
            "losing_days", "100");
    RiskLimits limits =
        new RiskLimits(new BigDecimal("1000"), new BigDecimal("50000"), new BigDecimal("1000"))
            .with(lifted);
    RiskLimits market =
        RiskLimits.DEFAULT.with(
            Map.of(
                "volatility_spike_sigmas", "100", "price_jump", "0.5", "unusual_volume", "1000"));
    List<PortfolioSpec> portfolios =
        List.of(
            new PortfolioSpec(HALTED, SYMBOLS, INITIAL_CASH, limits, LotSizes.WHOLE_UNITS),
            new PortfolioSpec(OPS, SYMBOLS, INITIAL_CASH, limits, LotSizes.WHOLE_UNITS));
    return new TradingJobConfig(
            portfolios,
            FeatureWindows.DEFAULT,
            MomentumParameters.DEFAULT,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5))
        .withRisk(
            new RiskSettings(RiskSettings.DEFAULT.sessions(), market, null)
                .withControlKeys(keyFile));
  }

  /** Submits the job; from {@code restoreFrom}, a checkpoint or savepoint, when not null. */
  private static JobID submit(TradingJobConfig config, String restoreFrom) throws Exception {
    KafkaEndpoints kafka =
        new KafkaEndpoints(cluster.stack().bootstrapServers(), registry(), "risk-recovery-it");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    TradingJobMain.configure(env, Duration.ofMillis(500));
    Configuration retained = new Configuration();
    retained.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    retained.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    env.configure(retained);
    new TradingJob(config)
        .build(
            env,
            kafka.bars(),
            null,
            kafka.fills(),
            null,
            kafka.control(),
            TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("risk-recovery-it");
    if (restoreFrom != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom));
    }
    JobID job = cluster.flink().submit(graph);
    assertThat(Deadline.await(() -> cluster.flink().statusOrFailed(job) == JobStatus.RUNNING, WAIT))
        .as("job running")
        .isTrue();
    return job;
  }

  /** The newest completed checkpoint of {@code job}: its number, 0 before the first. */
  private static int latestCheckpoint(JobID job) {
    Path jobDir = checkpoints.resolve(job.toHexString());
    if (!Files.isDirectory(jobDir)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .mapToInt(p -> Integer.parseInt(p.getFileName().toString().substring(4)))
          .max()
          .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String checkpointPath(JobID job, int number) {
    return checkpoints.resolve(job.toHexString()).resolve("chk-" + number).toString();
  }

  // --- market data ---------------------------------------------------------------------------

  /** Day 1, day 2, day 3 until noon (New York), day 3 after noon. */
  private static List<List<Bar>> phases() {
    List<List<Bar>> phases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      phases.add(new ArrayList<>());
    }
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(SYMBOLS).withSeed(7).withTradingDays(3))) {
      List<LocalDate> days = new ArrayList<>();
      Optional<Bar> next;
      while ((next = source.next()).isPresent()) {
        Bar bar = next.get();
        ZonedDateTime end = Instant.ofEpochMilli(bar.endMillis()).atZone(UsEquityCalendar.ZONE);
        LocalDate day = end.toLocalDate();
        if (!days.contains(day)) {
          days.add(day);
        }
        int index = days.indexOf(day);
        if (index == 2 && end.toLocalTime().isAfter(LocalTime.NOON)) {
          index = 3;
        }
        phases.get(index).add(bar);
      }
    }
    assertThat(phases.get(0).get(0).endMillis())
        .isGreaterThan(DAY_1.atStartOfDay(UsEquityCalendar.ZONE).toInstant().toEpochMilli());
    assertThat(phases).allSatisfy(p -> assertThat(p).isNotEmpty());
    return phases;
  }

  /**
   * Replays {@code bars} and waits until every one is marked in both books and the orders, fills
   * and risk events have stopped moving; returns the marks per book so far.
   */
  private static long replay(List<Bar> bars, long markedBefore, RunMonitor... books)
      throws Exception {
    long marked = markedBefore + bars.size();
    try (Replayer replayer =
        new Replayer(
            cluster.stack().bootstrapServers(),
            cluster.stack().registry(),
            new ReplaySpeed(3000))) {
      replayer.from(new ListBarSource(bars));
      daemon("replayer", replayer);
      assertThat(replayer.awaitFinished(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("replay finished")
          .isTrue();
      for (RunMonitor book : books) {
        assertThat(Deadline.await(() -> book.marks() >= marked, WAIT))
            .as("every bar marked (%d of %d)", book.marks(), marked)
            .isTrue();
      }
      Deadline.awaitQuiet(
          () -> {
            long moved = 0;
            for (RunMonitor book : books) {
              moved += book.orders() + book.fills() + book.riskEvents();
            }
            return moved;
          },
          Duration.ofSeconds(3),
          WAIT);
    }
    return marked;
  }

  // --- what goes in --------------------------------------------------------------------------

  private static void publishReports(List<ExecutionReport> reports) throws Exception {
    cluster.stack().publish(Topic.FILLS, reports, r -> r.getPortfolio().toString());
  }

  private static Control.Builder command(String portfolio, ControlCommand command) {
    return Control.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setPortfolio(portfolio)
        .setCommand(command)
        .setOperator("ops")
        .setReason("recovery drill")
        .setIssuedAt(Instant.now());
  }

  private static void publishControl(Control control) {
    KafkaEndpoints.publishControl(cluster.stack().bootstrapServers(), registry(), control, WAIT);
  }

  // --- what comes out ------------------------------------------------------------------------

  private static List<Order> ordersOf(String portfolio) {
    return cluster.stack().reader().<Order>readAll(Topic.ORDERS).stream()
        .filter(o -> o.getPortfolio().toString().equals(portfolio))
        .toList();
  }

  private static String id(Order order) {
    return order.getClientOrderId().toString();
  }

  private static List<String> ids(List<Order> orders) {
    return orders.stream().map(RiskRecoveryITCase::id).toList();
  }

  private static long decided(Order order) {
    return order.getDecisionTime().toEpochMilli();
  }

  /** What {@code book}'s newest snapshot holds of {@code symbol}. */
  private static BigDecimal positionOf(RunMonitor book, String symbol) {
    return lastSnapshot(book).getPositions().stream()
        .filter(p -> p.getSymbol().toString().equals(symbol))
        .map(PositionSnapshot::getQuantity)
        .findFirst()
        .orElse(BigDecimal.ZERO);
  }

  private static PortfolioSnapshot lastSnapshot(RunMonitor book) {
    PortfolioSnapshot last = book.lastSnapshot();
    assertThat(last).as("a snapshot of the book").isNotNull();
    return last;
  }

  /** The non-zero positions of {@code book}'s newest snapshot. */
  private static List<PositionSnapshot> positionsAtTheEnd(RunMonitor book) {
    return lastSnapshot(book).getPositions().stream()
        .filter(p -> p.getQuantity().signum() != 0)
        .toList();
  }

  private static List<RiskEvent> events(Predicate<RiskEvent> which) {
    return cluster.stack().reader().<RiskEvent>readAll(Topic.RISK_EVENTS).stream()
        .filter(which)
        .toList();
  }

  private static List<RiskEvent> eventsAfter(long from, String portfolio, RiskReason reason) {
    return events(
        e ->
            e.getPortfolio().toString().equals(portfolio)
                && e.getReason() == reason
                && e.getTsEvent().toEpochMilli() >= from);
  }

  private static RiskEvent awaitEvent(Predicate<RiskEvent> which) {
    AtomicReference<List<RiskEvent>> found = new AtomicReference<>(List.of());
    assertThat(
            Deadline.await(
                () -> {
                  found.set(events(which));
                  return !found.get().isEmpty();
                },
                WAIT))
        .as("risk event on %s; seen: %s", Topic.RISK_EVENTS.topicName(), summary())
        .isTrue();
    return found.get().get(0);
  }

  private static List<String> summary() {
    return events(e -> true).stream()
        .map(e -> e.getPortfolio() + " " + e.getReason() + " " + e.getTradingState())
        .toList();
  }

  /**
   * Every order is one of the gate's closing orders: a LIMIT at most the price collar away from the
   * last trade, on the side that reduces the position.
   */
  private static void assertOnlyClosingOrdersInsideTheCollar(List<Order> closing) {
    assertThat(closing).as("FLATTEN sent closing orders").isNotEmpty();
    for (Order order : closing) {
      assertThat(order.getOrderType()).isEqualTo(OrderType.LIMIT);
      assertThat(order.getReason().toString()).startsWith("flatten: close ");
      BigDecimal reference = order.getReferencePrice();
      BigDecimal limit = order.getLimitPrice();
      BigDecimal away = limit.subtract(reference).abs();
      assertThat(away)
          .as("limit %s against last trade %s", limit, reference)
          .isLessThanOrEqualTo(reference.multiply(PRICE_COLLAR));
      if (order.getSide() == Side.SELL) {
        assertThat(limit).isLessThan(reference);
      } else {
        assertThat(limit).isGreaterThan(reference);
      }
    }
  }

  // --- plumbing ------------------------------------------------------------------------------

  private static RegistrySettings registry() {
    return RegistrySettings.of(cluster.stack().registryUrl(), false);
  }

  private static BigDecimal lastClose(List<Bar> bars, String symbol) {
    BigDecimal close = null;
    for (Bar bar : bars) {
      if (bar.symbol().equals(symbol)) {
        close = bar.close();
      }
    }
    return close;
  }

  private static Bar last(List<Bar> bars) {
    return bars.get(bars.size() - 1);
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
