package io.tradingcore.testing;

import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.LocalFlink;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.strategy.MomentumParameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real parts a job test runs on, once per test class: the embedded Kafka stack with the HTTP
 * registry ({@link KafkaTestStack}) and a Flink MiniCluster with its web UI ({@link LocalFlink}).
 *
 * <pre>{@code @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);}</pre>
 */
public final class JobCluster implements BeforeAllCallback, AfterAllCallback {
  private final int slots;
  private KafkaTestStack stack;
  private LocalFlink flink;

  private JobCluster(int slots) {
    this.slots = slots;
  }

  /** A cluster whose one TaskManager has {@code slots} task slots. */
  public static JobCluster withSlots(int slots) {
    return new JobCluster(slots);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stack = KafkaTestStack.start();
    flink = LocalFlink.start(0, slots);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (flink != null) {
        flink.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  public KafkaTestStack stack() {
    return stack;
  }

  public LocalFlink flink() {
    return flink;
  }

  /** The job's Kafka endpoints on this cluster's stack, registering schemas as needed. */
  public KafkaEndpoints endpoints(String jobName) {
    return new KafkaEndpoints(
        stack.bootstrapServers(), RegistrySettings.of(stack.registryUrl(), true), jobName);
  }

  /**
   * Submits the graph built on {@code env} as {@code jobName} and waits until it runs.
   *
   * @throws IllegalStateException when it is not running within a minute
   */
  public JobID submitRunning(StreamExecutionEnvironment env, String jobName) throws Exception {
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    JobID job = flink.submit(graph);
    if (!Deadline.await(
        () -> flink.statusOrFailed(job) == JobStatus.RUNNING, Duration.ofSeconds(60))) {
      throw new IllegalStateException(jobName + " is not running: " + flink.statusOrFailed(job));
    }
    return job;
  }

  /**
   * One portfolio trading AAPL and MSFT with the momentum baseline: 100,000 cash, a 1,000-unit
   * position limit, 50,000 notional per order, 10 orders a minute, whole units.
   */
  public static TradingJobConfig aaplMsftMomentum(String portfolio) {
    return new TradingJobConfig(
        List.of(
            new PortfolioSpec(
                portfolio,
                List.of("AAPL", "MSFT"),
                new BigDecimal("100000"),
                new RiskLimits(new BigDecimal("1000"), new BigDecimal("50000"), BigDecimal.TEN),
                LotSizes.WHOLE_UNITS)),
        FeatureWindows.DEFAULT,
        MomentumParameters.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /**
   * The trading job for {@code config} on this cluster's Kafka topics (parallelism 2, checkpoints
   * every 500 ms), submitted as {@code jobName} and running.
   */
  public JobID submitTradingJob(TradingJobConfig config, String jobName) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    TradingJobMain.configure(env, Duration.ofMillis(500));
    KafkaEndpoints kafka = endpoints(jobName);
    new TradingJob(config).build(env, kafka.bars(), kafka.fills(), TradingJob.Sinks.kafka(kafka));
    return submitRunning(env, jobName);
  }

  /** A replayer of one synthetic trading day of AAPL and MSFT (seed 7) at 3000 times real time. */
  public Replayer syntheticDayReplayer() {
    Replayer replayer =
        new Replayer(stack.bootstrapServers(), stack.registry(), new ReplaySpeed(3000));
    replayer.from(
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT")).withSeed(7).withTradingDays(1)));
    return replayer;
  }
}
