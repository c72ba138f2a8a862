package io.tradingcore.jobs;

import io.tradingcore.codec.ControlTypeInfo;
import io.tradingcore.execution.DeduplicateReportsFunction;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.kafka.Decoded;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.SplitDecoded;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyScorerFunction;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.BrokerStatement;
import io.tradingcore.portfolio.PortfolioRouting;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.portfolio.PositionBookFunction;
import io.tradingcore.portfolio.ReconciliationFunction;
import io.tradingcore.portfolio.RouteToPortfolios;
import io.tradingcore.risk.GateInput;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskGateFunction;
import io.tradingcore.risk.breakers.MarketBreakers;
import io.tradingcore.risk.breakers.PortfolioBreakers;
import io.tradingcore.risk.control.VerifyControlFunction;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.strategy.MomentumStrategy;
import io.tradingcore.strategy.StrategyFunction;
import io.tradingcore.strategy.TargetPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live trading job: bars, and bars aggregated from ticks in event time, → quality gate →
 * per-symbol features → per-portfolio alignment and cross-asset features → strategy → risk gate →
 * orders (exactly once), with fills closing the loop into the risk gate's exposure and the position
 * book.
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
      Sink<BarFeatures> features,
      Sink<PortfolioFeatureVector> portfolioFeatures) {

    public static Sinks kafka(KafkaEndpoints kafka) {
      return new Sinks(
          kafka.orders(),
          kafka.snapshots(),
          kafka.riskEvents(),
          kafka.quarantine(),
          kafka.features(),
          kafka.portfolioFeatures());
    }
  }

  /** Adds the job's graph to {@code env}, for bars only (no tick source). */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Sinks sinks) {
    build(env, barSource, null, fillSource, sinks);
  }

  /** Adds the job's graph to {@code env}, with no model releases (the configured model only). */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Sinks sinks) {
    build(env, barSource, tickSource, fillSource, null, sinks);
  }

  /**
   * Adds the job's graph to {@code env}.
   *
   * @param tickSource trades and quotes to aggregate into bars, or {@code null} for none
   * @param modelSource model releases for the policy ({@code models.v1}), or {@code null} for none
   */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      Sinks sinks) {
    build(env, barSource, tickSource, fillSource, modelSource, null, sinks);
  }

  /** Adds the job's graph to {@code env}, with no reconciliation against the broker. */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      Source<Decoded<Control>, ?, ?> controlSource,
      Sinks sinks) {
    build(env, barSource, tickSource, fillSource, modelSource, controlSource, null, sinks);
  }

  /**
   * Adds the job's graph to {@code env}.
   *
   * @param tickSource trades and quotes to aggregate into bars, or {@code null} for none
   * @param modelSource model releases for the policy ({@code models.v1}), or {@code null} for none
   * @param controlSource operator commands ({@code control.v1}), verified with the configuration's
   *     key file (every command refused without one); {@code null} for none
   * @param positionSource the broker bridge's position statements ({@code positions.broker.v1}) to
   *     reconcile the book with; {@code null}: no reconciliation
   */
  public void build(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource,
      Source<Decoded<ExecutionReport>, ?, ?> fillSource,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      Source<Decoded<Control>, ?, ?> controlSource,
      Source<Decoded<BrokerStatement>, ?, ?> positionSource,
      Sinks sinks) {
    PortfolioRouting routing = PortfolioRouting.of(config.portfolios());
    MarketDataGraph.Output market =
        new MarketDataGraph(config).fromSources(env, barSource, tickSource);
    SingleOutputStreamOperator<Bar> bars = market.bars();
    SingleOutputStreamOperator<BarFeatures> features = market.features();

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

    features.sinkTo(sinks.features()).name("features: features.v1").uid("sink-features");

    SingleOutputStreamOperator<PortfolioObservation> observations =
        new MarketDataGraph(config).alignPortfolios(features);
    observations
        .map(PortfolioFeatureVector::of)
        .returns(PortfolioFeatureVector.class)
        .name("portfolio feature vectors")
        .uid("portfolio-feature-vectors")
        .sinkTo(sinks.portfolioFeatures())
        .name("portfolio features: features.v1")
        .uid("sink-portfolio-features");
    List<DataStream<Quarantined>> modelRefusals = new ArrayList<>();
    SingleOutputStreamOperator<TargetPosition> targets =
        targets(env, observations, modelSource, modelRefusals);

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

    List<DataStream<RiskAlert>> controlRefusals = new ArrayList<>();
    List<DataStream<Quarantined>> undecodableCommands = new ArrayList<>();
    DataStream<OperatorCommand> commands =
        operatorCommands(env, controlSource, controlRefusals, undecodableCommands);
    SingleOutputStreamOperator<RiskAlert> portfolioBreakers =
        PortfolioBreakers.attach(
            snapshots, fills, commands, config.portfolios(), config.outOfOrderness());
    DataStream<RiskAlert> breakerEvents =
        portfolioBreakers.union(marketBreakerEvents(market, commands));
    List<DataStream<Quarantined>> undecodableStatements = new ArrayList<>();
    if (positionSource != null) {
      // A confirmed break halts the portfolio: it reaches the gate the way a breaker's HALT does.
      breakerEvents =
          breakerEvents.union(
              reconciliation(env, positionSource, snapshots, undecodableStatements));
    }

    DataStream<GateInput> gateInputs =
        observations
            .map(GateInput::of)
            .returns(GateInput.class)
            .name("risk gate input: market context")
            .uid("gate-input-context")
            .union(
                targets
                    .map(GateInput::of)
                    .returns(GateInput.class)
                    .name("risk gate input: targets")
                    .uid("gate-input-targets"),
                fills
                    .map(GateInput::of)
                    .returns(GateInput.class)
                    .name("risk gate input: execution reports")
                    .uid("gate-input-reports"),
                commands
                    .flatMap(new CommandsToPortfolios(config.portfolios()))
                    .returns(GateInput.class)
                    .name("risk gate input: operator commands")
                    .uid("gate-input-commands"),
                breakerEvents
                    .map(GateInput::of)
                    .returns(GateInput.class)
                    .name("risk gate input: breakers")
                    .uid("gate-input-breakers"));
    SingleOutputStreamOperator<Order> orders =
        gateInputs
            .keyBy(GateInput::portfolio)
            .process(new RiskGateFunction(config.portfolios(), config.sessions()))
            .name("risk gate")
            .uid("risk-gate");
    orders.sinkTo(sinks.orders()).name("orders: orders.v1 (exactly once)").uid("sink-orders");

    DataStream<RiskAlert> riskEvents =
        orders.getSideOutput(RiskGateFunction.EVENTS).union(breakerEvents);
    for (DataStream<RiskAlert> refusals : controlRefusals) {
      riskEvents = riskEvents.union(refusals);
    }
    if (config.strategy().isPolicy()) {
      riskEvents = riskEvents.union(targets.getSideOutput(PolicyScorerFunction.EVENTS));
    }
    riskEvents
        .sinkTo(sinks.riskEvents())
        .name("risk events: risk.events.v1")
        .uid("sink-risk-events");

    DataStream<Quarantined> refused =
        market
            .quarantined()
            .union(
                decodedFills.getSideOutput(SplitDecoded.QUARANTINE),
                fills.getSideOutput(DeduplicateReportsFunction.DUPLICATES));
    modelRefusals.addAll(undecodableCommands);
    modelRefusals.addAll(undecodableStatements);
    for (DataStream<Quarantined> more : modelRefusals) {
      refused = refused.union(more);
    }
    refused.sinkTo(sinks.quarantine()).name("quarantine: md.quarantine.v1").uid("sink-quarantine");
  }

  /**
   * The strategy's targets from the portfolio observations: the policy scorer (with releases from
   * {@code modelSource}, or none) or the momentum baseline, as the configuration says. Streams of
   * undecodable model releases are added to {@code refused}; the scorer's risk events are its
   * {@link PolicyScorerFunction#EVENTS} side output. The backtest builds its targets here too.
   */
  public SingleOutputStreamOperator<TargetPosition> targets(
      StreamExecutionEnvironment env,
      DataStream<PortfolioObservation> observations,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      List<DataStream<Quarantined>> refused) {
    return targets(env, observations, modelSource, refused, MarketDataGraph.Variant.LIVE);
  }

  /**
   * {@link #targets(StreamExecutionEnvironment, DataStream, Source, List)} as another copy in the
   * same job (the backtest's extra runs), its uids and names marked with {@code variant}.
   */
  public SingleOutputStreamOperator<TargetPosition> targets(
      StreamExecutionEnvironment env,
      DataStream<PortfolioObservation> observations,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      List<DataStream<Quarantined>> refused,
      MarketDataGraph.Variant variant) {
    return config.strategy().isPolicy()
        ? policy(env, observations, modelSource, refused, variant)
        : baseline(observations, variant);
  }

  /**
   * The market circuit breakers (CEP over bars, features and the feeds) with each alert copied to
   * every portfolio that trades its symbol. The backtest builds its breakers here too.
   */
  public DataStream<RiskAlert> marketBreakerEvents(
      MarketDataGraph.Output market, DataStream<OperatorCommand> commands) {
    return MarketBreakers.attach(
            market.bars(),
            market.features(),
            market.feedBars(),
            market.tickBars(),
            commands,
            config.risk().marketLimits(),
            config.sessions())
        .flatMap(new MarketAlertsToPortfolios(PortfolioRouting.of(config.portfolios())))
        .returns(RiskAlert.class)
        .name("market breakers → portfolios")
        .uid("breaker-market-to-portfolios");
  }

  /** No operator commands: a stream that ends at once, holding back no watermark. */
  public static DataStream<OperatorCommand> noCommands(StreamExecutionEnvironment env) {
    return none(env, OperatorCommand.class, "operator commands: none", "source-control-none");
  }

  /**
   * Verified operator commands from {@code control.v1}: decoded (undecodable records go to
   * quarantine), keyed by command id so a replayed id is refused, their HMAC checked against the
   * key file; refusals are risk events, every command's when there is no key file. None when the
   * job has no control topic.
   */
  private DataStream<OperatorCommand> operatorCommands(
      StreamExecutionEnvironment env,
      Source<Decoded<Control>, ?, ?> controlSource,
      List<DataStream<RiskAlert>> refusals,
      List<DataStream<Quarantined>> undecodable) {
    String keys = config.risk().controlKeys();
    if (controlSource == null) {
      return noCommands(env);
    }
    // Without a key file the path is the same and refuses every command, saying why: a job
    // started without keys can be restored from a savepoint with them. (An empty source here
    // would finish, and its downstream operators with it; a savepoint records them finished, and
    // Flink refuses to restore them chained with running ones.)
    SingleOutputStreamOperator<Control> decoded =
        env.fromSource(controlSource, WatermarkStrategy.noWatermarks(), "control: control.v1")
            .uid("source-control")
            .setParallelism(1)
            .process(new SplitDecoded<Control>())
            // Flink would pick flink-avro's serializer for Control, which cannot handle the
            // registry jar's relocated Avro: ControlTypeInfo serializes it without Kryo.
            .returns(ControlTypeInfo.INSTANCE)
            .setParallelism(1)
            .name("decode control commands")
            .uid("decode-control");
    undecodable.add(decoded.getSideOutput(SplitDecoded.QUARANTINE));
    Set<String> portfolios = new TreeSet<>();
    config.portfolios().forEach(p -> portfolios.add(p.name()));
    SingleOutputStreamOperator<OperatorCommand> verified =
        decoded
            .keyBy(command -> command.getCommandId().toString())
            .process(new VerifyControlFunction(keys == null ? null : Path.of(keys), portfolios))
            .returns(OperatorCommand.class)
            .setParallelism(1)
            .name("verify control commands (HMAC-SHA256)")
            .uid("verify-control");
    refusals.add(verified.getSideOutput(VerifyControlFunction.REFUSED));
    return verified;
  }

  /**
   * The book reconciled with the broker's position statements, keyed by portfolio: a confirmed
   * break is a RECONCILIATION HALT that goes to the risk gate with the breakers' events.
   * Undecodable statements go to quarantine.
   */
  private DataStream<RiskAlert> reconciliation(
      StreamExecutionEnvironment env,
      Source<Decoded<BrokerStatement>, ?, ?> positionSource,
      DataStream<BookSnapshot> snapshots,
      List<DataStream<Quarantined>> undecodable) {
    SingleOutputStreamOperator<BrokerStatement> statements =
        env.fromSource(
                positionSource,
                WatermarkStrategy.noWatermarks(),
                "broker positions: positions.broker.v1")
            .uid("source-broker-positions")
            .process(new SplitDecoded<BrokerStatement>())
            .returns(BrokerStatement.class)
            .name("decode broker positions")
            .uid("decode-broker-positions");
    undecodable.add(statements.getSideOutput(SplitDecoded.QUARANTINE));
    return snapshots
        .keyBy(s -> s.book().portfolio())
        .connect(statements.keyBy(BrokerStatement::portfolio))
        .process(new ReconciliationFunction(config.portfolios()))
        .returns(RiskAlert.class)
        .name("reconcile book with broker")
        .uid("reconciliation");
  }

  /**
   * A stream with no records that ends at once, so it holds back no watermark. (Flink 2.2's {@code
   * fromData} of an empty collection fails when run.)
   */
  static <T> DataStream<T> none(
      StreamExecutionEnvironment env, Class<T> type, String name, String uid) {
    return env.fromSequence(0, 0)
        .name(name)
        .uid(uid)
        .flatMap((Long ignored, org.apache.flink.util.Collector<T> out) -> {})
        .returns(TypeInformation.of(type))
        .name(name)
        .uid(uid + "-records");
  }

  /**
   * A market breaker's alert (portfolio {@code *}) copied to every portfolio that trades its
   * symbol; a symbol no portfolio trades (a benchmark) pauses nothing.
   */
  private static final class MarketAlertsToPortfolios
      implements org.apache.flink.api.common.functions.FlatMapFunction<RiskAlert, RiskAlert> {
    private final PortfolioRouting routing;

    MarketAlertsToPortfolios(PortfolioRouting routing) {
      this.routing = routing;
    }

    @Override
    public void flatMap(RiskAlert alert, org.apache.flink.util.Collector<RiskAlert> out) {
      for (String portfolio : routing.portfoliosOf(alert.symbol())) {
        out.collect(alert.forPortfolio(portfolio));
      }
    }
  }

  /** A command for every portfolio it addresses ({@code *}: each one the job trades). */
  private static final class CommandsToPortfolios
      implements org.apache.flink.api.common.functions.FlatMapFunction<OperatorCommand, GateInput> {
    private final List<String> portfolios;

    CommandsToPortfolios(List<PortfolioSpec> specs) {
      this.portfolios = specs.stream().map(PortfolioSpec::name).toList();
    }

    @Override
    public void flatMap(OperatorCommand command, org.apache.flink.util.Collector<GateInput> out) {
      for (String portfolio : portfolios) {
        if (command.appliesTo(portfolio)) {
          out.collect(GateInput.of(command, portfolio));
        }
      }
    }
  }

  /**
   * Model releases carry no market time: their watermark is always at the end of time, so the
   * scorer's event time is the observations' alone (a release does not hold it back).
   */
  private static WatermarkStrategy<Decoded<ModelRelease>> releasesNeverHoldBackEventTime() {
    return WatermarkStrategy.forGenerator(
        context ->
            new WatermarkGenerator<>() {
              @Override
              public void onEvent(
                  Decoded<ModelRelease> event, long timestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
              }
            });
  }

  /** The momentum baseline. */
  private SingleOutputStreamOperator<TargetPosition> baseline(
      DataStream<PortfolioObservation> observations, MarketDataGraph.Variant variant) {
    MomentumStrategy strategy = new MomentumStrategy(config.momentum(), config.lots());
    return observations
        .keyBy(PortfolioObservation::portfolio)
        .process(new StrategyFunction(strategy))
        .name(variant.name("strategy: " + strategy.id()))
        .uid(variant.uid("strategy"));
  }

  /**
   * The policy scorer, with releases from {@code modelSource} broadcast to every subtask. A release
   * that cannot be decoded goes to quarantine; one that decodes but does not fit is refused by the
   * scorer with a risk event.
   */
  private SingleOutputStreamOperator<TargetPosition> policy(
      StreamExecutionEnvironment env,
      DataStream<PortfolioObservation> observations,
      Source<Decoded<ModelRelease>, ?, ?> modelSource,
      List<DataStream<Quarantined>> refused,
      MarketDataGraph.Variant variant) {
    DataStream<ModelRelease> releases;
    if (modelSource == null) {
      // A bounded empty input ends with a final watermark, so it holds nothing back either.
      releases =
          none(
              env,
              ModelRelease.class,
              variant.name("model releases: none"),
              variant.uid("source-models-none"));
    } else {
      SingleOutputStreamOperator<ModelRelease> decoded =
          env.fromSource(
                  modelSource, releasesNeverHoldBackEventTime(), variant.name("models: models.v1"))
              .uid(variant.uid("source-models"))
              .setParallelism(1)
              .process(new SplitDecoded<ModelRelease>())
              .returns(ModelRelease.class)
              .setParallelism(1)
              .name(variant.name("decode model releases"))
              .uid(variant.uid("decode-models"));
      refused.add(decoded.getSideOutput(SplitDecoded.QUARANTINE));
      releases = decoded;
    }
    StrategyChoice choice = config.strategy();
    return observations
        .keyBy(PortfolioObservation::portfolio)
        .connect(releases.broadcast(PolicyScorerFunction.MODELS))
        .process(
            new PolicyScorerFunction(
                choice.model(),
                config.portfolios(),
                config.momentum().notionalPerSymbol(),
                choice.scoring()))
        .name(variant.name("policy scorer: " + choice.model().modelName() + " (ONNX Runtime)"))
        .uid(variant.uid("policy-scorer"));
  }
}
