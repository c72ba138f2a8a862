package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.BETA;
import static io.tradingcore.risk.breakers.BreakerTestData.FRIDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.GAMMA;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY_10AM;
import static io.tradingcore.risk.breakers.BreakerTestData.SECOND;
import static io.tradingcore.risk.breakers.BreakerTestData.THURSDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.TUESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.UNWATCHED;
import static io.tradingcore.risk.breakers.BreakerTestData.WEDNESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.accepted;
import static io.tradingcore.risk.breakers.BreakerTestData.at;
import static io.tradingcore.risk.breakers.BreakerTestData.book;
import static io.tradingcore.risk.breakers.BreakerTestData.portfolio;
import static io.tradingcore.risk.breakers.BreakerTestData.rejects;
import static io.tradingcore.risk.breakers.BreakerTestData.report;
import static io.tradingcore.risk.breakers.BreakerTestData.setLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.testing.CounterReporter;
import io.tradingcore.testing.GatedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The breakers' real patterns on a MiniCluster, fed scripted inputs through {@link
 * PortfolioBreakers#attach}. Each breaker test runs the case that must trip it and those that must
 * not side by side, one portfolio each, in one job. Then a SET_LIMIT arriving mid-burst and
 * mid-streak, and the fills' event time: a burst halts without waiting for another report, and a
 * report older than event time goes to the late output.
 *
 * <p>Where a test needs one input's record processed before another input's (a command between two
 * rejects), the second waits behind a {@link GatedSource} gate that the test opens once the breaker
 * operator's own counter shows the first was taken ({@link CounterReporter}).
 */
@Tag("slow")
@Timeout(60)
class PortfolioBreakersITCase {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  private static final List<PortfolioSpec> PORTFOLIOS =
      List.of(portfolio(ALPHA), portfolio(BETA), portfolio(GAMMA));

  private static final String BOOK_SIGNALS = "breakers: book signals";
  private static final String FILL_SIGNALS = "breakers: fill signals";

  private static final TypeInformation<BookSnapshot> SNAPSHOT =
      TypeInformation.of(BookSnapshot.class);
  private static final TypeInformation<ExecutionReport> REPORT =
      TypeInformation.of(ExecutionReport.class);
  private static final TypeInformation<OperatorCommand> COMMAND =
      TypeInformation.of(OperatorCommand.class);

  /** Inputs the breakers ignore (another job's portfolio, a command they do not act on). */
  private static final BookSnapshot IGNORED_SNAPSHOT =
      BreakerTestData.snapshot(UNWATCHED, 1, MONDAY_10AM, "1");

  private static final ExecutionReport IGNORED_REPORT =
      report(UNWATCHED, "elsewhere", ExecutionStatus.REJECTED, MONDAY_10AM);
  private static final OperatorCommand IGNORED_COMMAND = BreakerTestData.kill(ALPHA);

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(CounterReporter.addTo(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void haltsOncePerCrossingOfTheDailyLossAndNotAtExactlyTheLimit() throws Exception {
    List<BookSnapshot> snapshots = new ArrayList<>();
    // 97 900 is 2.1 % below 100 000: HALT; 97 500 stays beyond, 98 500 is back within, 97 000
    // crosses again. Tuesday starts from Monday's close, 97 000, so 96 000 is only 1.03 % down.
    snapshots.addAll(
        book(ALPHA)
            .on(MONDAY, "99000", "97900", "97500", "98500", "97000")
            .on(TUESDAY, "96000")
            .snapshots());
    // Exactly 2 % is not more than 2 %.
    snapshots.addAll(book(BETA).on(MONDAY, "99000", "98000").snapshots());

    List<RiskAlert> alerts = run(snapshots, List.of(), List.of()).alerts();

    assertThat(alerts)
        .extracting(
            RiskAlert::portfolio, RiskAlert::reason, RiskAlert::severity, RiskAlert::causationId)
        .containsExactly(
            tuple(ALPHA, RiskReason.DAILY_LOSS, Severity.HALT, "snapshot-2"),
            tuple(ALPHA, RiskReason.DAILY_LOSS, Severity.HALT, "snapshot-5"));
    assertThat(alerts.get(0).values())
        .containsEntry("observed", 0.021)
        .containsEntry("limit", 0.02)
        .containsEntry("dayStartEquity", 100_000.0)
        .containsEntry("equity", 97_900.0);
    assertThat(alerts.get(0).tsEvent()).isEqualTo(at(MONDAY, "10:01"));
  }

  @Test
  void reducesOncePerCrossingOfTheProfitLockAndNotJustBelowIt() throws Exception {
    List<BookSnapshot> snapshots = new ArrayList<>();
    // 103 000 is exactly +3 %: REDUCE; 103 500 stays above, 102 000 falls back, 103 100 again.
    snapshots.addAll(
        book(ALPHA).on(MONDAY, "101000", "103000", "103500", "102000", "103100").snapshots());
    snapshots.addAll(book(BETA).on(MONDAY, "101000", "102999.99").snapshots());

    List<RiskAlert> alerts = run(snapshots, List.of(), List.of()).alerts();

    assertThat(alerts)
        .extracting(
            RiskAlert::portfolio, RiskAlert::reason, RiskAlert::severity, RiskAlert::causationId)
        .containsExactly(
            tuple(ALPHA, RiskReason.PROFIT_LOCK, Severity.REDUCE, "snapshot-2"),
            tuple(ALPHA, RiskReason.PROFIT_LOCK, Severity.REDUCE, "snapshot-5"));
    assertThat(alerts.get(0).values()).containsEntry("observed", 0.03).containsEntry("limit", 0.03);
  }

  @Test
  void haltsAfterThreeLosingDaysButNotWhenAWinningOrAFlatDayBreaksTheRun() throws Exception {
    List<BookSnapshot> snapshots = new ArrayList<>();
    // Each day a little down (never 2 % in a day); Wednesday's loss is known on Thursday.
    snapshots.addAll(
        book(ALPHA)
            .on(MONDAY, "99500", "99000")
            .on(TUESDAY, "98000")
            .on(WEDNESDAY, "97500")
            .on(THURSDAY, "97600")
            .snapshots());
    // Two losing days, a winning one, a losing one.
    snapshots.addAll(
        book(BETA)
            .on(MONDAY, "99000")
            .on(TUESDAY, "98000")
            .on(WEDNESDAY, "98500")
            .on(THURSDAY, "98000")
            .on(FRIDAY, "98000")
            .snapshots());
    // Two losing days, a flat one (no snapshot moved equity), a losing one.
    snapshots.addAll(
        book(GAMMA)
            .on(MONDAY, "99000")
            .on(TUESDAY, "98000")
            .on(WEDNESDAY, "98000")
            .on(THURSDAY, "97500")
            .on(FRIDAY, "97500")
            .snapshots());

    List<RiskAlert> alerts = run(snapshots, List.of(), List.of()).alerts();

    assertThat(alerts).hasSize(1);
    RiskAlert halt = alerts.get(0);
    assertThat(halt.portfolio()).isEqualTo(ALPHA);
    assertThat(halt.reason()).isEqualTo(RiskReason.LOSING_STREAK);
    assertThat(halt.severity()).isEqualTo(Severity.HALT);
    assertThat(halt.causationId()).isEqualTo("day-" + WEDNESDAY);
    assertThat(halt.tsEvent())
        .as("raised when Wednesday is known to be over")
        .isEqualTo(at(THURSDAY, "10:00"));
    assertThat(halt.values())
        .containsEntry("observed", 3.0)
        .containsEntry("limit", 3.0)
        .containsEntry("streakStartEquity", 100_000.0)
        .containsEntry("equity", 97_500.0);
  }

  @Test
  void haltsOnceOnTenRejectsWithinAMinuteButNotOnNineOrOnTenSpreadWider() throws Exception {
    List<ExecutionReport> reports = new ArrayList<>();
    // Twelve, 5 s apart: the tenth completes a burst within 45 s; the 11th and 12th start anew.
    reports.addAll(rejects(ALPHA, 12, MONDAY_10AM, SECOND.multipliedBy(5)));
    reports.addAll(rejects(BETA, 9, MONDAY_10AM, SECOND.multipliedBy(5)));
    // Ten, 7 s apart: 63 s from first to last.
    reports.addAll(rejects(GAMMA, 10, MONDAY_10AM, SECOND.multipliedBy(7)));
    reports.addAll(rejects(UNWATCHED, 10, MONDAY_10AM, SECOND));

    List<RiskAlert> alerts = run(List.of(), reports, List.of()).alerts();

    assertThat(alerts).hasSize(1);
    RiskAlert halt = alerts.get(0);
    assertThat(halt.portfolio()).isEqualTo(ALPHA);
    assertThat(halt.reason()).isEqualTo(RiskReason.REJECT_BURST);
    assertThat(halt.severity()).isEqualTo(Severity.HALT);
    assertThat(halt.tsEvent()).isEqualTo(MONDAY_10AM + 45_000);
    assertThat(halt.values())
        .containsEntry("observed", 10.0)
        .containsEntry("limit", 10.0)
        .containsEntry("windowMillis", 60_000.0)
        .containsEntry("spanMillis", 45_000.0);
  }

  @Test
  void haltsOnSixtyOrdersReachingTheBrokerWithinAMinuteCountingEachOrderOnce() throws Exception {
    List<ExecutionReport> reports = new ArrayList<>();
    // 55 accepted and 5 rejected orders, one a second: 60 orders within 59 s.
    reports.addAll(accepted(ALPHA, 55, MONDAY_10AM, SECOND));
    reports.addAll(rejects(ALPHA, 5, MONDAY_10AM + 55_000, SECOND));
    // 59 orders, each also filled and its acceptance reported twice: still 59 orders.
    for (ExecutionReport order : accepted(BETA, 59, MONDAY_10AM, SECOND)) {
      reports.add(order);
      reports.add(order);
      reports.add(
          report(BETA, order.clientOrderId(), ExecutionStatus.FILLED, order.tsEvent() + 100));
    }

    List<RiskAlert> alerts = run(List.of(), reports, List.of()).alerts();

    assertThat(alerts).hasSize(1);
    RiskAlert halt = alerts.get(0);
    assertThat(halt.portfolio()).isEqualTo(ALPHA);
    assertThat(halt.reason()).isEqualTo(RiskReason.RUNAWAY_ORDERS);
    assertThat(halt.severity()).isEqualTo(Severity.HALT);
    assertThat(halt.values())
        .containsEntry("observed", 60.0)
        .containsEntry("limit", 60.0)
        .containsEntry("spanMillis", 59_000.0);
  }

  @Test
  void aRejectBurstLoweredMidBurstCompletesWithTheRejectsAlreadyCounted(TestInfo test)
      throws Exception {
    String job = jobName(test);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    // Seven rejects under reject_burst 10, the command, an eighth reject.
    DataStream<ExecutionReport> reports =
        gated(
            env,
            job + "-reports",
            rejects(ALPHA, 8, MONDAY_10AM, SECOND.multipliedBy(5)),
            Map.of(7, job + "-applied"),
            REPORT);
    DataStream<OperatorCommand> commands =
        gated(
            env,
            job + "-commands",
            List.of(setLimit(ALPHA, RiskParameter.REJECT_BURST, "8")),
            Map.of(0, job + "-seven-taken"),
            COMMAND);

    Outcome outcome =
        runGated(
            env,
            job,
            PortfolioBreakers.attach(
                env.fromData(List.of(IGNORED_SNAPSHOT), SNAPSHOT),
                reports,
                commands,
                PORTFOLIOS,
                OUT_OF_ORDERNESS),
            () -> {
              await("seven rejects taken", counter(job, FILL_SIGNALS, "breaker_reports_total", 7));
              GatedSource.open(job + "-seven-taken");
              await(
                  "the command applied",
                  counter(job, FILL_SIGNALS, "breaker_limit_changes_total", 1));
              GatedSource.open(job + "-applied");
            });

    assertThat(outcome.alerts()).hasSize(1);
    assertThat(outcome.alerts().get(0).reason()).isEqualTo(RiskReason.REJECT_BURST);
    assertThat(outcome.alerts().get(0).values())
        .containsEntry("observed", 8.0)
        .containsEntry("limit", 8.0)
        .containsEntry("spanMillis", 35_000.0);
  }

  @Test
  void aLosingStreakRaisedMidStreakNeedsOneMoreLosingDay(TestInfo test) throws Exception {
    String job = jobName(test);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    // Monday and Tuesday lost (known on Wednesday); losing_days 3 → 4; Wednesday and Thursday
    // lose too: nothing on Thursday (3 of 4), a HALT on Friday (4 of 4).
    List<BookSnapshot> snapshots =
        book(ALPHA)
            .on(MONDAY, "99000")
            .on(TUESDAY, "98000")
            .on(WEDNESDAY, "97500")
            .on(THURSDAY, "97000")
            .on(FRIDAY, "96500")
            .snapshots();
    DataStream<BookSnapshot> book =
        gated(env, job + "-book", snapshots, Map.of(3, job + "-applied"), SNAPSHOT);
    DataStream<OperatorCommand> commands =
        gated(
            env,
            job + "-commands",
            List.of(setLimit(ALPHA, RiskParameter.LOSING_DAYS, "4")),
            Map.of(0, job + "-two-days-lost"),
            COMMAND);

    Outcome outcome =
        runGated(
            env,
            job,
            PortfolioBreakers.attach(
                book,
                env.fromData(List.of(IGNORED_REPORT), REPORT),
                commands,
                PORTFOLIOS,
                OUT_OF_ORDERNESS),
            () -> {
              await(
                  "Wednesday's first snapshot taken",
                  counter(job, BOOK_SIGNALS, "breaker_snapshots_total", 3));
              GatedSource.open(job + "-two-days-lost");
              await(
                  "the command applied",
                  counter(job, BOOK_SIGNALS, "breaker_limit_changes_total", 1));
              GatedSource.open(job + "-applied");
            });

    assertThat(outcome.alerts()).hasSize(1);
    RiskAlert halt = outcome.alerts().get(0);
    assertThat(halt.reason()).isEqualTo(RiskReason.LOSING_STREAK);
    assertThat(halt.causationId()).isEqualTo("day-" + THURSDAY);
    assertThat(halt.values())
        .containsEntry("observed", 4.0)
        .containsEntry("limit", 4.0)
        .containsEntry("streakStartEquity", 100_000.0);
  }

  @Test
  void theLastRejectOfABurstHaltsAtOnceAndAReportOlderThanEventTimeIsLate(TestInfo test)
      throws Exception {
    String job = jobName(test);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    // Ten rejects, then nothing until the HALT is out: only the quiet period can move event time
    // past the tenth. Then a straggler stamped before the burst.
    List<ExecutionReport> reports = new ArrayList<>(rejects(ALPHA, 10, MONDAY_10AM, SECOND));
    long straggler = MONDAY_10AM - Duration.ofMinutes(1).toMillis();
    reports.add(report(ALPHA, "straggler", ExecutionStatus.REJECTED, straggler));
    DataStream<ExecutionReport> fills =
        gated(env, job + "-reports", reports, Map.of(10, job + "-halted"), REPORT);
    // The second parallel instance never sees a record: it must go idle, not hold time back.
    BreakerTiming timing =
        new BreakerTiming(OUT_OF_ORDERNESS, Duration.ofSeconds(1), Duration.ofMillis(200));
    SingleOutputStreamOperator<RiskAlert> breakers =
        PortfolioBreakers.attach(
            env.fromData(List.of(IGNORED_SNAPSHOT), SNAPSHOT),
            fills,
            env.fromData(List.of(IGNORED_COMMAND), COMMAND),
            PORTFOLIOS,
            timing);
    CloseableIterator<RiskAlert> alerts = breakers.collectAsync();
    CloseableIterator<LateInput> late =
        breakers.getSideOutput(PortfolioBreakers.LATE).collectAsync();
    JobClient client = env.executeAsync(job);
    RiskAlert halt;
    List<LateInput> lateInputs;
    try {
      assertThat(alerts.hasNext()).as("an event while the source still holds records").isTrue();
      halt = alerts.next();
      GatedSource.open(job + "-halted");
      assertThat(drain(alerts)).as("no further event").isEmpty();
      lateInputs = drain(late);
      client.getJobExecutionResult().get();
    } finally {
      client.cancel();
    }

    assertThat(halt.reason()).isEqualTo(RiskReason.REJECT_BURST);
    assertThat(lateInputs)
        .extracting(LateInput::breaker, LateInput::portfolio, LateInput::timestamp)
        .containsExactlyInAnyOrder(
            tuple(PortfolioBreakers.REJECT_BURST, ALPHA, straggler),
            tuple(PortfolioBreakers.RUNAWAY_ORDERS, ALPHA, straggler));
    assertThat(CounterReporter.count(job, "breakers: alerts", "breaker_late_inputs_total"))
        .isEqualTo(2);
  }

  record Outcome(List<RiskAlert> alerts, List<LateInput> late) {}

  /** Runs the breakers over bounded inputs to the end. */
  private static Outcome run(
      List<BookSnapshot> snapshots, List<ExecutionReport> reports, List<OperatorCommand> commands)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    SingleOutputStreamOperator<RiskAlert> breakers =
        PortfolioBreakers.attach(
            env.fromData(orIgnored(snapshots, IGNORED_SNAPSHOT), SNAPSHOT),
            env.fromData(orIgnored(reports, IGNORED_REPORT), REPORT),
            env.fromData(orIgnored(commands, IGNORED_COMMAND), COMMAND),
            PORTFOLIOS,
            OUT_OF_ORDERNESS);
    CloseableIterator<RiskAlert> alerts = breakers.collectAsync();
    CloseableIterator<LateInput> late =
        breakers.getSideOutput(PortfolioBreakers.LATE).collectAsync();
    env.execute("breakers");
    return new Outcome(drain(alerts), drain(late));
  }

  /** Starts the job, lets {@code script} open its gates, then collects everything to the end. */
  private static Outcome runGated(
      StreamExecutionEnvironment env,
      String job,
      SingleOutputStreamOperator<RiskAlert> breakers,
      Runnable script)
      throws Exception {
    CloseableIterator<RiskAlert> alerts = breakers.collectAsync();
    CloseableIterator<LateInput> late =
        breakers.getSideOutput(PortfolioBreakers.LATE).collectAsync();
    JobClient client = env.executeAsync(job);
    try {
      script.run();
      Outcome outcome = new Outcome(drain(alerts), drain(late));
      client.getJobExecutionResult().get();
      return outcome;
    } finally {
      client.cancel();
    }
  }

  private static <T> DataStream<T> gated(
      StreamExecutionEnvironment env,
      String script,
      List<T> records,
      Map<Integer, String> gates,
      TypeInformation<T> type) {
    return env.fromSource(
            GatedSource.of(script, records, gates, type), WatermarkStrategy.noWatermarks(), script)
        .setParallelism(1);
  }

  private static BooleanSupplier counter(String job, String operator, String name, long atLeast) {
    return () -> CounterReporter.count(job, operator, name) >= atLeast;
  }

  /** Polls {@code condition} until it holds, for at most 30 s. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
        throw new AssertionError("gave up waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  private static String jobName(TestInfo test) {
    return test.getTestMethod().orElseThrow().getName();
  }

  /**
   * {@code records}, or one the breakers ignore when there are none: a bounded source needs at
   * least one record.
   */
  private static <T> List<T> orIgnored(List<T> records, T ignored) {
    return records.isEmpty() ? List.of(ignored) : records;
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
    List<T> all = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(all::add);
    }
    return all;
  }
}
