package io.tradingcore.backtest;

import io.tradingcore.execution.ExecutionReport;
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
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioRouting;
import io.tradingcore.portfolio.RouteToPortfolios;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.breakers.LateInput;
import io.tradingcore.risk.breakers.PortfolioBreakers;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

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
 * <p>The portfolio breakers (daily loss, profit lock, losing streak, reject burst, runaway orders)
 * are the live job's CEP operators ({@link PortfolioBreakers#attachToReplay}), one copy per run
 * watching that run's book snapshots and execution reports in the event time its portfolio operator
 * produced them. Live, their HALTs reach the gate; here they are the operator's own output, and a
 * bounded Flink 2.x job has no feedback edge (DataStream iterations were removed in 2.0). So the
 * job raises them as {@link BacktestRecord.Kind#BREAKER_RAISED} records and {@link BreakerPasses}
 * runs it again with the earliest new ones fed back as inputs from a bounded source, until a pass
 * raises nothing new: see there for why that is exact, and why not a feedback channel.
 */
public final class BacktestJob {
  public static final String NAME = "trading-core-backtest";

  private final TradingJobConfig config;
  private final PaperFillModel fills;
  private final Set<ExtraRun> extraRuns;
  private final BreakerPasses breakers;

  /** The primary run alone, without the portfolio breakers. */
  public BacktestJob(TradingJobConfig config, PaperFillModel fills) {
    this(config, fills, Set.of(), null);
  }

  /**
   * The primary run and the {@code extraRuns} the configuration needs ({@link ExtraRun#needed}: no
   * baseline-strategy copy of a momentum primary).
   *
   * @param breakers the portfolio breakers' passes: each run's portfolio operator gets the events
   *     applied so far ({@link BreakerPasses#inputs}) and the breakers watch its records, which
   *     brings what they raise as {@link BacktestRecord.Kind#BREAKER_RAISED} records; {@code null}
   *     runs without the portfolio breakers
   */
  public BacktestJob(
      TradingJobConfig config,
      PaperFillModel fills,
      Set<ExtraRun> extraRuns,
      BreakerPasses breakers) {
    this.config = config;
    this.fills = fills;
    this.extraRuns = ExtraRun.needed(extraRuns, config);
    this.breakers = breakers;
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
    DataStream<OperatorCommand> commands = TradingJob.noCommands(env);
    DataStream<RiskAlert> breakers = live.marketBreakerEvents(market, commands);

    // What every run shares: the bars that mark the book and fill the orders, the market context
    // the risk gate judges targets against (never delayed: the gate is not the strategy) and the
    // market breakers' events. Only the targets differ from one run to the next.
    SharedInputs shared =
        new SharedInputs(
            env,
            commands,
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
    List<BreakerPasses.Scheduled> applied = breakers == null ? List.of() : breakers.inputs(run);
    if (!applied.isEmpty()) {
      inputs = inputs.union(appliedBreakers(shared.env, applied, variant));
    }
    SingleOutputStreamOperator<BacktestRecord> records =
        inputs
            .keyBy(BacktestInput::portfolio)
            .process(
                new BacktestPortfolioFunction(config.portfolios(), config.sessions(), fills, run))
            .returns(BacktestRecord.class)
            .name(variant.name("backtest: risk gate → paper fill model → position book"))
            .uid(variant.uid("backtest-portfolio"));
    return breakers == null
        ? records
        : records.union(portfolioBreakers(records, shared.commands, variant, run));
  }

  /**
   * The events earlier passes applied to this run, and the modelled RESUMEs, at their times: a
   * bounded source without watermarks, so the portfolio operator handles nothing before it has them
   * all (it ends at once).
   */
  private static DataStream<BacktestInput> appliedBreakers(
      StreamExecutionEnvironment env,
      List<BreakerPasses.Scheduled> applied,
      MarketDataGraph.Variant variant) {
    return env.fromData(applied, TypeInformation.of(BreakerPasses.Scheduled.class))
        .name(variant.name("backtest input: applied portfolio breakers"))
        .uid(variant.uid("backtest-applied-portfolio-breakers"))
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<BreakerPasses.Scheduled>noWatermarks()
                .withTimestampAssigner((scheduled, previous) -> scheduled.at()))
        .name(variant.name("backtest input: applied portfolio breakers' times"))
        .uid(variant.uid("backtest-applied-portfolio-breakers-time"))
        .map(BreakerPasses.Scheduled::input)
        .returns(BacktestInput.class)
        .name(variant.name("backtest input: portfolio breakers"))
        .uid(variant.uid("backtest-input-portfolio-breakers"));
  }

  /**
   * The live job's portfolio breakers over one run's book snapshots and execution reports, in the
   * event time the portfolio operator produced them at ({@link PortfolioBreakers#attachToReplay}):
   * what they raise, as {@link BacktestRecord.Kind#BREAKER_RAISED} records of the run.
   */
  private DataStream<BacktestRecord> portfolioBreakers(
      DataStream<BacktestRecord> records,
      DataStream<OperatorCommand> commands,
      MarketDataGraph.Variant variant,
      ExtraRun run) {
    DataStream<BookSnapshot> snapshots =
        payloads(
                records,
                BacktestRecord.Kind.SNAPSHOT,
                r -> r.snapshot,
                BookSnapshot.class,
                variant,
                "snapshots")
            .name(variant.name("portfolio breakers input: book snapshots"));
    DataStream<ExecutionReport> reports =
        payloads(
                records,
                BacktestRecord.Kind.REPORT,
                r -> r.report,
                ExecutionReport.class,
                variant,
                "reports")
            .name(variant.name("portfolio breakers input: execution reports"));
    SingleOutputStreamOperator<RiskAlert> alerts =
        PortfolioBreakers.attachToReplay(
            snapshots,
            reports,
            commands,
            config.portfolios(),
            uid -> variant.uid("backtest-" + uid),
            variant::name);
    DataStream<BacktestRecord> late =
        alerts
            .getSideOutput(PortfolioBreakers.LATE)
            .process(new NoLateSignals())
            .returns(BacktestRecord.class)
            .name(variant.name("portfolio breakers: no late signal"))
            .uid(variant.uid("backtest-breaker-no-late-signal"));
    return alerts
        .process(new RaisedRecords(run))
        .returns(BacktestRecord.class)
        .name(variant.name("portfolio breakers: raised events"))
        .uid(variant.uid("backtest-breaker-raised"))
        .union(late);
  }

  /** The payloads of the records of one kind, in order, with their event time. */
  private static <T> SingleOutputStreamOperator<T> payloads(
      DataStream<BacktestRecord> records,
      BacktestRecord.Kind kind,
      SerializableFunction<BacktestRecord, T> payload,
      Class<T> type,
      MarketDataGraph.Variant variant,
      String what) {
    return records
        .flatMap(
            (BacktestRecord record, Collector<T> out) -> {
              if (record.kind == kind) {
                out.collect(payload.apply(record));
              }
            })
        .returns(type)
        .uid(variant.uid("backtest-breaker-" + what));
  }

  /** A breaker's event as a record of the run, stamped with the event time it was raised at. */
  private static final class RaisedRecords extends ProcessFunction<RiskAlert, BacktestRecord> {
    private static final long serialVersionUID = 1L;
    private final ExtraRun run;

    RaisedRecords(ExtraRun run) {
      this.run = run;
    }

    @Override
    public void processElement(RiskAlert alert, Context ctx, Collector<BacktestRecord> out) {
      Long time = ctx.timestamp();
      if (time == null) {
        throw new IllegalStateException("a portfolio breaker's event without event time: " + alert);
      }
      BacktestRecord record = BacktestRecord.raised(alert, time);
      record.run = run;
      out.collect(record);
    }
  }

  /**
   * A late signal would make the breakers' events depend on thread timing: it cannot happen here
   * (the breakers keep the portfolio operator's exact event time), so one fails the run.
   */
  private static final class NoLateSignals extends ProcessFunction<LateInput, BacktestRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(LateInput late, Context ctx, Collector<BacktestRecord> out) {
      throw new IllegalStateException(
          "a portfolio breaker found a signal late in the backtest, where event time is exact: "
              + late);
    }
  }

  /** The inputs every run's portfolio operator reads. */
  private record SharedInputs(
      StreamExecutionEnvironment env,
      DataStream<OperatorCommand> commands,
      DataStream<BacktestInput> bars,
      DataStream<BacktestInput> context,
      DataStream<BacktestInput> breakers) {}
}
