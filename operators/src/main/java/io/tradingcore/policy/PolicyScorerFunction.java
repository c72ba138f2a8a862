package io.tradingcore.policy;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.metrics.ModelInfo;
import io.tradingcore.metrics.SecondsHistogram;
import io.tradingcore.metrics.TradingMetrics;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy scorer, keyed by portfolio, with models broadcast from {@code models.v1}: one ONNX
 * Runtime session per subtask, the recurrent state (h, c) per portfolio in keyed state, one
 * decision per aligned bar (see {@link PolicyDecider}).
 *
 * <p><b>Models.</b> The job starts with the configured release. A release on the broadcast side is
 * checked (checksum, ONNX graph, metadata contract, every observation value produced by the
 * pipeline, the symbols of every portfolio) and, if it passes, replaces the model between two bars
 * and is kept in broadcast state, so a restore scores with it. A refused release changes nothing:
 * the model in use keeps deciding, and a {@code MODEL_REFUSED} event names the mismatch. Publishing
 * an older version is a rollback like any other release.
 *
 * <p><b>Recurrent state on a swap.</b> (h, c) belong to the model that produced them: the first bar
 * a portfolio sees under another version starts from zeros, as at the start of training episodes.
 *
 * <p><b>Bad output.</b> A NaN or infinite logit means no trade for that bar, an unchanged state and
 * a {@code MODEL_OUTPUT_INVALID} event.
 */
public final class PolicyScorerFunction
    extends KeyedBroadcastProcessFunction<
        String, PortfolioObservation, ModelRelease, TargetPosition> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PolicyScorerFunction.class);

  public static final String MEMORY_STATE = "policy-memory";
  public static final String TARGETS_STATE = "policy-targets";
  private static final String ACTIVE = "active";

  /** The release in force, for every subtask: broadcast state. */
  public static final MapStateDescriptor<String, ModelRelease> MODELS =
      new MapStateDescriptor<>(
          "policy-models", Types.STRING, TypeInformation.of(ModelRelease.class));

  /**
   * Model activations and refusals (one per portfolio the job runs, from one subtask), invalid
   * outputs: bound for {@code risk.events.v1}.
   */
  public static final OutputTag<RiskAlert> EVENTS =
      new OutputTag<>("policy-events", TypeInformation.of(RiskAlert.class));

  private final ModelRelease initial;
  private final Map<String, PortfolioSpec> portfolios;
  private final BigDecimal notionalPerSymbol;
  private final PolicyModel.Settings settings;

  private transient PolicyDecider decider;
  private transient ModelRelease inUse;
  private transient ModelRelease unloadable;
  private transient ValueState<PolicyMemory> memory;
  private transient MapState<String, TargetPosition> targets;
  private transient Counter decisions;
  private transient Counter skippedBars;
  private transient Counter invalidOutputs;
  private transient Counter refused;
  private transient Counter swaps;
  private transient Counter stateResets;
  private transient SecondsHistogram predictSeconds;
  private transient Histogram decisionLatency;
  private transient ModelInfo modelInfo;

  public PolicyScorerFunction(
      ModelRelease initial,
      List<PortfolioSpec> portfolios,
      BigDecimal notionalPerSymbol,
      PolicyModel.Settings settings) {
    this.initial = initial;
    this.portfolios = new LinkedHashMap<>(PortfolioSpec.byName(portfolios));
    this.notionalPerSymbol = notionalPerSymbol;
    this.settings = settings;
  }

  /**
   * Loads and checks {@code release} against {@code portfolios}: what the job does with every
   * release that arrives.
   */
  public static PolicyModel check(
      ModelRelease release, List<PortfolioSpec> portfolios, PolicyModel.Settings settings)
      throws IncompatibleModelException {
    PolicyModel model = PolicyModel.load(release.bytes(), settings);
    try {
      fits(release, model.contract(), portfolios);
      return model;
    } catch (IncompatibleModelException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Whether a loaded model's {@code contract} agrees with what its {@code release} declares and
   * trades exactly the symbols of every portfolio: the checks beyond loading, for a client that has
   * loaded the model already.
   */
  public static void fits(
      ModelRelease release, PolicyContract contract, List<PortfolioSpec> portfolios)
      throws IncompatibleModelException {
    if (!release.declaredSymbols().isEmpty()
        && !release.declaredSymbols().equals(contract.symbols())) {
      throw new IncompatibleModelException(
          "release "
              + release.version()
              + " declares symbols "
              + release.declaredSymbols()
              + " but the model's metadata says "
              + contract.symbols());
    }
    if (!release.declaredObservation().isEmpty()
        && !release.declaredObservation().equals(contract.observation())) {
      throw new IncompatibleModelException(
          "release "
              + release.version()
              + " declares observation "
              + release.declaredObservation()
              + " but the model's metadata says "
              + contract.observation());
    }
    for (PortfolioSpec portfolio : portfolios) {
      if (!new HashSet<>(portfolio.symbols()).equals(new HashSet<>(contract.symbols()))) {
        throw new IncompatibleModelException(
            "model "
                + contract.modelVersion()
                + " trades "
                + contract.symbols()
                + " but portfolio "
                + portfolio.name()
                + " trades "
                + portfolio.symbols()
                + ": a policy must decide exactly the portfolio's symbols");
      }
    }
  }

  @Override
  public void open(OpenContext context) throws Exception {
    memory =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(MEMORY_STATE, TypeInformation.of(PolicyMemory.class)));
    targets =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    TARGETS_STATE, Types.STRING, TypeInformation.of(TargetPosition.class)));
    var metrics = getRuntimeContext().getMetricGroup();
    decisions = metrics.counter("policy_decisions_total");
    skippedBars = metrics.counter("policy_bars_skipped_total");
    invalidOutputs = metrics.counter("model_invalid_outputs_total");
    refused = metrics.counter("models_refused_total");
    swaps = metrics.counter("model_swaps_total");
    stateResets = metrics.counter("policy_state_resets_total");
    predictSeconds = SecondsHistogram.ofLast(1024);
    metrics.histogram("model_predict_nanos", predictSeconds.nanos());
    metrics.histogram(TradingMetrics.MODEL_PREDICT_SECONDS, predictSeconds);
    decisionLatency =
        metrics.histogram(TradingMetrics.DECISION_LATENCY_SECONDS, SecondsHistogram.ofLast(1024));
    // A string gauge for the web UI; Prometheus gets the model_info gauges (numbers only there),
    // under the group model_version, hence not that name.
    metrics.gauge("model_version_name", () -> inUse == null ? "" : inUse.version());
    modelInfo = ModelInfo.register(metrics);
    use(initial, check(initial, specs(), settings));
  }

  @Override
  public void close() throws Exception {
    if (decider != null) {
      decider.model().close();
    }
  }

  @Override
  public void processElement(
      PortfolioObservation observation, ReadOnlyContext ctx, Collector<TargetPosition> out)
      throws Exception {
    long arrived = System.nanoTime();
    PortfolioSpec portfolio = portfolios.get(ctx.getCurrentKey());
    if (portfolio == null) {
      return;
    }
    followBroadcastState(ctx.getBroadcastState(MODELS));

    PolicyMemory state = memory.value();
    if (state == null || !state.modelVersion().equals(decider.model().version())) {
      if (state != null) {
        stateResets.inc();
      }
      state =
          PolicyMemory.initial(decider.model().version(), decider.model().contract().hiddenSize());
    }
    Map<String, TargetPosition> current = new HashMap<>();
    for (Map.Entry<String, TargetPosition> entry : targets.entries()) {
      current.put(entry.getKey(), entry.getValue());
    }
    long started = System.nanoTime();
    PolicyDecider.Outcome outcome =
        decider.decide(portfolio.name(), observation, current, state, portfolio.lots());
    if (outcome instanceof PolicyDecider.Decision decision) {
      predictSeconds.update(System.nanoTime() - started);
      decisions.inc();
      memory.update(decision.memory());
      for (TargetPosition target : decision.targets()) {
        targets.put(target.symbol(), target);
        out.collect(target);
      }
      decisionLatency.update(System.nanoTime() - arrived);
    } else if (outcome instanceof PolicyDecider.InvalidOutput) {
      predictSeconds.update(System.nanoTime() - started);
      invalidOutputs.inc();
      ctx.output(
          EVENTS,
          event(
              portfolio.name(),
              RiskReason.MODEL_OUTPUT_INVALID,
              "model "
                  + decider.model().version()
                  + " produced a non-finite logit: no trade on this bar",
              observation.barEnd()));
    } else {
      skippedBars.inc();
    }
  }

  @Override
  public void processBroadcastElement(
      ModelRelease release, Context ctx, Collector<TargetPosition> out) throws Exception {
    if (sameRelease(inUse, release)) {
      return;
    }
    String previous = inUse.version();
    PolicyModel candidate;
    try {
      candidate = check(release, specs(), settings);
    } catch (IncompatibleModelException e) {
      refused.inc();
      LOG.warn(
          "Refused model release {}: {}. Model {} keeps deciding.",
          release,
          e.getMessage(),
          previous);
      report(
          ctx,
          RiskReason.MODEL_REFUSED,
          "refused "
              + release.modelName()
              + "@"
              + release.version()
              + ": "
              + e.getMessage()
              + "; "
              + previous
              + " keeps deciding");
      return;
    }
    use(release, candidate);
    ctx.getBroadcastState(MODELS).put(ACTIVE, release);
    swaps.inc();
    LOG.info("Model {} now decides (was {}).", release, previous);
    report(
        ctx,
        RiskReason.MODEL_ACTIVATED,
        release.modelName() + "@" + release.version() + " now decides (was " + previous + ")");
  }

  /**
   * One event per portfolio, from subtask 0 only: every subtask sees every release, and one report
   * of it is enough. Stamped with the watermark, the market time the release takes effect at.
   */
  private void report(Context ctx, RiskReason reason, String cause) {
    if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
      return;
    }
    long at = ctx.currentWatermark() == Long.MIN_VALUE ? 0 : ctx.currentWatermark();
    for (String portfolio : portfolios.keySet()) {
      ctx.output(EVENTS, event(portfolio, reason, cause, at));
    }
  }

  private List<PortfolioSpec> specs() {
    return List.copyOf(portfolios.values());
  }

  /** After a restore, the broadcast state holds the release in force; load it once. */
  private void followBroadcastState(ReadOnlyBroadcastState<String, ModelRelease> models)
      throws Exception {
    ModelRelease active = models.get(ACTIVE);
    if (active == null || sameRelease(active, inUse) || sameRelease(active, unloadable)) {
      return;
    }
    try {
      use(active, check(active, specs(), settings));
    } catch (IncompatibleModelException e) {
      // It passed these very checks when it arrived; only a vanished file: URI gets here. Tried
      // once, not on every bar.
      unloadable = active;
      LOG.error(
          "Cannot reload model {} from broadcast state: {}; {} keeps deciding",
          active,
          e.getMessage(),
          inUse.version());
    }
  }

  private void use(ModelRelease release, PolicyModel model) {
    if (decider != null) {
      decider.model().close();
    }
    decider = new PolicyDecider(model, notionalPerSymbol);
    inUse = release;
    modelInfo.inUse(release.version());
  }

  private static boolean sameRelease(ModelRelease a, ModelRelease b) {
    return a != null
        && b != null
        && a.version().equals(b.version())
        && a.sha256().equalsIgnoreCase(b.sha256());
  }

  private static RiskAlert event(String portfolio, RiskReason reason, String cause, long tsEvent) {
    return RiskAlert.raised(
        "policy", portfolio, null, reason, Severity.INFO, cause, Map.of(), cause, tsEvent);
  }
}
