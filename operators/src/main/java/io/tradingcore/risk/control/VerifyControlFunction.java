package io.tradingcore.risk.control;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by command id: lets through, as {@link OperatorCommand}s, the {@code control.v1} commands
 * that are signed with a known key, well formed, for a portfolio the job trades, and seen for the
 * first time. Everything else goes to {@link #REFUSED} as a {@code CONTROL_REJECTED} risk event
 * (severity INFO) whose cause says why.
 *
 * <p>The key file is read in {@code open()} from the path given to the constructor, so it must
 * exist at that path on every TaskManager; a missing or invalid file fails the job at start (a job
 * that cannot verify commands cannot be stopped by them). Without a key file every command is
 * refused, saying so: the job's graph is the same with keys or without, so a job started without
 * them can be restored from a savepoint with them (its operators downstream never finished).
 *
 * <p>A command id is remembered for {@link #REMEMBER_FOR} once applied (keyed state with a
 * processing-time TTL), and {@link ControlVerifier} refuses commands older than that, so a replayed
 * command is refused whenever it comes back. Only applied commands are remembered: a forged command
 * cannot use up the id of a genuine one.
 *
 * <p>Metrics: {@code control_commands_total} (every command received) and {@code
 * control_commands_refused_total}.
 */
public final class VerifyControlFunction
    extends KeyedProcessFunction<String, Control, OperatorCommand> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(VerifyControlFunction.class);

  public static final String SEEN_STATE = "control-commands-applied";

  /** As long as {@link ControlVerifier#MAX_AGE}: a command id is refused as seen or as too old. */
  public static final Duration REMEMBER_FOR = ControlVerifier.MAX_AGE;

  public static final OutputTag<RiskAlert> REFUSED =
      new OutputTag<>("control-refused", TypeInformation.of(RiskAlert.class));

  private final String keyFile;
  private final Set<String> portfolios;

  private transient ControlVerifier verifier;
  private transient ValueState<Boolean> applied;
  private transient Counter received;
  private transient Counter refused;

  /** Why a job without a key file refuses a command. */
  static final String NO_KEYS =
      "this job was started without --control-keys, so it verifies and applies no command;"
          + " stop it with a savepoint and restore it with --control-keys FILE";

  /**
   * @param keyFile the control key file, at this path on every TaskManager; {@code null} refuses
   *     every command
   * @param portfolios the portfolios the job trades; commands for others are refused
   */
  public VerifyControlFunction(Path keyFile, Set<String> portfolios) {
    if (portfolios == null || portfolios.isEmpty()) {
      throw new IllegalArgumentException("at least one portfolio is required");
    }
    // Paths are not serializable; the function is shipped to the TaskManagers.
    this.keyFile = keyFile == null ? null : keyFile.toString();
    this.portfolios = Set.copyOf(portfolios);
  }

  @Override
  public void open(OpenContext context) {
    ControlKeys keys = keyFile == null ? null : ControlKeys.load(Path.of(keyFile));
    verifier = keys == null ? null : new ControlVerifier(keys, portfolios);
    ValueStateDescriptor<Boolean> descriptor =
        new ValueStateDescriptor<>(SEEN_STATE, Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(REMEMBER_FOR)
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            // The TTL counts from when a command was applied, never earlier than it was issued,
            // so an id is remembered for as long as the verifier would accept its command.
            .cleanupFullSnapshot()
            .build());
    applied = getRuntimeContext().getState(descriptor);
    received = getRuntimeContext().getMetricGroup().counter("control_commands_total");
    refused = getRuntimeContext().getMetricGroup().counter("control_commands_refused_total");
    if (keys == null) {
      LOG.warn("No control key file: every command on control.v1 is refused");
    } else {
      LOG.info("Verifying control commands with {}", keys);
    }
  }

  @Override
  public void processElement(Control control, Context ctx, Collector<OperatorCommand> out)
      throws Exception {
    received.inc();
    if (verifier == null) {
      refuse(control, NO_KEYS, ctx);
      return;
    }
    ControlVerifier.Verdict verdict =
        verifier.verify(control, ctx.timerService().currentProcessingTime());
    if (!verdict.isAccepted()) {
      refuse(control, verdict.refusal(), ctx);
      return;
    }
    if (applied.value() != null) {
      refuse(
          control, "command id " + control.getCommandId() + " was already applied: a replay", ctx);
      return;
    }
    applied.update(Boolean.TRUE);
    OperatorCommand command = verdict.command();
    LOG.info(
        "Control command {} accepted: {} for portfolio {} by {} ({})",
        command.commandId(),
        command.command(),
        command.portfolio(),
        command.operator(),
        command.reason());
    out.collect(command);
  }

  private void refuse(Control control, String why, Context ctx) {
    refused.inc();
    LOG.warn(
        "Control command {} refused: {} for portfolio {} by {}: {}",
        control.getCommandId(),
        control.getCommand(),
        control.getPortfolio(),
        control.getOperator(),
        why);
    long issuedAt = control.getIssuedAt() == null ? 0L : control.getIssuedAt().toEpochMilli();
    ctx.output(
        REFUSED,
        RiskAlert.raised(
            "control",
            control.getPortfolio(),
            null,
            RiskReason.CONTROL_REJECTED,
            Severity.INFO,
            why,
            Map.of(),
            control.getCommandId(),
            issuedAt));
  }
}
