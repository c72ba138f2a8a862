package io.tradingcore.jobs;

import io.tradingcore.execution.DeduplicateReportsFunction;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.CrossAssetFunction;
import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.features.RollingFeaturesFunction;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.kafka.Decoded;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.SplitDecoded;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.BarQualityGateFunction;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioRouting;
import io.tradingcore.portfolio.PositionBookFunction;
import io.tradingcore.portfolio.RouteToPortfolios;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskGateFunction;
import io.tradingcore.strategy.MomentumStrategy;
import io.tradingcore.strategy.StrategyFunction;
import io.tradingcore.strategy.TargetPosition;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live trading job: bars → quality gate → per-symbol features → per-portfolio alignment and
 * cross-asset features → strategy → risk gate → orders (exactly once), with fills closing the loop
 * into the risk gate's exposure and the position book.
 *
 * <p>Sources and sinks are parameters, so the local stack, the tests and a cluster run the same
 * graph. Every operator has a stable uid (savepoints stay compatible) and a readable name (the web
 * UI).
 */
public final class TradingJob {
  public static final String NAME = "trading-core";

  private final TradingJobConfig config;

  public TradingJob(TradingJobConfig config) {
    this.config = config;
  }

  /** Where the job writes. */
  public record Sinks(
      Sink<Order> orders,
      Sink<BookSnapshot> snapshots,
      Sink<RiskAlert> riskEvents,
      Sink<Quarantined> quarantine,
      Sink<BarFeatures> features) {

    public static Sinks kafka(KafkaEndpoints kafka) {
      return new Sinks(
          kafka.orders(),
          kafka.snapshots(),
          kafka.riskEvents(),
          kafka.quarantine(),
          kafka.features());
    }
  }

  /** Adds the job's graph to {@code env}. */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Sinks sinks) {
    PortfolioRouting routing = PortfolioRouting.of(config.portfolios());

    WatermarkStrategy<Decoded<Bar>> barTime =
        WatermarkStrategy.<Decoded<Bar>>forBoundedOutOfOrderness(config.outOfOrderness())
            // An undecodable record has no event time; it must not move the watermark.
            .withTimestampAssigner(
                (d, kafkaTime) -> d.isOk() ? d.value().endMillis() : Long.MIN_VALUE)
            .withIdleness(config.sourceIdleness());
    SingleOutputStreamOperator<Bar> decodedBars =
        env.fromSource(barSource, barTime, "bars: md.bars.1m.v1")
            .uid("source-bars")
            .process(new SplitDecoded<Bar>())
            .returns(Bar.class)
            .name("decode bars")
            .uid("decode-bars");
    SingleOutputStreamOperator<Bar> bars =
        decodedBars
            .keyBy(Bar::symbol)
            .process(new BarQualityGateFunction(config.gate()))
            .name("bar quality gate")
            .uid("bar-quality-gate");

    SingleOutputStreamOperator<ExecutionReport> decodedFills =
        env.fromSource(fillSource, WatermarkStrategy.noWatermarks(), "fills: fills.v1")
            .uid("source-fills")
            .process(new SplitDecoded<ExecutionReport>())
            .returns(ExecutionReport.class)
            .name("decode fills")
            .uid("decode-fills");
    SingleOutputStreamOperator<ExecutionReport> fills =
        decodedFills
            .keyBy(ExecutionReport::portfolio)
            .process(new DeduplicateReportsFunction())
            .name("deduplicate execution reports")
            .uid("deduplicate-reports");

    SingleOutputStreamOperator<BarFeatures> features =
        bars.keyBy(Bar::symbol)
            .process(new RollingFeaturesFunction(config.featureWindows()))
            .name("rolling features")
            .uid("rolling-features");

    features.sinkTo(sinks.features()).name("features: features.v1").uid("sink-features");

    MomentumStrategy strategy = new MomentumStrategy(config.momentum(), config.lots());
    SingleOutputStreamOperator<TargetPosition> targets =
        features
            // The benchmark reaches every portfolio, traded or not: betas need it aligned.
            .flatMap(RouteToPortfolios.features(routing.including(config.crossAsset().benchmark())))
            .returns(PortfolioFeatures.class)
            .name("route features to portfolios")
            .uid("route-features")
            .keyBy(PortfolioFeatures::portfolio)
            .process(new CrossAssetFunction(config.crossAsset(), config.portfolios()))
            .name("align portfolio: cross-asset features")
            .uid("cross-asset")
            .keyBy(PortfolioObservation::portfolio)
            .process(new StrategyFunction(strategy))
            .name("strategy: " + strategy.id())
            .uid("strategy");

    SingleOutputStreamOperator<Order> orders =
        targets
            .keyBy(TargetPosition::portfolio)
            .connect(fills.keyBy(ExecutionReport::portfolio))
            .process(new RiskGateFunction(config.portfolios()))
            .name("risk gate")
            .uid("risk-gate");
    orders.sinkTo(sinks.orders()).name("orders: orders.v1 (exactly once)").uid("sink-orders");

    DataStream<BookSnapshot> snapshots =
        bars.flatMap(RouteToPortfolios.bars(routing))
            .returns(PortfolioBar.class)
            .name("route marks to portfolios")
            .uid("route-marks")
            .keyBy(PortfolioBar::portfolio)
            .connect(fills.keyBy(ExecutionReport::portfolio))
            .process(new PositionBookFunction(config.portfolios()))
            .name("position book")
            .uid("position-book");
    snapshots.sinkTo(sinks.snapshots()).name("snapshots: portfolio.v1").uid("sink-snapshots");

    orders
        .getSideOutput(RiskGateFunction.DENIALS)
        .sinkTo(sinks.riskEvents())
        .name("risk events: risk.events.v1")
        .uid("sink-risk-events");

    decodedBars
        .getSideOutput(SplitDecoded.QUARANTINE)
        .union(
            decodedFills.getSideOutput(SplitDecoded.QUARANTINE),
            fills.getSideOutput(DeduplicateReportsFunction.DUPLICATES),
            bars.getSideOutput(BarQualityGateFunction.QUARANTINE))
        .sinkTo(sinks.quarantine())
        .name("quarantine: md.quarantine.v1")
        .uid("sink-quarantine");
  }
}
