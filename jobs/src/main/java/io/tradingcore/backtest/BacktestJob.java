package io.tradingcore.backtest;

import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.policy.PolicyScorerFunction;
import io.tradingcore.portfolio.PortfolioRouting;
import io.tradingcore.portfolio.RouteToPortfolios;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The backtest: the live job's own operators over a bounded history of bars — the quality gate, the
 * rolling features, the portfolio alignment, the strategy (the policy scorer or the momentum
 * baseline) and the market circuit breakers (CEP), built by the same {@link MarketDataGraph} and
 * {@link TradingJob} methods — with the paper fill model inside the job instead of Kafka and the
 * broker bridge.
 *
 * <p>Where the live job closes its loop through {@code orders.v1}, the bridge and {@code fills.v1},
 * the backtest joins the risk gate, a simulated venue and the position book in one keyed operator
 * per portfolio ({@link BacktestPortfolioFunction}): its inputs are the portfolio's bars, market
 * contexts, targets and breaker events, handled in event-time order; its output is one stream of
 * {@link BacktestRecord}s (orders, execution reports, book snapshots, risk events) in the order the
 * portfolio produced them, with the bars the quality gate refused ({@link Quarantined}) on the same
 * stream.
 *
 * <p>Extra runs ({@link ExtraRun}) share the same job: the source, the quality gate, the features,
 * the market breakers, the bars the books are marked with and the market context the gate judges
 * targets against. Each adds only its own targets (the look-ahead check: the primary strategy over
 * features one bar late, {@link OneBarLateFunction}; the baseline strategy: momentum beside a
 * policy) and its own portfolio operator, with uids marked by the run, so the primary run's records
 * do not change when extra runs are added.
 *
 * <p>Not in the backtest yet: the portfolio breakers (daily loss, losing streak, reject burst,
 * runaway orders), which the live job runs over the book's snapshots and the fills: here those are
 * the operator's own output, and a bounded Flink 2.x job has no feedback edge to bring their HALTs
 * back to the gate. The gate's own hard drawdown limit does apply.
 */
public final class BacktestJob {
  public static final String NAME = "trading-core-backtest";

  private final TradingJobConfig config;
  private final PaperFillModel fills;
  private final Set<ExtraRun> extraRuns;

  /** The primary run alone. */
  public BacktestJob(TradingJobConfig config, PaperFillModel fills) {
    this(config, fills, Set.of());
  }

  /**
   * The primary run and the {@code extraRuns} the configuration needs ({@link ExtraRun#needed}: no
   * baseline-strategy copy of a momentum primary).
   */
  public BacktestJob(TradingJobConfig config, PaperFillModel fills, Set<ExtraRun> extraRuns) {
    this.config = config;
    this.fills = fills;
    this.extraRuns = ExtraRun.needed(extraRuns, config);
  }

  /** The extra runs {@link #build} adds. */
  public Set<ExtraRun> extraRuns() {
    return extraRuns;
  }

  /**
   * Adds the backtest to the graph of {@code bars}, which carry event-time timestamps: the primary
   * run's records, each extra run's (tagged with {@link BacktestRecord#run}) and the quarantined
   * bars on one stream.
   */
  public DataStream<BacktestRecord> build(StreamExecutionEnvironment env, DataStream<Bar> bars) {
    return build(env, graph -> graph.fromBars(bars));
  }

  /**
   * Adds the backtest to the market-data graph that {@code market} builds with the job's {@link
   * MarketDataGraph} (from bars, from ticks through the live job's tick-bar aggregation, or from
   * bounded Kafka sources).
   */
  public DataStream<BacktestRecord> build(
      StreamExecutionEnvironment env, Function<MarketDataGraph, MarketDataGraph.Output> market) {
    return build(env, market.apply(new MarketDataGraph(config)));
  }

  private DataStream<BacktestRecord> build(
      StreamExecutionEnvironment env, MarketDataGraph.Output market) {
    TradingJob live = new TradingJob(config);
    MarketDataGraph graph = new MarketDataGraph(config);
    SingleOutputStreamOperator<PortfolioObservation> observations =
        graph.alignPortfolios(market.features());
    List<DataStream<Quarantined>> refused = new ArrayList<>();
    SingleOutputStreamOperator<TargetPosition> targets =
        live.targets(env, observations, null, refused);
    DataStream<RiskAlert> breakers = live.marketBreakerEvents(market, TradingJob.noCommands(env));

    // What every run shares: the bars that mark the book and fill the orders, the market context
    // the risk gate judges targets against (never delayed: the gate is not the strategy) and the
    // market breakers' events. Only the targets differ from one run to the next.
    SharedInputs shared =
        new SharedInputs(
            market
                .bars()
                .flatMap(RouteToPortfolios.bars(PortfolioRouting.of(config.portfolios())))
                .returns(PortfolioBar.class)
                .name("route bars to portfolios")
                .uid("route-marks")
                .map(BacktestInput::of)
                .returns(BacktestInput.class)
                .name("backtest input: bars")
                .uid("backtest-input-bars"),
            observations
                .map(BacktestInput::of)
                .returns(BacktestInput.class)
                .name("backtest input: market context")
                .uid("backtest-input-context"),
            breakers
                .map(BacktestInput::breaker)
                .returns(BacktestInput.class)
                .name("backtest input: breakers")
                .uid("backtest-input-breakers"));
    DataStream<BacktestRecord> records =
        portfolios(
            shared, targets, config.strategy().isPolicy(), MarketDataGraph.Variant.LIVE, null);
    for (ExtraRun run : extraRuns) {
      records = records.union(extraRun(env, run, graph, market, observations, shared, refused));
    }
    DataStream<Quarantined> quarantined = market.quarantined();
    for (DataStream<Quarantined> more : refused) {
      quarantined = quarantined.union(more);
    }
    return records.union(
        quarantined
            .map(BacktestRecord::of)
            .returns(BacktestRecord.class)
            .name("backtest output: quarantine")
            .uid("backtest-output-quarantine"));
  }

  /** An extra run's targets and portfolio operator, its uids marked with the run. */
  private DataStream<BacktestRecord> extraRun(
      StreamExecutionEnvironment env,
      ExtraRun run,
      MarketDataGraph graph,
      MarketDataGraph.Output market,
      DataStream<PortfolioObservation> observations,
      SharedInputs shared,
      List<DataStream<Quarantined>> refused) {
    MarketDataGraph.Variant variant = run.variant();
    return switch (run) {
      case LOOK_AHEAD -> {
        // The delay sits between the rolling features and the alignment the strategy reads: the
        // quality gate, the market breakers, the book's marks and the gate's context stay on time.
        DataStream<BarFeatures> late =
            market
                .features()
                .keyBy(BarFeatures::symbol)
                .process(new OneBarLateFunction())
                .name("look-ahead check: features one bar late")
                .uid("look-ahead-features-one-bar-late");
        SingleOutputStreamOperator<TargetPosition> lateTargets =
            new TradingJob(config)
                .targets(env, graph.alignPortfolios(late, variant), null, refused, variant);
        yield portfolios(shared, lateTargets, config.strategy().isPolicy(), variant, run);
      }
      case BASELINE_STRATEGY -> {
        SingleOutputStreamOperator<TargetPosition> momentum =
            new TradingJob(config.withStrategy(StrategyChoice.momentum()))
                .targets(env, observations, null, refused, variant);
        yield portfolios(shared, momentum, false, variant, run);
      }
    };
  }

  /**
   * One run's portfolio operator over the shared inputs and the run's own targets (and the policy
   * scorer's events, {@code withScorerEvents}).
   */
  private DataStream<BacktestRecord> portfolios(
      SharedInputs shared,
      SingleOutputStreamOperator<TargetPosition> targets,
      boolean withScorerEvents,
      MarketDataGraph.Variant variant,
      ExtraRun run) {
    DataStream<BacktestInput> inputs =
        shared.bars.union(
            shared.context,
            targets
                .map(BacktestInput::of)
                .returns(BacktestInput.class)
                .name(variant.name("backtest input: targets"))
                .uid(variant.uid("backtest-input-targets")),
            shared.breakers);
    if (withScorerEvents) {
      inputs =
          inputs.union(
              targets
                  .getSideOutput(PolicyScorerFunction.EVENTS)
                  .map(BacktestInput::event)
                  .returns(BacktestInput.class)
                  .name(variant.name("backtest input: policy scorer events"))
                  .uid(variant.uid("backtest-input-scorer-events")));
    }
    return inputs
        .keyBy(BacktestInput::portfolio)
        .process(new BacktestPortfolioFunction(config.portfolios(), config.sessions(), fills, run))
        .returns(BacktestRecord.class)
        .name(variant.name("backtest: risk gate → paper fill model → position book"))
        .uid(variant.uid("backtest-portfolio"));
  }

  /** The inputs every run's portfolio operator reads. */
  private record SharedInputs(
      DataStream<BacktestInput> bars,
      DataStream<BacktestInput> context,
      DataStream<BacktestInput> breakers) {}
}
