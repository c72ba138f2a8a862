package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixed-point loop of the portfolio breakers, without Flink: what each pass applies. */
class BreakerPassesTest {
  private static final MarketSessions NYSE = MarketSessions.usEquitiesWithRoundTheClock(List.of());

  /** Tuesday 12 February 2019, 10:31 New York: inside the session. */
  private static final long TUESDAY_1031 = millis("2019-02-12T15:31:00Z");

  private static final long TUESDAY_1102 = millis("2019-02-12T16:02:00Z");
  private static final long TUESDAY_1400 = millis("2019-02-12T19:00:00Z");
  private static final long WEDNESDAY_OPEN = millis("2019-02-13T14:30:00Z");

  @Test
  void aPassThatRaisesNothingIsTheLast() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);

    assertThat(passes.next(List.of())).isEmpty();

    assertThat(passes.pass()).isEqualTo(2);
    assertThat(passes.applied()).isEmpty();
    assertThat(passes.inputs(null)).isEmpty();
  }

  @Test
  void appliesOnlyTheEarliestTimeOfEachRunAfterItsDecisions() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert first = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    RiskAlert later = halt(RiskReason.LOSING_STREAK, TUESDAY_1400);
    RiskAlert lookAhead = halt(RiskReason.DAILY_LOSS, TUESDAY_1102);

    List<BreakerPasses.Applied> applied =
        passes.next(
            List.of(
                raised(null, TUESDAY_1400, later),
                raised(ExtraRun.LOOK_AHEAD, TUESDAY_1102, lookAhead),
                raised(null, TUESDAY_1031, first)));

    // The later event of the primary may not happen once the first one halts: not applied yet.
    assertThat(applied)
        .extracting(BreakerPasses.Applied::run, BreakerPasses.Applied::raisedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, TUESDAY_1031),
            org.assertj.core.groups.Tuple.tuple(ExtraRun.LOOK_AHEAD, TUESDAY_1102));
    assertThat(applied.get(0).describe())
        .isEqualTo("daily-loss HALT of main at 2019-02-12T15:31:00Z");
    assertThat(applied.get(1).describe())
        .isEqualTo("look-ahead run: daily-loss HALT of main at 2019-02-12T16:02:00Z");
    // Each run's operator gets its own events, one millisecond after the time they were raised.
    assertThat(passes.inputs(null))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.at()).isEqualTo(TUESDAY_1031 + 1);
              assertThat(s.input().kind).isEqualTo(BacktestInput.Kind.BREAKER);
              assertThat(s.input().alert).isEqualTo(first);
            });
    assertThat(passes.inputs(ExtraRun.LOOK_AHEAD))
        .singleElement()
        .satisfies(s -> assertThat(s.input().alert).isEqualTo(lookAhead));
    assertThat(passes.inputs(ExtraRun.BASELINE_STRATEGY)).isEmpty();
  }

  @Test
  void appliesEveryEventRaisedAtTheEarliestTimeTogether() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert rejects = halt(RiskReason.REJECT_BURST, TUESDAY_1031);
    RiskAlert loss = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);

    List<BreakerPasses.Applied> applied =
        passes.next(List.of(raised(null, TUESDAY_1031, rejects), raised(null, TUESDAY_1031, loss)));

    assertThat(applied)
        .singleElement()
        .satisfies(a -> assertThat(a.alerts()).containsExactly(loss, rejects));
    assertThat(passes.inputs(null)).hasSize(2);
  }

  @Test
  void endsWhenAPassRaisesTheAppliedEventsAgainAndNothingNew() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert first = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    RiskAlert second = halt(RiskReason.LOSING_STREAK, TUESDAY_1400);
    passes.next(List.of(raised(null, TUESDAY_1031, first), raised(null, TUESDAY_1400, second)));

    // Pass 2: the first event again, and the second still raised after it.
    assertThat(
            passes.next(
                List.of(raised(null, TUESDAY_1031, first), raised(null, TUESDAY_1400, second))))
        .singleElement()
        .satisfies(a -> assertThat(a.raisedAt()).isEqualTo(TUESDAY_1400));
    // Pass 3: both again, nothing new: the fixed point, three passes for two trips.
    assertThat(
            passes.next(
                List.of(raised(null, TUESDAY_1031, first), raised(null, TUESDAY_1400, second))))
        .isEmpty();
    assertThat(passes.pass() - 1).isEqualTo(3);
    assertThat(passes.inputs(null))
        .extracting(BreakerPasses.Scheduled::at)
        .containsExactly(TUESDAY_1031 + 1, TUESDAY_1400 + 1);
  }

  @Test
  void eventsRaisedWhileHaltedChangeNothingAndAreAppliedTogether() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert halt = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    RiskAlert again = halt(RiskReason.DAILY_LOSS, TUESDAY_1102);
    RiskAlert streak = halt(RiskReason.LOSING_STREAK, TUESDAY_1400);
    passes.next(List.of(raised(null, TUESDAY_1031, halt), raised(null, TUESDAY_1102, again)));

    // Pass 2 ran halted from 10:31: what it raised after that reaches a HALTED gate and changes
    // none of its records, so both later times are exact and go into pass 3 together.
    List<BreakerPasses.Applied> applied =
        passes.next(
            List.of(
                raised(null, TUESDAY_1031, halt),
                raised(null, TUESDAY_1102, again),
                raised(null, TUESDAY_1400, streak)));

    assertThat(applied)
        .extracting(BreakerPasses.Applied::raisedAt, BreakerPasses.Applied::whileHalted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TUESDAY_1102, true),
            org.assertj.core.groups.Tuple.tuple(TUESDAY_1400, true));
    assertThat(
            passes.next(
                List.of(
                    raised(null, TUESDAY_1031, halt),
                    raised(null, TUESDAY_1102, again),
                    raised(null, TUESDAY_1400, streak))))
        .isEmpty();
    assertThat(passes.pass() - 1).as("passes").isEqualTo(3);
  }

  @Test
  void aResumeEndsTheHaltSoTheFirstEventAfterItIsTheLastAppliedInItsPass() {
    BreakerPasses passes = passes(ResumeHalts.NEXT_SESSION);
    RiskAlert halt = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    RiskAlert whileHalted = halt(RiskReason.DAILY_LOSS, TUESDAY_1400);
    long wednesday1100 = millis("2019-02-13T16:00:00Z");
    long thursday1100 = millis("2019-02-14T16:00:00Z");
    RiskAlert afterResume = halt(RiskReason.DAILY_LOSS, wednesday1100);
    RiskAlert later = halt(RiskReason.DAILY_LOSS, thursday1100);
    passes.next(List.of(raised(null, TUESDAY_1031, halt)));

    List<BreakerPasses.Applied> applied =
        passes.next(
            List.of(
                raised(null, TUESDAY_1031, halt),
                raised(null, TUESDAY_1400, whileHalted),
                raised(null, wednesday1100, afterResume),
                raised(null, thursday1100, later)));

    // Tuesday 14:00 finds the gate halted; Wednesday 11:00 comes after the RESUME at the open and
    // halts again, so Thursday's event may not happen: it waits for the next pass.
    assertThat(applied)
        .extracting(BreakerPasses.Applied::raisedAt, BreakerPasses.Applied::whileHalted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TUESDAY_1400, true),
            org.assertj.core.groups.Tuple.tuple(wednesday1100, false));
    assertThat(passes.applied().get(2).resumeAt()).isEqualTo(millis("2019-02-14T14:30:00Z"));
  }

  @Test
  void failsWhenAnAppliedEventIsNotRaisedAgain() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert first = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    passes.next(List.of(raised(null, TUESDAY_1031, first)));

    assertThatThrownBy(
            () ->
                passes.next(
                    List.of(
                        raised(null, TUESDAY_1400, halt(RiskReason.LOSING_STREAK, TUESDAY_1400)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pass 2 contradicts pass 1")
        .hasMessageContaining("daily-loss HALT of main at 2019-02-12T15:31:00Z")
        .hasMessageContaining("not deterministic");
  }

  @Test
  void failsWhenAPassRaisesSomethingNewBeforeAnAppliedEvent() {
    BreakerPasses passes = passes(ResumeHalts.NEVER);
    RiskAlert applied = halt(RiskReason.DAILY_LOSS, TUESDAY_1400);
    passes.next(List.of(raised(null, TUESDAY_1400, applied)));

    assertThatThrownBy(
            () ->
                passes.next(
                    List.of(
                        raised(null, TUESDAY_1031, halt(RiskReason.REJECT_BURST, TUESDAY_1031)),
                        raised(null, TUESDAY_1400, applied))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("events before it that no earlier pass raised");
  }

  @Test
  void resumesAHaltAtTheNextSessionOpenOncePerPortfolioAndTime() {
    BreakerPasses passes = passes(ResumeHalts.NEXT_SESSION);
    RiskAlert first = halt(RiskReason.DAILY_LOSS, TUESDAY_1031);
    RiskAlert second = halt(RiskReason.REJECT_BURST, TUESDAY_1400);
    passes.next(List.of(raised(null, TUESDAY_1031, first)));
    passes.next(List.of(raised(null, TUESDAY_1031, first), raised(null, TUESDAY_1400, second)));

    assertThat(passes.applied())
        .extracting(BreakerPasses.Applied::resumeAt)
        .containsExactly(WEDNESDAY_OPEN, WEDNESDAY_OPEN);
    List<BreakerPasses.Scheduled> inputs = passes.inputs(null);
    assertThat(inputs).hasSize(3);
    assertThat(inputs.get(2).at()).isEqualTo(WEDNESDAY_OPEN);
    assertThat(inputs.get(2).input().kind).isEqualTo(BacktestInput.Kind.COMMAND);
    assertThat(inputs.get(2).input().command.command()).isEqualTo(ControlCommand.RESUME);
    assertThat(inputs.get(2).input().command.portfolio()).isEqualTo("main");
    assertThat(inputs.get(2).input().command.issuedAt()).isEqualTo(WEDNESDAY_OPEN);
  }

  @Test
  void aProfitLockIsNotResumed() {
    BreakerPasses passes = passes(ResumeHalts.NEXT_SESSION);
    RiskAlert lock =
        RiskAlert.raised(
            "breaker",
            "main",
            null,
            RiskReason.PROFIT_LOCK,
            Severity.REDUCE,
            "locked",
            Map.of(),
            "snapshot-3",
            TUESDAY_1031);

    passes.next(List.of(raised(null, TUESDAY_1031, lock)));

    assertThat(passes.applied()).singleElement().satisfies(a -> assertThat(a.resumeAt()).isNull());
    assertThat(passes.inputs(null))
        .singleElement()
        .satisfies(s -> assertThat(s.input().kind).isEqualTo(BacktestInput.Kind.BREAKER));
  }

  private static BreakerPasses passes(ResumeHalts resume) {
    return new BreakerPasses(resume, List.of(BacktestFixtures.MAIN), NYSE);
  }

  private static BreakerPasses.Raised raised(ExtraRun run, long at, RiskAlert alert) {
    return new BreakerPasses.Raised(run, at, alert);
  }

  private static RiskAlert halt(RiskReason reason, long at) {
    return RiskAlert.raised(
        "breaker",
        "main",
        null,
        reason,
        Severity.HALT,
        reason + " tripped",
        Map.of(),
        "cause-" + at,
        at);
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
