package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.strategy.TargetPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The restart proof on a real Flink MiniCluster: a replay killed mid-stream and restored from its
 * last checkpoint decides exactly as an uninterrupted run and as a plain {@link PolicyDecider} loop
 * without Flink. The records between that checkpoint and the failure are decided twice, and
 * identically.
 *
 * <p>The source releases {@value #PER_CHECKPOINT} bars per completed checkpoint, so checkpoints are
 * taken all along the replay whatever the machine's speed, and the first attempt fails at the first
 * target on or after bar {@value #FAIL_AT}. Every later decision depends on the restored (h, c): a
 * lost or perturbed state changes the decisions right after the restore (see {@link
 * PolicyScorerSnapshotTest#decisionsDependOnTheRecurrentState()}), and the harness-level test
 * compares (h, c) themselves bit for bit.
 */
@Tag("slow")
class PolicyScorerRecoveryITCase {
  private static final int BARS = 600;
  private static final int FAIL_AT = 330;
  private static final int PER_CHECKPOINT = 40;

  /** What the sink saw, by run: the attempt that wrote each target, in order. */
  private static final Map<String, ConcurrentLinkedQueue<Emitted>> EMITTED =
      new ConcurrentHashMap<>();

  /** The checkpoint each sink writer was restored from, by run and attempt (-1: none). */
  private static final Map<String, Map<Integer, Long>> RESTORED_FROM = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicLong> CHECKPOINTS_BEFORE_FAILURE =
      new ConcurrentHashMap<>();

  record Emitted(int attempt, TargetPosition target) {}

  @ParameterizedTest(name = "state backend {0}")
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aReplayKilledAndRestoredFromACheckpointDecidesExactlyAsAnUninterruptedOne(String backend)
      throws Exception {
    String failed = backend + "-failed";
    String clean = backend + "-clean";
    run(failed, backend, FAIL_AT);
    run(clean, backend, -1);

    // It did fail, once, after checkpoints, and came back from one (not from scratch).
    assertThat(FAILURES.get(failed)).as("failures").hasValue(1);
    assertThat(CHECKPOINTS_BEFORE_FAILURE.get(failed).get())
        .as("checkpoints completed before the failure")
        .isGreaterThanOrEqualTo(3);
    assertThat(RESTORED_FROM.get(failed)).containsKeys(0, 1);
    assertThat(RESTORED_FROM.get(failed).get(0)).as("first attempt: fresh").isEqualTo(-1L);
    assertThat(RESTORED_FROM.get(failed).get(1))
        .as("second attempt: restored from a checkpoint")
        .isPositive();
    List<Emitted> emitted = new ArrayList<>(EMITTED.get(failed));
    long firstRestored =
        emitted.stream()
            .filter(e -> e.attempt() == 1)
            .mapToLong(e -> e.target().decisionTime())
            .min()
            .orElseThrow();
    assertThat(firstRestored)
        .as("the restored attempt resumes mid-replay, not at bar 0")
        .isGreaterThan(PolicyReplay.barEnd(FAIL_AT - 3 * PER_CHECKPOINT));
    assertThat(emitted).extracting(Emitted::attempt).containsOnly(0, 1);

    // Replayed records are decided identically; the deduplicated sequence is exact.
    List<TargetPosition> decided = deduplicated(emitted);
    List<TargetPosition> uninterrupted = deduplicated(new ArrayList<>(EMITTED.get(clean)));
    assertThat(EMITTED.get(clean))
        .as("the clean run writes each target once")
        .hasSize(uninterrupted.size());
    PolicyReplay.Reference reference =
        PolicyReplay.decide("test-a", PolicyReplay.bars(0, BARS), -1);
    assertThat(reference.targets()).hasSizeGreaterThan(100);
    assertThat(uninterrupted).as("uninterrupted run = plain loop").isEqualTo(reference.targets());
    assertThat(decided).as("failed-and-restored run = plain loop").isEqualTo(reference.targets());
    assertThat(emitted.size() - decided.size())
        .as("targets between the restored checkpoint and the failure, decided twice")
        .isPositive();
    assertThat(decided.stream().filter(t -> t.decisionTime() >= firstRestored).count())
        .as("decisions taken after the restore")
        .isGreaterThan(30);
  }

  /** First copy of each (bar, symbol), in order; every later copy must equal it. */
  private static List<TargetPosition> deduplicated(List<Emitted> emitted) {
    Map<String, TargetPosition> first = new LinkedHashMap<>();
    for (Emitted e : emitted) {
      TargetPosition target = e.target();
      String key = target.decisionTime() + "|" + target.symbol();
      TargetPosition earlier = first.putIfAbsent(key, target);
      if (earlier != null) {
        assertThat(target).as("replayed decision for %s", key).isEqualTo(earlier);
      }
    }
    return List.copyOf(first.values());
  }

  private static void run(String name, String backend, int failAt) throws Exception {
    EMITTED.put(name, new ConcurrentLinkedQueue<>());
    RESTORED_FROM.put(name, new ConcurrentHashMap<>());
    FAILURES.put(name, new AtomicInteger());
    CHECKPOINTS_BEFORE_FAILURE.put(name, new AtomicLong());

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(50));
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);

    DataStream<PortfolioObservation> observations =
        env.fromSource(
            new DataGeneratorSource<>(
                i -> PolicyReplay.bar(i),
                BARS,
                RateLimiterStrategy.perCheckpoint(PER_CHECKPOINT),
                TypeInformation.of(PortfolioObservation.class)),
            WatermarkStrategy.<PortfolioObservation>forMonotonousTimestamps()
                .withTimestampAssigner((observation, ts) -> observation.barEnd()),
            "replay");
    // The broadcast side: the release already in use, which changes nothing. A release arriving
    // mid-stream would land at a nondeterministic bar; PolicyScorerSnapshotTest restores a swap.
    DataStream<ModelRelease> models =
        env.fromData(List.of(TestModels.release("test-a")), TypeInformation.of(ModelRelease.class));

    observations
        .keyBy(PortfolioObservation::portfolio)
        .connect(models.broadcast(PolicyScorerFunction.MODELS))
        .process(
            new PolicyScorerFunction(
                TestModels.release("test-a"),
                List.of(PolicyReplay.MAIN),
                PolicyReplay.NOTIONAL,
                PolicyModel.Settings.DEFAULT))
        .name("policy-scorer")
        .map(new FailOnce(name, failAt))
        .returns(TypeInformation.of(TargetPosition.class))
        .sinkTo(new CollectingSink(name));
    env.execute("policy-recovery-" + name);
  }

  /** Fails the first attempt at the first target on or after bar {@code failAt} (-1: never). */
  private static final class FailOnce extends RichMapFunction<TargetPosition, TargetPosition>
      implements CheckpointListener {
    private final String run;
    private final int failAt;
    private transient int attempt;

    FailOnce(String run, int failAt) {
      this.run = run;
      this.failAt = failAt;
    }

    @Override
    public void open(OpenContext context) {
      attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
    }

    @Override
    public TargetPosition map(TargetPosition target) {
      if (failAt >= 0 && attempt == 0 && target.decisionTime() >= PolicyReplay.barEnd(failAt)) {
        FAILURES.get(run).incrementAndGet();
        throw new IllegalStateException("injected failure at " + target);
      }
      return target;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (attempt == 0) {
        CHECKPOINTS_BEFORE_FAILURE.get(run).incrementAndGet();
      }
    }
  }

  /** Records every target with the attempt that wrote it: replays show up as duplicates. */
  private static final class CollectingSink implements Sink<TargetPosition> {
    private static final long serialVersionUID = 1L;
    private final String run;

    CollectingSink(String run) {
      this.run = run;
    }

    @Override
    public SinkWriter<TargetPosition> createWriter(WriterInitContext context) {
      int attempt = context.getTaskInfo().getAttemptNumber();
      OptionalLong restored = context.getRestoredCheckpointId();
      RESTORED_FROM.get(run).put(attempt, restored.orElse(-1L));
      return new SinkWriter<>() {
        @Override
        public void write(TargetPosition target, Context ctx) {
          EMITTED.get(run).add(new Emitted(attempt, target));
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
