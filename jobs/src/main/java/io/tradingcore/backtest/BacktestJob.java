package io.tradingcore.backtest;

import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.jobs.MarketDataGraph;
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
 * <p>Not in the backtest yet: the portfolio breakers (daily loss, losing streak, reject burst,
 * runaway orders), which the live job runs over the book's snapshots and the fills: here those are
 * the operator's own output, and a bounded Flink 2.x job has no feedback edge to bring their HALTs
 * back to the gate. The gate's own hard drawdown limit does apply.
 */
public final class BacktestJob {
  public static final String NAME = "trading-core-backtest";

  private final TradingJobConfig config;
  private final PaperFillModel fills;

  public BacktestJob(TradingJobConfig config, PaperFillModel fills) {
    this.config = config;
    this.fills = fills;
  }

  /** Adds the backtest to the graph of {@code bars}, which carry event-time timestamps. */
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

    DataStream<BacktestInput> inputs =
        market
            .bars()
            .flatMap(RouteToPortfolios.bars(PortfolioRouting.of(config.portfolios())))
            .returns(PortfolioBar.class)
            .name("route bars to portfolios")
            .uid("route-marks")
            .map(BacktestInput::of)
            .returns(BacktestInput.class)
            .name("backtest input: bars")
            .uid("backtest-input-bars")
            .union(
                observations
                    .map(BacktestInput::of)
                    .returns(BacktestInput.class)
                    .name("backtest input: market context")
                    .uid("backtest-input-context"),
                targets
                    .map(BacktestInput::of)
                    .returns(BacktestInput.class)
                    .name("backtest input: targets")
                    .uid("backtest-input-targets"),
                breakers
                    .map(BacktestInput::breaker)
                    .returns(BacktestInput.class)
                    .name("backtest input: breakers")
                    .uid("backtest-input-breakers"));
    if (config.strategy().isPolicy()) {
      inputs =
          inputs.union(
              targets
                  .getSideOutput(PolicyScorerFunction.EVENTS)
                  .map(BacktestInput::event)
                  .returns(BacktestInput.class)
                  .name("backtest input: policy scorer events")
                  .uid("backtest-input-scorer-events"));
    }
    DataStream<BacktestRecord> portfolios =
        inputs
            .keyBy(BacktestInput::portfolio)
            .process(new BacktestPortfolioFunction(config.portfolios(), config.sessions(), fills))
            .returns(BacktestRecord.class)
            .name("backtest: risk gate → paper fill model → position book")
            .uid("backtest-portfolio");
    DataStream<Quarantined> quarantined = market.quarantined();
    for (DataStream<Quarantined> more : refused) {
      quarantined = quarantined.union(more);
    }
    return portfolios.union(
        quarantined
            .map(BacktestRecord::of)
            .returns(BacktestRecord.class)
            .name("backtest output: quarantine")
            .uid("backtest-output-quarantine"));
  }
}
