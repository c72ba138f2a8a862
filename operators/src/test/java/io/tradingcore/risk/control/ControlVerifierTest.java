package io.tradingcore.risk.control;

import static io.tradingcore.risk.control.TestControls.ISSUED;
import static io.tradingcore.risk.control.TestControls.RECEIVED;
import static io.tradingcore.risk.control.TestControls.kill;
import static io.tradingcore.risk.control.TestControls.setLimit;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlVerifierTest {
  @TempDir Path dir;

  private ControlKeys keys;
  private ControlVerifier verifier;

  @BeforeEach
  void keys() {
    keys = TestControls.keys(dir);
    verifier = new ControlVerifier(keys, Set.of("main", "hedge"));
  }

  @Test
  void acceptsASignedKillAsAnOperatorCommand() {
    ControlVerifier.Verdict verdict = verifier.verify(kill().signedWith(keys), RECEIVED);

    assertThat(verdict.isAccepted()).isTrue();
    assertThat(verdict.command())
        .isEqualTo(
            new OperatorCommand(
                "cmd-0001",
                "main",
                ControlCommand.KILL,
                null,
                null,
                "alice",
                "drill: kill switch test",
                ISSUED.toEpochMilli()));
  }

  @Test
  void acceptsASetLimitWithItsTypedValue() {
    ControlVerifier.Verdict verdict =
        verifier.verify(setLimit("order_rate_window", "90s").signedWith(keys), RECEIVED);

    assertThat(verdict.command().parameter()).isEqualTo(RiskParameter.ORDER_RATE_WINDOW);
    assertThat(verdict.command().value()).isEqualByComparingTo(new BigDecimal("90000"));
  }

  @Test
  void acceptsAMarketBreakerThresholdForEveryPortfolio() {
    ControlVerifier.Verdict verdict =
        verifier.verify(setLimit("price_jump", "0.05").portfolio("*").signedWith(keys), RECEIVED);

    assertThat(verdict.command().parameter()).isEqualTo(RiskParameter.PRICE_JUMP);
    assertThat(verdict.command().appliesTo("hedge")).isTrue();
  }

  @Test
  void refusesUnsignedUnknownKeyAndWrongSignatureWhateverTheCommandSays() {
    Control signed = kill().signedWith(keys);
    Control unknownKey = Control.newBuilder(signed).setKeyId("ops-7").build();
    Control altered = Control.newBuilder(signed).setPortfolio("hedge").build();

    assertThat(verifier.verify(kill().unsigned(), RECEIVED).refusal())
        .isEqualTo("unsigned command: every command must carry a key id and signature");
    assertThat(verifier.verify(unknownKey, RECEIVED).refusal())
        .isEqualTo("unknown key id 'ops-7': the verifier's key file does not have it");
    assertThat(verifier.verify(altered, RECEIVED).refusal())
        .isEqualTo(
            "wrong signature for key id 'ops-1': the command was altered or signed with another"
                + " key");
  }

  @Test
  void reportsEveryContentProblemAtOnce() {
    Control control =
        TestControls.command(ControlCommand.UNKNOWN)
            .id(" ")
            .operator("")
            .reason("  ")
            .portfolio("nobody")
            .signedWith(keys);

    assertThat(verifier.verify(control, RECEIVED).refusal())
        .isEqualTo(
            "unknown command: not one of KILL, RESUME, FLATTEN, SET_LIMIT; the command id is"
                + " blank; the operator is blank; the reason is blank; portfolio 'nobody' is"
                + " not traded by this job (it trades hedge, main; '*' addresses all)");
  }

  @Test
  void refusesASetLimitWithoutNameOrValue() {
    assertThat(verifier.verify(setLimit(null, null).signedWith(keys), RECEIVED).refusal())
        .isEqualTo("SET_LIMIT needs a limit name; SET_LIMIT needs a value");
    assertThat(verifier.verify(setLimit("max_drawdown", " ").signedWith(keys), RECEIVED).refusal())
        .isEqualTo("SET_LIMIT needs a value");
  }

  @Test
  void refusesAnUnknownLimitWithRiskParametersOwnMessage() {
    String expected = messageOf(() -> RiskParameter.named("max_leverage"));

    assertThat(verifier.verify(setLimit("max_leverage", "2").signedWith(keys), RECEIVED).refusal())
        .isEqualTo(expected)
        .startsWith("unknown risk limit 'max_leverage'; known limits: max_order_quantity");
  }

  @Test
  void refusesAnInvalidValueWithRiskParametersOwnMessage() {
    assertThat(verifier.verify(setLimit("max_drawdown", "2").signedWith(keys), RECEIVED).refusal())
        .isEqualTo("max_drawdown must be a fraction in (0, 1], e.g. 0.02 for 2 %, got 2");
    assertThat(
            verifier
                .verify(setLimit("order_rate_window", "soon").signedWith(keys), RECEIVED)
                .refusal())
        .isEqualTo(
            "order_rate_window must be a positive duration such as 500ms, 30s, 5m, 2h or PT5M,"
                + " got 'soon'");
  }

  @Test
  void refusesAParameterFixedAtStart() {
    assertThat(
            verifier.verify(setLimit("reject_window", "2m").signedWith(keys), RECEIVED).refusal())
        .isEqualTo(
            "reject_window shapes a CEP window and is fixed at start: change it with --risk-limit"
                + " and a savepoint restart");
  }

  @Test
  void refusesAMarketBreakerThresholdForOnePortfolio() {
    assertThat(verifier.verify(setLimit("price_jump", "0.05").signedWith(keys), RECEIVED).refusal())
        .isEqualTo(
            "price_jump is a market breaker threshold and applies job-wide: address it to"
                + " portfolio '*', not 'main'");
  }

  @Test
  void refusesALimitOnAnotherCommand() {
    assertThat(
            verifier
                .verify(kill().limit("max_drawdown", "0.01").signedWith(keys), RECEIVED)
                .refusal())
        .isEqualTo("KILL carries no limit name or value");
  }

  @Test
  void refusesCommandsTooOldOrFromTheFuture() {
    long weekAndAMinuteLater = ISSUED.plus(Duration.ofDays(7)).plusSeconds(60).toEpochMilli();
    long tenMinutesEarlier = ISSUED.minus(Duration.ofMinutes(10)).toEpochMilli();
    long fourMinutesEarlier = ISSUED.minus(Duration.ofMinutes(4)).toEpochMilli();

    assertThat(verifier.verify(kill().signedWith(keys), weekAndAMinuteLater).refusal())
        .isEqualTo("issued at 2026-01-01T00:00:00Z, more than 7 days ago: too old");
    assertThat(verifier.verify(kill().signedWith(keys), tenMinutesEarlier).refusal())
        .isEqualTo(
            "issued at 2026-01-01T00:00:00Z, more than 5 minutes in the future: check the issuing"
                + " machine's clock");
    assertThat(verifier.verify(kill().signedWith(keys), fourMinutesEarlier).isAccepted()).isTrue();
  }

  @Test
  void theBridgesVerifierTakesAnyPortfolio() {
    ControlVerifier anyPortfolio = ControlVerifier.forAnyPortfolio(keys);

    assertThat(anyPortfolio.verify(kill().portfolio("elsewhere").signedWith(keys), RECEIVED))
        .extracting(v -> v.command().portfolio())
        .isEqualTo("elsewhere");
  }

  @Test
  void contentProblemsAreWhatASenderCanCheckBeforeSigning() {
    assertThat(ControlVerifier.contentProblems(kill().portfolio("anything").unsigned())).isEmpty();
    assertThat(ControlVerifier.contentProblems(setLimit("runaway_window", "2m").unsigned()))
        .containsExactly(
            "runaway_window shapes a CEP window and is fixed at start: change it with"
                + " --risk-limit and a savepoint restart");
  }

  private static String messageOf(Runnable failing) {
    try {
      failing.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
