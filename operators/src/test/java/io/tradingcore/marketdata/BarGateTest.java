package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The gate's per-symbol rules with small parameters whose thresholds can be checked by hand: window
 * 4, minimum history 3, k = 3, σ floor 0.001, volume multiple 5, re-base after 3 bars, missing bars
 * after 5 intervals.
 */
class BarGateTest {
  private static final GateParameters SMALL =
      new GateParameters(
          Duration.ofMinutes(1),
          4,
          3,
          3.0,
          0.001,
          5.0,
          3,
          5,
          Duration.ofHours(2),
          Duration.ofDays(1));

  private final BarGate gate = new BarGate(SMALL);
  private final GateState state = gate.newState();
  private int minute;

  @Test
  void aCloseBeyondKSigmaOfRecentReturnsIsAPriceJump() {
    // Returns ±ln(1.01) = ±0.0099503: sample σ = 0.0099503 · √(4/3) = 0.0114896, 3σ = 0.034469.
    closes("100", "101", "100", "101", "100");

    assertThat(judgeClose("103.6").refusal().reason())
        .as("ln(103.6/100) = 0.035367 > 0.034469")
        .isEqualTo(QuarantineReason.PRICE_JUMP);
  }

  @Test
  void aCloseJustWithinKSigmaPasses() {
    closes("100", "101", "100", "101", "100");

    assertThat(judgeClose("103.4").accepted()).as("ln(103.4/100) = 0.033435 < 0.034469").isTrue();
  }

  @Test
  void aQuietSeriesUsesTheSigmaFloor() {
    // σ = 0: the floor 0.001 gives a limit of 0.003.
    closes("100", "100", "100", "100", "100");

    assertThat(judgeClose("100.4").refusal().reason())
        .as("ln(1.004) = 0.003992 > 0.003")
        .isEqualTo(QuarantineReason.PRICE_JUMP);
    assertThat(judgeClose("100.2").accepted()).as("ln(1.002) = 0.001998 < 0.003").isTrue();
  }

  @Test
  void theLimitGrowsWithTheSquareRootOfTheBarsElapsed() {
    closes("100", "100", "100", "100", "100");
    minute += 3; // three bars missing: four intervals since the last close, limit 0.003 · 2

    assertThat(judgeClose("100.5").accepted()).as("ln(1.005) = 0.004988 < 0.006").isTrue();
  }

  @Test
  void theRuleWaitsForTheMinimumHistory() {
    closes("100", "100", "100"); // two returns, three needed

    assertThat(judgeClose("150").accepted()).isTrue();
  }

  @Test
  void aSingleBadTickIsRefusedAndTheNextGoodBarPasses() {
    closes("100", "100", "100", "100", "100");

    assertThat(judgeClose("110").refusal().reason()).isEqualTo(QuarantineReason.PRICE_JUMP);
    assertThat(judgeClose("100.1").accepted()).isTrue();
    assertThat(state.getJumpStreak()).isZero();
  }

  @Test
  void aNewLevelIsAcceptedOnTheThirdAgreeingJumpBar() {
    closes("100", "100", "100", "100", "100");

    assertThat(judgeClose("110").accepted()).isFalse();
    assertThat(judgeClose("110.1").accepted()).as("|ln(110.1/110)| = 0.000909 agrees").isFalse();
    assertThat(judgeClose("110.05").accepted()).as("third agreeing bar re-bases").isTrue();
    assertThat(judgeClose("110").accepted()).as("judged against the new level").isTrue();
  }

  @Test
  void jumpBarsThatDisagreeStartANewStreak() {
    closes("100", "100", "100", "100", "100");

    assertThat(judgeClose("110").accepted()).isFalse();
    assertThat(judgeClose("120").accepted()).as("ln(120/110) = 0.087 disagrees").isFalse();
    assertThat(judgeClose("120").accepted()).isFalse();
    assertThat(judgeClose("120").accepted()).isTrue();
  }

  @Test
  void aVolumeAtTheMultipleOfTheRecentMeanPasses() {
    volumes("1000", "1000", "1000", "1000");

    assertThat(judgeVolume("5000").accepted()).as("5 × mean 1000, not above").isTrue();
  }

  @Test
  void aVolumeSpikeBeyondTheLimitIsRefused() {
    volumes("1000", "1000", "1000", "1000");

    assertThat(judgeVolume("5001").refusal().reason())
        .isEqualTo(QuarantineReason.IMPLAUSIBLE_VOLUME);
    assertThat(judgeVolume("1000").accepted()).isTrue();
  }

  @Test
  void aLastingVolumeLevelIsAcceptedOnTheThirdSpike() {
    volumes("1000", "1000", "1000", "1000");

    assertThat(judgeVolume("9000").accepted()).isFalse();
    assertThat(judgeVolume("9000").accepted()).isFalse();
    assertThat(judgeVolume("9000").accepted()).isTrue();
    assertThat(judgeVolume("9000").accepted())
        .as("fresh statistics, below minimum history")
        .isTrue();
  }

  @Test
  void aGapOfMoreThanTheThresholdIsReportedAndTheBarAfterItPasses() {
    closes("100");
    minute += 6; // six missing intervals, threshold 5

    BarGate.Verdict after = judgeClose("100");

    assertThat(after.accepted()).isTrue();
    assertThat(after.report().reason()).isEqualTo(QuarantineReason.MISSING_BARS);
    assertThat(after.report().detail()).startsWith("6 bars of AAPL missing");
  }

  @Test
  void aGapAtTheThresholdIsNotReported() {
    closes("100");
    minute += 5;

    assertThat(judgeClose("100").report()).isNull();
  }

  @Test
  void aSessionBreakIsNotMissingData() {
    closes("100");
    minute += 120; // two hours

    assertThat(judgeClose("100").report()).isNull();
  }

  @Test
  void refusalsOnTheirOwnLeaveNoTrace() {
    closes("100");

    BarGate.Verdict verdict = gate.judge(state, bar("AAPL").atMinute(2).flatAt("-1").build());

    assertThat(verdict.refusal().reason()).isEqualTo(QuarantineReason.NON_POSITIVE_PRICE);
    assertThat(verdict.stateChanged()).isFalse();
    assertThat(judgeClose("100").accepted()).as("minute 2 is still free").isTrue();
  }

  @Test
  void aSlotTakenByARefusedJumpMakesASecondBarADuplicate() {
    closes("100", "100", "100", "100", "100");
    judgeClose("110");
    minute--;

    assertThat(judgeClose("110").refusal().reason()).isEqualTo(QuarantineReason.DUPLICATE);
  }

  private void closes(String... closes) {
    for (String close : closes) {
      assertThat(judgeClose(close).accepted()).as("history bar %s", close).isTrue();
    }
  }

  private void volumes(String... volumes) {
    for (String volume : volumes) {
      assertThat(judgeVolume(volume).accepted()).as("history bar %s", volume).isTrue();
    }
  }

  private BarGate.Verdict judgeClose(String close) {
    return gate.judge(state, bar("AAPL").atMinute(++minute).flatAt(close).build());
  }

  private BarGate.Verdict judgeVolume(String volume) {
    return gate.judge(state, bar("AAPL").atMinute(++minute).flatAt("100").volume(volume).build());
  }
}
