package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.RiskSettings;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.LocalFlink;
import io.tradingcore.local.RunMonitor;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.FlinkRest;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.ListBarSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The order sink's promise under failure: whatever TaskManagers die while the trading job runs, the
 * orders committed on {@code orders.v1} are exactly those of a run where nothing failed — none
 * lost, none twice, byte for byte.
 *
 * <p>The job trades the momentum baseline with no broker bridge, so no fill ever comes back and its
 * orders depend on the bars alone. Each run has its own Kafka broker and registry (fresh topics,
 * consumer groups and transactional ids) on one MiniCluster of two TaskManagers with one slot each,
 * so the job (parallelism 2) has a task on both and every kill hits it.
 *
 * <ol>
 *   <li>The reference: the seeded bars replayed at full speed, uninterrupted, twice; both runs must
 *       commit the same bytes, or a comparison under faults would mean nothing.
 *   <li>The same bars replayed in market time while {@value #DEFAULT_KILLS} TaskManager kills
 *       ({@code -Dfaults.kills=50} for the long version; {@code -Dfaults.seed} picks another
 *       schedule) land at seeded points, each once the job runs again and has completed a
 *       checkpoint: after a random number of further bars, while a checkpoint is in progress (the
 *       sink has pre-committed and not committed), or as soon as a checkpoint completes (before or
 *       while the sink commits).
 * </ol>
 *
 * Read committed, the orders of each portfolio must equal the reference's in offset order, their
 * client order ids unique, their sequences 1, 2, 3…
 */
@Tag("slow")
class ExactlyOnceUnderFailureITCase {
  private static final int DEFAULT_KILLS = 10;
  private static final int KILLS = Integer.getInteger("faults.kills", DEFAULT_KILLS);
  private static final int KAFKA_RESTARTS = Integer.getInteger("faults.kafkaRestarts", 3);
  private static final long SEED = Long.getLong("faults.seed", 20190211L);
  private static final long BARS_SEED = 7;
  private static final int PARALLELISM = 2;
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");

  /** Market time per wall second while TaskManagers are killed: one trading day in about 30 s. */
  private static final ReplaySpeed UNDER_FIRE = new ReplaySpeed(780);

  /**
   * With no fill, a portfolio sends one order per symbol (the first entry; the order then stays
   * working): many portfolios over distinct symbols spread orders over the day.
   */
  private static final List<PortfolioSpec> PORTFOLIOS =
      List.of(
          portfolio("tech", "AAPL", "MSFT", "NVDA"),
          portfolio("index", "QQQ", "SPY", "IWM"),
          portfolio("banks", "JPM", "BAC", "WFC"),
          portfolio("energy", "XOM", "CVX", "COP"),
          portfolio("staples", "KO", "PEP", "PG"),
          portfolio("telecom", "T", "VZ", "TMUS"));

  private static final List<String> SYMBOLS =
      PORTFOLIOS.stream().flatMap(p -> p.symbols().stream()).distinct().sorted().toList();

  /** Market minutes published before the job starts. */
  private static final int HEAD_MINUTES = 10;

  private static LocalFlink flink;
  private static FlinkRest rest;

  @BeforeAll
  static void start() throws Exception {
    flink = LocalFlink.start(0, new LocalFlink.Shape(2, 1, 2 * KILLS + 10, Duration.ofMillis(100)));
    rest = new FlinkRest(flink.webUi());
  }

  @AfterAll
  static void stop() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }

  /** The uninterrupted runs, made once for every test of the class. */
  private static Run reference;

  /**
   * The reference run's orders, from two uninterrupted runs that must commit the same bytes, or a
   * comparison under faults would mean nothing.
   */
  private static Run reference(List<Bar> bars) throws Exception {
    if (reference != null) {
      return reference;
    }
    Run first = run("reference", bars, ReplaySpeed.MAX, null, OptionalLong.empty());
    assertWellFormed(first);
    Run again = run("reference-again", bars, ReplaySpeed.MAX, null, OptionalLong.of(first.count()));
    assertThat(again.orders())
        .as("two uninterrupted runs over the same bars commit the same orders")
        .isEqualTo(first.orders());
    assertThat(again.bytes())
        .as("two uninterrupted runs commit the same bytes")
        .isEqualTo(first.bytes());
    reference = first;
    return first;
  }

  @Test
  void killedTaskManagersNeitherLoseNorDuplicateAnOrder() throws Exception {
    List<Bar> bars = bars();
    Run reference = reference(bars);

    Killer killer = new Killer(new Random(SEED), KILLS);
    Run underFire = run("under-fire", bars, UNDER_FIRE, killer, OptionalLong.of(reference.count()));
    System.out.printf(
        Locale.ROOT,
        "exactly once under failure: %d orders; reference run %.1f s, run under fire %.1f s with"
            + " %d kills (%s), %d restarts, %d TaskManagers lost to a failover and replaced%n%s%n",
        reference.count(),
        reference.seconds(),
        underFire.seconds(),
        killer.kills.size(),
        killer.summary(),
        underFire.restarts(),
        killer.lostReplaced,
        killer.kills.stream().map(Kill::toString).collect(Collectors.joining("\n")));

    assertThat(killer.kills).hasSize(KILLS);
    assertThat(killer.kills)
        .as("a kill caught a checkpoint between the sink's pre-commit and its commit")
        .anyMatch(
            k -> k.point() == KillPoint.CHECKPOINT_IN_PROGRESS && k.outcome().equals("FAILED"));
    assertThat(underFire.restarts())
        .as(
            "every kill made the job restart (%d TaskManagers lost and replaced)",
            killer.lostReplaced)
        .isGreaterThanOrEqualTo(KILLS);
    assertWellFormed(underFire);
    assertThat(underFire.orders())
        .as(
            "under TaskManager kills, the committed orders are the reference's: none lost, none twice")
        .isEqualTo(reference.orders());
    assertThat(underFire.bytes()).isEqualTo(reference.bytes());
  }

  @Test
  void aKafkaBrokerRestartedWhileTheSinkHasOpenTransactionsNeitherLosesNorDuplicatesAnOrder()
      throws Exception {
    List<Bar> bars = bars();
    Run reference = reference(bars);

    KafkaRestarter restarter = new KafkaRestarter(new Random(SEED), KAFKA_RESTARTS);
    Run underFire =
        run("kafka-restarts", bars, UNDER_FIRE, restarter, OptionalLong.of(reference.count()));
    System.out.printf(
        Locale.ROOT,
        "exactly once across Kafka restarts: %d orders, %d broker restarts, %d job restarts, %.1f"
            + " s%n%s%n",
        reference.count(),
        restarter.restarts.size(),
        underFire.restarts(),
        underFire.seconds(),
        restarter.restarts.stream().map(Restart::toString).collect(Collectors.joining("\n")));

    assertThat(restarter.restarts).hasSize(KAFKA_RESTARTS);
    assertThat(restarter.restarts)
        .as("a restart caught a checkpoint between the sink's pre-commit and its commit")
        .anyMatch(r -> r.checkpoint() > 0);
    assertThat(restarter.restarts)
        .as("the broker kept what was committed before it went down (same ports, same log dirs)")
        .allMatch(r -> r.committedAfter() >= r.committedBefore());
    assertWellFormed(underFire);
    assertThat(underFire.orders())
        .as(
            "across Kafka restarts, the committed orders are the reference's: none lost, none twice")
        .isEqualTo(reference.orders());
    assertThat(underFire.bytes()).isEqualTo(reference.bytes());
  }

  // --- one run -------------------------------------------------------------------------------

  /**
   * The committed orders of one run, per portfolio in offset order, with the wire bytes of each.
   */
  private record Run(
      Map<String, List<Order>> orders,
      Map<String, List<String>> bytes,
      long restarts,
      double seconds) {
    long count() {
      return orders.values().stream().mapToLong(List::size).sum();
    }
  }

  /**
   * Starts a stack and the job, replays {@code bars} at {@code speed} while {@code fault} (if any)
   * strikes, and reads what was committed once every bar is marked in every book and the orders are
   * all there: {@code expectedOrders} of them, or, without an expectation, when no more come.
   */
  private static Run run(
      String name, List<Bar> bars, ReplaySpeed speed, Fault fault, OptionalLong expectedOrders)
      throws Exception {
    long start = System.nanoTime();
    try (KafkaTestStack stack = KafkaTestStack.start()) {
      // The first minutes are in Kafka before the job starts, in every partition: a source split
      // that found nothing for the idleness timeout would be idle, and whichever split's bars
      // arrived first would move event time alone, making the others' first bars late.
      int head = HEAD_MINUTES * SYMBOLS.size();
      replay(stack, bars.subList(0, head), ReplaySpeed.MAX);
      JobID job = submit(stack, name);
      List<RunMonitor> books = new ArrayList<>();
      for (PortfolioSpec spec : PORTFOLIOS) {
        books.add(
            new RunMonitor(
                stack.bootstrapServers(), stack.registry(), spec.name(), INITIAL_CASH, 0L));
      }
      Replayer replayer = new Replayer(stack.bootstrapServers(), stack.registry(), speed);
      replayer.from(new ListBarSource(bars.subList(head, bars.size())));
      try (replayer) {
        books.forEach(book -> daemon("monitor", book));
        daemon("replayer", replayer);
        if (fault != null) {
          fault.injectWhileRunning(stack, job, replayer, books.get(0));
        }
        assertThat(replayer.awaitFinished(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("replay finished")
            .isTrue();
        awaitRecovered(job, 0);
        for (int i = 0; i < PORTFOLIOS.size(); i++) {
          RunMonitor book = books.get(i);
          long marks = marksExpected(bars, PORTFOLIOS.get(i));
          assertThat(Deadline.await(() -> book.marks() >= marks, WAIT))
              .as(
                  "%s: every bar of %s marked (%d of %d)",
                  name, PORTFOLIOS.get(i).name(), book.marks(), marks)
              .isTrue();
        }
        RunMonitor orders = books.get(0);
        if (expectedOrders.isPresent()) {
          assertThat(Deadline.await(() -> orders.orders() >= expectedOrders.getAsLong(), WAIT))
              .as(
                  "%s: %d of %d orders committed",
                  name, orders.orders(), expectedOrders.getAsLong())
              .isTrue();
        } else {
          // The last bars' orders leave with the next checkpoints; a pause of ten intervals
          // without a new one (after every bar is marked) means there are no more.
          assertThat(
                  Deadline.awaitQuiet(orders::orders, CHECKPOINT_INTERVAL.multipliedBy(10), WAIT))
              .isTrue();
        }
        // An order committed twice would show up here: give it two more checkpoints to do so.
        long seen = rest.checkpoints(job).latestCompleted();
        assertThat(Deadline.await(() -> rest.checkpoints(job).latestCompleted() >= seen + 2, WAIT))
            .isTrue();
        assertThat(flink.statusOrFailed(job)).isEqualTo(JobStatus.RUNNING);
        long restarts = rest.restarts(job);
        flink.cancel(job);
        return read(stack, restarts, (System.nanoTime() - start) / 1e9);
      } finally {
        for (RunMonitor book : books) {
          book.close();
        }
        if (flink.statusOrFailed(job) == JobStatus.RUNNING) {
          flink.cancel(job);
        }
      }
    }
  }

  private static void replay(KafkaTestStack stack, List<Bar> bars, ReplaySpeed speed) {
    try (Replayer replayer = new Replayer(stack.bootstrapServers(), stack.registry(), speed)) {
      replayer.from(new ListBarSource(bars));
      daemon("replayer-head", replayer);
      assertThat(replayer.awaitFinished(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(replayer.barsPublished()).isEqualTo(bars.size());
    }
  }

  private static JobID submit(KafkaTestStack stack, String name) throws Exception {
    KafkaEndpoints kafka =
        new KafkaEndpoints(
            stack.bootstrapServers(), RegistrySettings.of(stack.registryUrl(), false), "eos-it");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    TradingJobMain.configure(env, CHECKPOINT_INTERVAL);
    new TradingJob(config())
        .build(env, kafka.bars(), null, kafka.fills(), null, null, TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("exactly-once-" + name);
    JobID job = flink.submit(graph);
    awaitRecovered(job, 0);
    return job;
  }

  /**
   * Waits until every task of {@code job} runs and a checkpoint newer than {@code afterCheckpoint}
   * has completed: the job is back and making progress.
   */
  private static void awaitRecovered(JobID job, long afterCheckpoint) {
    assertThat(
            Deadline.await(
                () ->
                    rest.allTasksRunning(job)
                        && rest.checkpoints(job).latestCompleted() > afterCheckpoint,
                WAIT))
        .as("job %s running with a checkpoint after %d", job, afterCheckpoint)
        .isTrue();
  }

  private static Run read(KafkaTestStack stack, long restarts, double seconds) {
    AvroCodec<Order> codec = AvroCodec.forTopic(Topic.ORDERS, stack.registry(), false);
    Map<String, List<Order>> orders = new TreeMap<>();
    Map<String, List<String>> bytes = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : stack.reader().readRaw(Topic.ORDERS)) {
      Order order = codec.decode(record.value());
      String portfolio = order.getPortfolio().toString();
      orders.computeIfAbsent(portfolio, p -> new ArrayList<>()).add(order);
      bytes
          .computeIfAbsent(portfolio, p -> new ArrayList<>())
          .add(
              new String(record.key(), StandardCharsets.UTF_8)
                  + ":"
                  + HexFormat.of().formatHex(record.value()));
    }
    return new Run(orders, bytes, restarts, seconds);
  }

  // --- what must hold of any run ---------------------------------------------------------------

  private static void assertWellFormed(Run run) {
    assertThat(run.orders().keySet())
        .as("every portfolio traded")
        .containsExactlyInAnyOrderElementsOf(PORTFOLIOS.stream().map(PortfolioSpec::name).toList());
    List<String> ids = new ArrayList<>();
    run.orders()
        .forEach(
            (portfolio, orders) -> {
              for (int i = 0; i < orders.size(); i++) {
                Order order = orders.get(i);
                assertThat(order.getSequence())
                    .as("%s's orders are numbered 1, 2, 3… in commit order", portfolio)
                    .isEqualTo(i + 1L);
                assertThat(order.getClientOrderId().toString())
                    .isEqualTo(
                        ClientOrderIds.of(
                            portfolio,
                            order.getDecisionTime().toEpochMilli(),
                            order.getSymbol().toString(),
                            order.getSequence()));
                ids.add(order.getClientOrderId().toString());
              }
            });
    assertThat(ids).as("client order ids").doesNotHaveDuplicates();
  }

  // --- faults --------------------------------------------------------------------------------

  /** Where in the job's life a kill lands. */
  private enum KillPoint {
    /** After a random number (1–60) of further bars marked in a book. */
    AFTER_BARS,
    /** While a checkpoint is in progress: the sink has pre-committed, the commit has not come. */
    CHECKPOINT_IN_PROGRESS,
    /** As soon as a checkpoint completes: the commit has not happened, or is happening. */
    CHECKPOINT_COMPLETED
  }

  /**
   * One kill.
   *
   * @param checkpoint the checkpoint in progress or just completed at the kill, 0 for none
   * @param outcome what became of that checkpoint (FAILED: caught before completion)
   */
  private record Kill(
      int number,
      KillPoint point,
      int taskManager,
      long checkpoint,
      String outcome,
      long barsMarked,
      boolean duringReplay) {
    Kill withOutcome(String outcome) {
      return new Kill(number, point, taskManager, checkpoint, outcome, barsMarked, duringReplay);
    }
  }

  /** What a run under fire does to the system while the bars replay. */
  private interface Fault {
    void injectWhileRunning(KafkaTestStack stack, JobID job, Replayer replayer, RunMonitor book)
        throws Exception;
  }

  /**
   * Waits (up to 20 s) until 1–60 (seeded) more bars are marked in {@code book}; past the end of
   * the replay there are no more bars to wait for.
   */
  private static void awaitMoreBars(Random random, RunMonitor book, Replayer replayer) {
    long target = book.marks() + 1 + random.nextInt(60);
    Deadline.await(() -> book.marks() >= target || replayer.isFinished(), Duration.ofSeconds(20));
  }

  /** Waits (up to 20 s) for a checkpoint in progress and returns its id, 0 if none came. */
  private static long awaitCheckpointInProgress(JobID job) {
    OptionalLong[] inProgress = {OptionalLong.empty()};
    Deadline.await(
        () -> (inProgress[0] = rest.checkpoints(job).inProgress()).isPresent(),
        Duration.ofSeconds(20),
        Duration.ofMillis(1));
    return inProgress[0].orElse(0);
  }

  /** A fault that strikes {@code count} times at points {@code random} picks. */
  private abstract static class SeededFault implements Fault {
    final Random random;
    final int count;

    SeededFault(Random random, int count) {
      this.random = random;
      this.count = count;
    }
  }

  /** Kills TaskManagers at seeded points, replacing each at once. */
  private static final class Killer extends SeededFault {
    private final List<Kill> kills = new ArrayList<>();
    private final List<Integer> live = new ArrayList<>(List.of(0, 1));
    private int started = 2;

    /** TaskManagers that died without being killed, replaced (see awaitRecoveredReplacingLost). */
    private int lostReplaced;

    Killer(Random random, int count) {
      super(random, count);
    }

    @Override
    public void injectWhileRunning(
        KafkaTestStack stack, JobID job, Replayer replayer, RunMonitor book) throws Exception {
      long checkpointAtLastKill = 0;
      for (int i = 1; i <= count; i++) {
        awaitRecoveredReplacingLost(job, checkpointAtLastKill);
        settleLastKill(job);
        KillPoint point = KillPoint.values()[random.nextInt(KillPoint.values().length)];
        long checkpoint = 0;
        switch (point) {
          case AFTER_BARS -> awaitMoreBars(random, book, replayer);
          case CHECKPOINT_IN_PROGRESS -> checkpoint = awaitCheckpointInProgress(job);
          case CHECKPOINT_COMPLETED -> {
            long before = rest.checkpoints(job).latestCompleted();
            long[] completed = {before};
            Deadline.await(
                () -> (completed[0] = rest.checkpoints(job).latestCompleted()) > before,
                Duration.ofSeconds(20),
                Duration.ofMillis(1));
            checkpoint = completed[0];
          }
        }
        // A TaskManager a failover took down (replaced already) is not killed again.
        live.removeIf(index -> !flink.isTaskManagerRunning(index));
        int taskManager = live.remove(random.nextInt(live.size()));
        flink.terminateTaskManager(taskManager);
        flink.startTaskManager();
        live.add(started++);
        checkpointAtLastKill = rest.checkpoints(job).latestCompleted();
        kills.add(
            new Kill(i, point, taskManager, checkpoint, "", book.marks(), !replayer.isFinished()));
      }
      awaitRecoveredReplacingLost(job, checkpointAtLastKill);
      settleLastKill(job);
    }

    /**
     * As {@link #awaitRecovered}, replacing a TaskManager the test did not kill that died anyway: a
     * failover cancels tasks whose at-least-once Kafka sinks still have sends in flight, the
     * connector's forced producer close ("Producer is closed forcefully") surfaces as a fatal error
     * of the task, and Flink terminates that TaskManager too. A cluster's resource manager would
     * start another; without one the job waits for slots forever (seen once in ten runs). One
     * missing for 5 s is replaced; a later kill may then pick the dead one and do nothing.
     */
    private void awaitRecoveredReplacingLost(JobID job, long afterCheckpoint) throws Exception {
      long[] missingSince = {0};
      Exception[] failed = {null};
      boolean recovered =
          Deadline.await(
              () -> {
                if (rest.taskManagers() >= 2) {
                  missingSince[0] = 0;
                } else if (missingSince[0] == 0) {
                  missingSince[0] = System.nanoTime();
                } else if (System.nanoTime() - missingSince[0] > 5_000_000_000L) {
                  try {
                    flink.startTaskManager();
                  } catch (Exception e) {
                    failed[0] = e;
                    return true;
                  }
                  live.add(started++);
                  lostReplaced++;
                  missingSince[0] = 0;
                }
                return rest.allTasksRunning(job)
                    && rest.checkpoints(job).latestCompleted() > afterCheckpoint;
              },
              WAIT);
      if (failed[0] != null) {
        throw failed[0];
      }
      assertThat(recovered)
          .as("job %s running with a checkpoint after %d", job, afterCheckpoint)
          .isTrue();
    }

    /** Records what became of the checkpoint the last kill caught, now that the job is back. */
    private void settleLastKill(JobID job) {
      if (kills.isEmpty()) {
        return;
      }
      Kill last = kills.get(kills.size() - 1);
      if (last.checkpoint() > 0 && last.outcome().isEmpty()) {
        kills.set(
            kills.size() - 1, last.withOutcome(rest.checkpoints(job).statusOf(last.checkpoint())));
      }
    }

    String summary() {
      Map<String, Long> byPoint =
          kills.stream()
              .collect(
                  Collectors.groupingBy(
                      k -> k.point() + (k.outcome().isEmpty() ? "" : "→" + k.outcome()),
                      LinkedHashMap::new,
                      Collectors.counting()));
      long duringReplay = kills.stream().filter(Kill::duringReplay).count();
      return byPoint + ", " + duringReplay + " during the replay";
    }
  }

  /**
   * One restart of the Kafka broker.
   *
   * @param checkpoint the checkpoint in progress when the broker went down (the sink had
   *     pre-committed its transaction and opened the next), 0 for none
   * @param committedBefore orders read committed just before
   * @param committedAfter orders read committed as soon as the broker answered again
   */
  private record Restart(
      int number,
      long barsMarked,
      long checkpoint,
      long committedBefore,
      long committedAfter,
      double downSeconds) {}

  /**
   * Restarts the Kafka broker (same ports, same log directories) at seeded points: after 1–60
   * further bars marked, as soon as a checkpoint is in progress. The exactly-once sink always has a
   * transaction open, and during a checkpoint also a pre-committed one waiting for its commit.
   */
  private static final class KafkaRestarter extends SeededFault {
    private final List<Restart> restarts = new ArrayList<>();

    KafkaRestarter(Random random, int count) {
      super(random, count);
    }

    @Override
    public void injectWhileRunning(
        KafkaTestStack stack, JobID job, Replayer replayer, RunMonitor book) throws Exception {
      long checkpointAtLastRestart = 0;
      for (int i = 1; i <= count; i++) {
        awaitRecovered(job, checkpointAtLastRestart);
        awaitMoreBars(random, book, replayer);
        long before = stack.reader().readRaw(Topic.ORDERS).size();
        long checkpoint = awaitCheckpointInProgress(job);
        long down = System.nanoTime();
        stack.restartBroker();
        double downSeconds = (System.nanoTime() - down) / 1e9;
        long after = stack.reader().readRaw(Topic.ORDERS).size();
        restarts.add(new Restart(i, book.marks(), checkpoint, before, after, downSeconds));
        checkpointAtLastRestart = rest.checkpoints(job).latestCompleted();
      }
      awaitRecovered(job, checkpointAtLastRestart);
    }
  }

  // --- the job and its market ----------------------------------------------------------------

  /**
   * The momentum baseline with the market breakers out of reach. A breaker's PAUSE and the target
   * it should stop reach the risk gate by different paths, and the gate applies a PAUSE from the
   * moment it arrives (README, known limits): with breakers tripping, two uninterrupted runs over
   * the same bars differ (an entry on the spike's own bar passes in one run and is ENTRIES_PAUSED
   * in the other), and the comparison would test thread scheduling, not the sink.
   */
  private static TradingJobConfig config() {
    RiskLimits market =
        RiskLimits.DEFAULT.with(
            Map.of(
                "volatility_spike_sigmas", "100", "price_jump", "0.5", "unusual_volume", "1000"));
    return new TradingJobConfig(
            PORTFOLIOS,
            FeatureWindows.DEFAULT,
            MomentumParameters.DEFAULT,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5))
        .withRisk(new RiskSettings(RiskSettings.DEFAULT.sessions(), market, null));
  }

  private static PortfolioSpec portfolio(String name, String... symbols) {
    // Both symbols of a portfolio correlate above the default 0.7 on these days; both must trade.
    // The limits judged on the market context are out of reach too: the gate judges a target
    // against the newest context that has arrived, which may be a later bar's, so with VaR,
    // exposure or concentration binding two uninterrupted runs decided differently (seen once in
    // a CI simulation: a first order released at 15:26 in one run, 15:31 in the other).
    RiskLimits limits =
        new RiskLimits(new BigDecimal("1000"), new BigDecimal("50000"), new BigDecimal("1000"))
            .with(
                Map.of(
                    "max_correlation", "1",
                    "max_gross_exposure", "100",
                    "max_net_exposure", "100",
                    "max_concentration", "1",
                    "var_limit", "1"));
    return new PortfolioSpec(name, List.of(symbols), INITIAL_CASH, limits, LotSizes.WHOLE_UNITS);
  }

  /** One seeded trading day of every portfolio's symbols. */
  private static List<Bar> bars() {
    List<Bar> bars = new ArrayList<>();
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(SYMBOLS).withSeed(BARS_SEED).withTradingDays(1))) {
      Optional<Bar> next;
      while ((next = source.next()).isPresent()) {
        bars.add(next.get());
      }
    }
    return bars;
  }

  private static long marksExpected(List<Bar> bars, PortfolioSpec portfolio) {
    return bars.stream().filter(b -> portfolio.symbols().contains(b.symbol())).count();
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
