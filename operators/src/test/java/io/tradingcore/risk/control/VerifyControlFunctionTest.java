package io.tradingcore.risk.control;

import static io.tradingcore.risk.control.TestControls.ISSUED;
import static io.tradingcore.risk.control.TestControls.KEY_ID;
import static io.tradingcore.risk.control.TestControls.RECEIVED;
import static io.tradingcore.risk.control.TestControls.base64;
import static io.tradingcore.risk.control.TestControls.keyFile;
import static io.tradingcore.risk.control.TestControls.kill;
import static io.tradingcore.risk.control.TestControls.secret;
import static io.tradingcore.risk.control.TestControls.setLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyControlFunctionTest {
  private static final Set<String> PORTFOLIOS = Set.of("main", "hedge");

  @TempDir Path dir;

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
  private Path keyFile;
  private ControlKeys keys;

  @BeforeEach
  void writeKeyFile() {
    keyFile = keyFile(dir, KEY_ID + " " + TestControls.SECRET_BASE64);
    keys = ControlKeys.load(keyFile);
  }

  @Test
  void passesASignedCommandOn() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, kill().signedWith(keys));

      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.commandId()).isEqualTo("cmd-0001");
                assertThat(c.command()).isEqualTo(ControlCommand.KILL);
                assertThat(c.portfolio()).isEqualTo("main");
                assertThat(c.issuedAt()).isEqualTo(ISSUED.toEpochMilli());
              });
      assertThat(refusals(harness)).isEmpty();
      assertThat(count("control_commands_total")).isEqualTo(1);
      assertThat(count("control_commands_refused_total")).isZero();
    }
  }

  @Test
  void refusesAnUnsignedCommandAsAnInfoRiskEvent() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, kill().portfolio("*").unsigned());

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(refusals(harness))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.reason()).isEqualTo(RiskReason.CONTROL_REJECTED);
                assertThat(alert.severity()).isEqualTo(Severity.INFO);
                assertThat(alert.portfolio()).isEqualTo("*");
                assertThat(alert.symbol()).isNull();
                assertThat(alert.causationId()).isEqualTo("cmd-0001");
                assertThat(alert.tsEvent()).isEqualTo(ISSUED.toEpochMilli());
                assertThat(alert.values()).isEmpty();
                assertThat(alert.cause())
                    .isEqualTo("unsigned command: every command must carry a key id and signature");
              });
      assertThat(count("control_commands_total")).isEqualTo(1);
      assertThat(count("control_commands_refused_total")).isEqualTo(1);
    }
  }

  @Test
  void refusesAWronglySignedCommand() throws Exception {
    Control altered = Control.newBuilder(kill().signedWith(keys)).setReason("changed").build();

    assertThat(refusalOf(altered)).startsWith("wrong signature for key id 'ops-1'");
  }

  @Test
  void refusesACommandSignedWithAKeyIdItDoesNotHave() throws Exception {
    ControlKeys other = ControlKeys.load(keyFile(dir, "ops-2 " + base64(secret(3))));

    assertThat(refusalOf(ControlSignature.sign(kill().unsigned(), "ops-2", other)))
        .startsWith("unknown key id 'ops-2'");
  }

  @Test
  void refusesAReplayedCommandId() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, kill().signedWith(keys));
      send(harness, kill().signedWith(keys));

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(refusals(harness))
          .singleElement()
          .extracting(RiskAlert::cause)
          .isEqualTo("command id cmd-0001 was already applied: a replay");
    }
  }

  @Test
  void aRefusedCommandDoesNotUseUpItsId() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, kill().unsigned());
      send(harness, kill().signedWith(keys));

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(refusals(harness)).hasSize(1);
    }
  }

  @Test
  void refusesABadLimit() throws Exception {
    assertThat(refusalOf(setLimit("max_order_notional", "-5").signedWith(keys)))
        .isEqualTo("max_order_notional must be a positive amount, got -5");
    assertThat(refusalOf(setLimit("max_notional", "5").signedWith(keys)))
        .startsWith("unknown risk limit 'max_notional'; known limits: ");
  }

  @Test
  void refusesAMarketBreakerThresholdAddressedToOnePortfolio() throws Exception {
    assertThat(refusalOf(setLimit("volatility_spike_sigmas", "4").signedWith(keys)))
        .isEqualTo(
            "volatility_spike_sigmas is a market breaker threshold and applies job-wide: address"
                + " it to portfolio '*', not 'main'");
  }

  @Test
  void refusesAParameterFixedAtStart() throws Exception {
    assertThat(refusalOf(setLimit("stale_feed_after", "10m").portfolio("*").signedWith(keys)))
        .isEqualTo(
            "stale_feed_after shapes a CEP window and is fixed at start: change it with"
                + " --risk-limit and a savepoint restart");
  }

  @Test
  void refusesAPortfolioTheJobDoesNotTrade() throws Exception {
    assertThat(refusalOf(kill().portfolio("other").signedWith(keys)))
        .isEqualTo(
            "portfolio 'other' is not traded by this job (it trades hedge, main; '*' addresses"
                + " all)");
  }

  @Test
  void remembersAppliedCommandsAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      send(before, kill().signedWith(keys));
      snapshot = before.snapshot(1L, RECEIVED);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      send(after, kill().signedWith(keys));
      send(after, kill().id("cmd-0002").signedWith(keys));

      assertThat(after.extractOutputValues())
          .extracting(OperatorCommand::commandId)
          .containsExactly("cmd-0002");
      assertThat(refusals(after)).extracting(RiskAlert::causationId).containsExactly("cmd-0001");
    }
  }

  @Test
  void forgetsAppliedIdsAfterAWeekWhenTheyAreRefusedAsTooOldAnyway() throws Exception {
    long aWeekAndAMinuteLater =
        RECEIVED + VerifyControlFunction.REMEMBER_FOR.toMillis() + Duration.ofMinutes(1).toMillis();
    try (var harness = harness()) {
      harness.open();
      harness.setStateTtlProcessingTime(RECEIVED);
      send(harness, kill().signedWith(keys));
      assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

      harness.setStateTtlProcessingTime(aWeekAndAMinuteLater);
      harness.setProcessingTime(aWeekAndAMinuteLater);
      harness.processElement(kill().signedWith(keys), 0L);

      assertThat(harness.extractOutputValues()).hasSize(1);
      assertThat(refusals(harness))
          .singleElement()
          .extracting(RiskAlert::cause)
          .isEqualTo("issued at 2026-01-01T00:00:00Z, more than 7 days ago: too old");
      OperatorSubtaskState snapshot = harness.snapshot(1L, aWeekAndAMinuteLater);
      try (var restored = harness()) {
        restored.setStateTtlProcessingTime(aWeekAndAMinuteLater);
        restored.initializeState(snapshot);
        restored.open();
        assertThat(restored.numKeyedStateEntries()).isZero();
      }
    }
  }

  @Test
  void failsToOpenWithoutItsKeyFile() throws Exception {
    try (var harness =
        harness(new VerifyControlFunction(dir.resolve("missing.keys"), PORTFOLIOS))) {
      assertThatThrownBy(harness::open)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missing.keys does not exist");
    }
  }

  @Test
  void needsPortfolios() {
    assertThatThrownBy(() -> new VerifyControlFunction(keyFile, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAKeyFileRefusesEveryCommandSayingWhy() throws Exception {
    try (var harness = harness(new VerifyControlFunction(null, PORTFOLIOS))) {
      harness.open();
      send(harness, kill().signedWith(keys));

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(refusals(harness))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.reason()).isEqualTo(RiskReason.CONTROL_REJECTED);
                assertThat(alert.cause())
                    .isEqualTo(
                        "this job was started without --control-keys, so it verifies and applies"
                            + " no command; stop it with a savepoint and restore it with"
                            + " --control-keys FILE");
              });
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(count("control_commands_refused_total")).isEqualTo(1);
    }
  }

  private String refusalOf(Control control) throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, control);
      assertThat(harness.extractOutputValues()).isEmpty();
      List<RiskAlert> refused = refusals(harness);
      assertThat(refused).hasSize(1);
      assertThat(refused.get(0).reason()).isEqualTo(RiskReason.CONTROL_REJECTED);
      assertThat(harness.numKeyedStateEntries()).as("nothing remembered").isZero();
      return refused.get(0).cause();
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Control, OperatorCommand> harness()
      throws Exception {
    return harness(new VerifyControlFunction(keyFile, PORTFOLIOS));
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Control, OperatorCommand> harness(
      VerifyControlFunction function) throws Exception {
    InterceptingTaskMetricGroup task =
        new InterceptingTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(
              OperatorID operatorId, String name, Map<String, String> additionalVariables) {
            return metrics;
          }
        };
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function),
            Control::getCommandId,
            Types.STRING,
            new MockEnvironmentBuilder().setMetricGroup(task).build());
    harness.setProcessingTime(RECEIVED);
    return harness;
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Control, OperatorCommand> harness,
      Control control)
      throws Exception {
    harness.processElement(control, 0L);
  }

  private static List<RiskAlert> refusals(
      KeyedOneInputStreamOperatorTestHarness<String, Control, OperatorCommand> harness) {
    var side = harness.getSideOutput(VerifyControlFunction.REFUSED);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private long count(String name) {
    return ((Counter) metrics.get(name)).getCount();
  }
}
