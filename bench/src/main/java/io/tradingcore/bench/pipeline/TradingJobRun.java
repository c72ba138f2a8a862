package io.tradingcore.bench.pipeline;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.LocalFlink;
import io.tradingcore.marketdata.GateParameters;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.strategy.MomentumParameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The whole trading job ({@link TradingJob}: bars from Kafka, fills, every sink to Kafka) submitted
 * to a MiniCluster of its own, optionally with the paper broker bridge closing the loop.
 */
final class TradingJobRun implements AutoCloseable {
  /**
   * Most symbols one portfolio can trade: the cross-asset alignment takes at most {@value
   * CrossAssetParameters#MAX_SYMBOLS} symbols including the benchmark.
   */
  static final int MAX_SYMBOLS_PER_PORTFOLIO = CrossAssetParameters.MAX_SYMBOLS - 1;

  private final String name;
  private final LocalFlink flink;
  private final JobID job;
  private BrokerBridge bridge;

  private TradingJobRun(String name, LocalFlink flink, JobID job) {
    this.name = name;
    this.flink = flink;
    this.job = job;
  }

  /**
   * {@code symbols} split in order into portfolios of at most {@link #MAX_SYMBOLS_PER_PORTFOLIO}
   * symbols ({@code bench-000}, {@code bench-001}, …), each with limits wide enough that only the
   * strategy decides.
   */
  static TradingJobConfig config(List<String> symbols, StrategyChoice strategy) {
    int perPortfolio = MAX_SYMBOLS_PER_PORTFOLIO;
    RiskLimits limits =
        new RiskLimits(
                new BigDecimal("100000"), new BigDecimal("1000000"), new BigDecimal("100000"))
            .with(
                Map.of(
                    "max_correlation", "1",
                    "max_orders_per_window", "100000",
                    "max_gross_exposure", "100",
                    "max_net_exposure", "100",
                    "max_concentration", "1",
                    "var_limit", "1",
                    "max_drawdown", "0.9",
                    "daily_loss_limit", "0.9"));
    List<PortfolioSpec> portfolios = new ArrayList<>();
    for (int from = 0; from < symbols.size(); from += perPortfolio) {
      portfolios.add(
          new PortfolioSpec(
              String.format(Locale.ROOT, "bench-%03d", portfolios.size()),
              symbols.subList(from, Math.min(symbols.size(), from + perPortfolio)),
              new BigDecimal("10000000"),
              limits,
              LotSizes.WHOLE_UNITS));
    }
    return new TradingJobConfig(
        portfolios,
        FeatureWindows.DEFAULT,
        MomentumParameters.DEFAULT,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        GateParameters.DEFAULT,
        CrossAssetParameters.DEFAULT,
        TradingJobConfig.DEFAULT_TICK_OUT_OF_ORDERNESS,
        strategy);
  }

  /**
   * Builds the job reading bars and fills written from {@code fromMillis} on (unbounded) and
   * submits it to a new MiniCluster with {@code parallelism} slots.
   */
  static TradingJobRun start(
      BenchStack stack,
      TradingJobConfig config,
      String name,
      long fromMillis,
      OrderDelivery delivery,
      Duration checkpointInterval,
      int parallelism)
      throws Exception {
    KafkaEndpoints endpoints =
        new KafkaEndpoints(stack.bootstrap(), RegistrySettings.of(stack.registryUrl(), true), name)
            .startingFrom(fromMillis)
            .withOrderDelivery(delivery);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    TradingJobMain.configure(env, checkpointInterval);
    // Checkpoints to files, as flink-conf/config.yaml sets for a real cluster: the default
    // JobManager storage refuses a task's state over 5 MiB (the rolling features of 5,000 symbols).
    Configuration storage = new Configuration();
    storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    storage.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        stack.directory().resolve("checkpoints").resolve(name).toUri().toString());
    env.configure(storage);
    new TradingJob(config)
        .build(env, endpoints.bars(), endpoints.fills(), TradingJob.Sinks.kafka(endpoints));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    // A cluster per run: what one run's cancellation leaves behind must not touch the next.
    LocalFlink flink = LocalFlink.start(0, parallelism);
    try {
      return new TradingJobRun(name, flink, flink.submit(graph));
    } catch (Exception e) {
      flink.close();
      throw e;
    }
  }

  /**
   * Starts the broker bridge with the paper broker on orders written from {@code fromMillis} on, so
   * orders fill and the order planner sends the next ones; it stops when this run closes.
   */
  void startBridge(BenchStack stack, long fromMillis) {
    bridge =
        new BrokerBridge(
            BridgeConfig.of(stack.bootstrap(), RegistrySettings.of(stack.registryUrl(), true))
                .forRun(name + "-bridge", fromMillis),
            new PaperBroker(new BigDecimal("10000000")));
    Thread thread = new Thread(bridge, "bridge");
    thread.setDaemon(true);
    thread.start();
  }

  LocalFlink flink() {
    return flink;
  }

  JobID job() {
    return job;
  }

  @Override
  public void close() throws Exception {
    try (LocalFlink cluster = flink;
        BrokerBridge b = bridge) {
      cluster.cancel(job);
    }
  }
}
