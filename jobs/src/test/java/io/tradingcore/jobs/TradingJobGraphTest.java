package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.backtest.BacktestJob;
import io.tradingcore.backtest.BreakerPasses;
import io.tradingcore.backtest.ExtraRun;
import io.tradingcore.backtest.ResumeHalts;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.export.FeatureExportJob;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.breakers.MarketBreakers;
import io.tradingcore.testing.TestBars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the job graphs without running them: Flink checks here that every function can be shipped
 * to a cluster (serializable) and that no type falls back to Kryo, failures a harness test of one
 * function does not see.
 */
class TradingJobGraphTest {
  private static final KafkaEndpoints KAFKA =
      new KafkaEndpoints(
          "localhost:1", RegistrySettings.of("http://localhost:1", false), "graph-test");

  @TempDir Path dir;

  @Test
  void theTradingJobGraphBuildsWithAStableUidOnEveryOperator() {
    StreamGraph graph = momentumJob(2).getStreamGraph();
    assertThatUidsOf(graph)
        .contains(
            "source-broker-positions",
            "decode-broker-positions",
            "reconciliation",
            "source-bars",
            "source-ticks",
            "tick-bar-aggregation",
            "bar-quality-gate",
            "rolling-features",
            "cross-asset",
            "strategy",
            "risk-gate",
            "position-book",
            "sink-orders",
            "sink-features");
  }

  @Test
  void theSymbolKeyedStepsAfterTheGateRunChainedWithoutANetworkHop() {
    StreamExecutionEnvironment env = momentumJob(2);
    List<String> tasks =
        StreamSupport.stream(env.getStreamGraph().getJobGraph().getVertices().spliterator(), false)
            .map(JobVertex::getName)
            .toList();
    assertThat(tasks)
        .as("the features read the gate's output in its task")
        .anyMatch(t -> t.startsWith("bar quality gate -> ") && t.contains("rolling features"))
        .as("the market-breaker patterns read the signals in their task")
        .anyMatch(
            t ->
                t.startsWith("market breakers: signals with thresholds -> ")
                    && t.contains("breaker: stale feed (CEP)")
                    && t.contains("breaker: price jump (CEP)")
                    && t.contains("breaker: unusual volume (CEP)")
                    && t.contains("breaker: volatility spike (CEP)")
                    && t.contains("breaker: feed divergence (CEP)"))
        .noneMatch(t -> t.startsWith("rolling features"))
        .noneMatch(t -> t.startsWith("breaker: stale feed"));
  }

  @Test
  void theMarketBreakersWatchTheFeedsBeforeTheGateAndSerialise() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    MarketDataGraph.Output market =
        new MarketDataGraph(new TradingOptions().toConfig())
            .fromSources(env, KAFKA.bars(), KAFKA.ticks());
    assertThat(market.feedBars()).isNotNull();
    assertThat(market.tickBars()).isNotNull();

    MarketBreakers.attach(
            market.bars(),
            market.features(),
            market.feedBars(),
            market.tickBars(),
            env.fromData(List.<OperatorCommand>of(), TypeInformation.of(OperatorCommand.class))
                .name("commands")
                .uid("test-commands"),
            RiskLimits.DEFAULT,
            MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK))
        .sinkTo(new DiscardingSink<>())
        .uid("test-alerts");

    StreamGraph graph = env.getStreamGraph();
    assertThatUidsOf(graph)
        .contains(
            MarketBreakers.INPUT_FEED_BARS,
            MarketBreakers.INPUT_TICK_BARS,
            MarketBreakers.SIGNALS,
            MarketBreakers.VOLATILITY_SPIKE,
            MarketBreakers.STALE_FEED,
            MarketBreakers.PRICE_JUMP,
            MarketBreakers.FEED_DIVERGENCE,
            MarketBreakers.UNUSUAL_VOLUME);
    assertThat(graph.getJobGraph().getVertices()).isNotEmpty();
  }

  @Test
  void thePolicyGraphScoresWithModelsBroadcastFromKafkaAndSerialises() throws Exception {
    TradingJobConfig config = policyConfig();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    new TradingJob(config)
        .build(
            env,
            KAFKA.bars(),
            KAFKA.ticks(),
            KAFKA.fills(),
            KAFKA.models(),
            TradingJob.Sinks.kafka(KAFKA));

    StreamGraph graph = env.getStreamGraph();
    assertThatUidsOf(graph)
        .contains("source-models", "decode-models", "policy-scorer", "risk-gate")
        .doesNotContain("strategy");
    // The job graph (functions, the model inside) must serialise for a cluster.
    assertThat(graph.getJobGraph().getVertices()).isNotEmpty();
  }

  @Test
  void aModelThatDoesNotFitThePortfolioIsRefusedBeforeTheJobStarts() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                configure(
                    "--strategy",
                    "policy",
                    "--symbols",
                    "AAPL,TSLA",
                    "--model",
                    "../operators/src/test/resources/policy/test-a.onnx"))
        .hasMessageContaining(
            "--model ../operators/src/test/resources/policy/test-a.onnx is refused")
        .hasMessageContaining(
            "model test-a trades [AAPL, MSFT] but portfolio main trades [AAPL, TSLA]");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> configure("--strategy", "policy", "--model", "nope.onnx"))
        .hasMessageContaining("model file nope.onnx does not exist");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> configure("--strategy", "magic"))
        .hasMessageContaining("--strategy must be policy or momentum, got 'magic'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> configure("--symbols", "AAPL,TSLA"))
        .as("the bundled model trades AAPL and MSFT")
        .hasMessageContaining("(the bundled default) is refused")
        .hasMessageContaining("--strategy momentum");
  }

  @Test
  void theBundledPolicyIsTheDefaultAndMomentumStaysSelectable() {
    TradingJobConfig policy = configure();
    assertThat(policy.strategy().isPolicy()).isTrue();
    assertThat(policy.strategy().model().version()).startsWith("ppo-lstm-");
    assertThat(policy.strategy().model().source()).contains(ModelReleases.BUNDLED);
    assertThat(configure("--strategy", "momentum").strategy().isPolicy()).isFalse();
  }

  /** The job's configuration from its command line, as the entry points build it. */
  /** The policy with the operators' two-symbol test model. */
  private static TradingJobConfig policyConfig() {
    return configure(
        "--strategy", "policy", "--model", "../operators/src/test/resources/policy/test-a.onnx");
  }

  private static TradingJobConfig configure(String... args) {
    TradingOptions options = new TradingOptions();
    StrategyOptions strategy = new StrategyOptions();
    picocli.CommandLine cli =
        new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create());
    cli.addMixin("trading", options);
    cli.addMixin("strategy", strategy);
    cli.parseArgs(args);
    return strategy.applyTo(options.toConfig());
  }

  @Test
  void theBacktestGraphRunsTheLiveJobsOperatorsWithThePolicyAndSerialises() throws Exception {
    StreamGraph graph = backtestGraph(new BacktestJob(policyConfig(), PaperFillModel.DEFAULT));
    assertThatUidsOf(graph)
        .contains(
            "bar-quality-gate",
            "rolling-features",
            "cross-asset",
            "policy-scorer",
            MarketBreakers.VOLATILITY_SPIKE,
            "backtest-input-scorer-events",
            "backtest-portfolio")
        .doesNotContain("risk-gate", "position-book", "sink-orders");
    assertThat(graph.getJobGraph().getVertices()).isNotEmpty();
  }

  @Test
  void theBacktestsExtraRunsAddTheirOwnStrategyAndPortfolioOperatorsWithUniqueUids()
      throws Exception {
    TradingJobConfig config = policyConfig();
    BacktestJob job =
        new BacktestJob(
            config,
            PaperFillModel.DEFAULT,
            java.util.EnumSet.allOf(ExtraRun.class),
            new BreakerPasses(ResumeHalts.NEVER, config.portfolios(), config.sessions()));
    StreamGraph graph = backtestGraph(job);
    assertThat(job.extraRuns()).containsExactly(ExtraRun.LOOK_AHEAD, ExtraRun.BASELINE_STRATEGY);
    assertThatUidsOf(graph)
        .contains(
            "backtest-portfolio",
            "look-ahead-features-one-bar-late",
            "cross-asset-look-ahead",
            "policy-scorer-look-ahead",
            "backtest-portfolio-look-ahead",
            "strategy-baseline-momentum",
            "backtest-portfolio-baseline-momentum",
            // Each run's own portfolio breakers over its own records.
            "backtest-breaker-book-signals",
            "backtest-breaker-daily-loss",
            "backtest-breaker-daily-loss-look-ahead",
            "backtest-breaker-runaway-orders-baseline-momentum")
        // One market-data graph and one set of market breakers for every run.
        .containsOnlyOnce("bar-quality-gate", "rolling-features", MarketBreakers.VOLATILITY_SPIKE)
        .doesNotContain("cross-asset-baseline-momentum", "policy-scorer-baseline-momentum");
    assertThat(graph.getJobGraph().getVertices()).isNotEmpty();
    // A momentum primary is the baseline strategy: no second copy of it.
    assertThat(
            new BacktestJob(
                    configure("--strategy", "momentum"),
                    PaperFillModel.DEFAULT,
                    java.util.EnumSet.allOf(ExtraRun.class),
                    null)
                .extraRuns())
        .containsExactly(ExtraRun.LOOK_AHEAD);
  }

  @Test
  void theFeatureExportGraphBuilds() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    new FeatureExportJob(new TradingOptions().toConfig())
        .build(env.fromData(List.<Bar>of(), TypeInformation.of(Bar.class)), dir);

    assertThat(env.getStreamGraph().getStreamNodes()).isNotEmpty();
  }

  /** The live trading job (momentum, every source and sink on Kafka) at {@code parallelism}. */
  private static StreamExecutionEnvironment momentumJob(int parallelism) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    env.setParallelism(parallelism);
    new TradingJob(new TradingOptions().toConfig())
        .build(
            env,
            KAFKA.bars(),
            KAFKA.ticks(),
            KAFKA.fills(),
            null,
            null,
            KAFKA.brokerPositions(),
            TradingJob.Sinks.kafka(KAFKA));
    return env;
  }

  /** {@code job} over one bar, into a discarding sink. */
  private static StreamGraph backtestGraph(BacktestJob job) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TradingJobMain.configure(env, Duration.ofSeconds(1));
    job.build(
            env,
            MarketDataGraph.boundedHistory(
                env, List.of(TestBars.bar("AAPL").atMinute(1).flatAt("150").build()), "graph test"))
        .sinkTo(new DiscardingSink<>())
        .uid("test-records");
    return env.getStreamGraph();
  }

  /** The uid of every operator in {@code graph}: each set, none twice. */
  private static org.assertj.core.api.ListAssert<String> assertThatUidsOf(StreamGraph graph) {
    List<String> uids =
        StreamSupport.stream(graph.getStreamNodes().spliterator(), false)
            .map(StreamNode::getTransformationUID)
            .toList();
    return assertThat(uids).doesNotContainNull().doesNotHaveDuplicates();
  }
}
