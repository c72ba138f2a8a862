package io.tradingcore.risk.breakers;

import static org.apache.flink.util.Preconditions.checkNotNull;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The circuit breakers that watch each portfolio, in event time, on Flink CEP:
 *
 * <ul>
 *   <li>daily loss: equity more than {@code breaker_daily_loss} below the day's start, HALT once
 *       per crossing;
 *   <li>losing streak: {@code losing_days} trading days in a row each closing below its start, HALT
 *       when the last of them is known to be over (the first snapshot of the next day);
 *   <li>profit lock: a gain of at least {@code profit_lock} over the day's start, REDUCE once per
 *       crossing;
 *   <li>reject burst: {@code reject_burst} REJECTED reports within {@code reject_window}, HALT once
 *       per burst;
 *   <li>runaway orders: {@code runaway_orders} orders reaching the broker (first ACCEPTED or
 *       REJECTED report of a client order id) within {@code runaway_window}, HALT.
 * </ul>
 *
 * <p>The graph, every operator with a {@code breaker-…} uid:
 *
 * <pre>
 * snapshots ─ keyBy(portfolio) ─┬─ book signals ─ event time ─┬─ equity ─┬─ CEP daily-loss
 * commands ─ broadcast ─────────┤                             │          └─ CEP profit-lock
 *                               │                             └─ day closes ─ CEP losing-streak
 * fills ─ keyBy(portfolio) ─────┴─ fill signals ─ event time ─┬─ rejects ─ CEP reject-burst
 *                                                             └─ orders ── CEP runaway-orders
 * every CEP ─► alerts; late signals of every CEP ─► LATE side output of the alerts operator
 * </pre>
 *
 * <p>Thresholds: the signal functions keep each portfolio's SET_LIMIT overrides in broadcast state
 * and stamp every signal with the thresholds in force; the patterns compare each event with the
 * thresholds it carries ({@link BreakerPatterns}), so a SET_LIMIT takes effect from the next signal
 * and keeps every partial match. The windows are part of the patterns: fixed at start.
 *
 * <p>Event time starts after the signal functions, from each signal's own time: the inputs arrive
 * without usable watermarks, and the broadcast command stream has none at all, so a watermark taken
 * through the two-input signal operators would never move. See {@link BreakerTiming}. The backtest
 * runs the same graph without the two event-time operators ({@link #attachToReplay}): its inputs
 * carry exact event time and watermarks, and its command stream ends at once.
 */
public final class PortfolioBreakers {

  /** The signals a breaker found late, on the operator {@code attach} returns. */
  public static final OutputTag<LateInput> LATE =
      new OutputTag<>("breaker-late-inputs", TypeInformation.of(LateInput.class));

  public static final String DAILY_LOSS = "daily-loss";
  public static final String PROFIT_LOCK = "profit-lock";
  public static final String LOSING_STREAK = "losing-streak";
  public static final String REJECT_BURST = "reject-burst";
  public static final String RUNAWAY_ORDERS = "runaway-orders";

  private static final TypeInformation<BookSignal> BOOK_SIGNAL =
      TypeInformation.of(BookSignal.class);
  private static final TypeInformation<FillSignal> FILL_SIGNAL =
      TypeInformation.of(FillSignal.class);
  private static final TypeInformation<RiskAlert> ALERT = TypeInformation.of(RiskAlert.class);

  private PortfolioBreakers() {}

  /** {@link #attach(DataStream, DataStream, DataStream, List, BreakerTiming)} with defaults. */
  public static SingleOutputStreamOperator<RiskAlert> attach(
      DataStream<BookSnapshot> snapshots,
      DataStream<ExecutionReport> fills,
      DataStream<OperatorCommand> commands,
      List<PortfolioSpec> portfolios,
      Duration outOfOrderness) {
    return attach(snapshots, fills, commands, portfolios, BreakerTiming.of(outOfOrderness));
  }

  /**
   * Adds the breakers to the graph of {@code snapshots}.
   *
   * @param snapshots the book after each change, per portfolio in sequence order
   * @param fills execution reports from the broker
   * @param commands verified operator commands; the breakers act on SET_LIMIT of their thresholds
   * @param portfolios the portfolios to watch: events are raised for these only
   * @return the breakers' risk events; {@link #LATE} on it carries the signals found late
   */
  public static SingleOutputStreamOperator<RiskAlert> attach(
      DataStream<BookSnapshot> snapshots,
      DataStream<ExecutionReport> fills,
      DataStream<OperatorCommand> commands,
      List<PortfolioSpec> portfolios,
      BreakerTiming timing) {
    checkNotNull(timing, "timing");
    return attach(
        snapshots,
        fills,
        commands,
        portfolios,
        timing,
        UnaryOperator.identity(),
        UnaryOperator.identity());
  }

  /**
   * The same breakers over a bounded replay whose records already carry exact event time: the
   * backtest, where each portfolio's snapshots and reports leave its operator stamped with the
   * event time it handled, and its watermarks follow. The patterns keep the inputs' timestamps and
   * watermarks instead of taking them from the signals ({@link BreakerTiming}'s bounded
   * out-of-orderness and quiet period read the wall clock), so no signal is ever late and every
   * match is the same on every run, at any parallelism.
   *
   * @param uid the uid of each operator of this copy, from the live one's (several copies may share
   *     a job)
   * @param name the name of each operator of this copy, from the live one's
   */
  public static SingleOutputStreamOperator<RiskAlert> attachToReplay(
      DataStream<BookSnapshot> snapshots,
      DataStream<ExecutionReport> fills,
      DataStream<OperatorCommand> commands,
      List<PortfolioSpec> portfolios,
      UnaryOperator<String> uid,
      UnaryOperator<String> name) {
    checkNotNull(uid, "uid");
    checkNotNull(name, "name");
    return attach(snapshots, fills, commands, portfolios, null, uid, name);
  }

  /**
   * @param timing how the signals get event time, or {@code null} to keep their inputs'
   */
  private static SingleOutputStreamOperator<RiskAlert> attach(
      DataStream<BookSnapshot> snapshots,
      DataStream<ExecutionReport> fills,
      DataStream<OperatorCommand> commands,
      List<PortfolioSpec> portfolios,
      BreakerTiming timing,
      UnaryOperator<String> uid,
      UnaryOperator<String> name) {
    checkNotNull(snapshots, "snapshots");
    checkNotNull(fills, "fills");
    checkNotNull(commands, "commands");
    checkNotNull(portfolios, "portfolios");
    BreakerPortfolios watched = new BreakerPortfolios(portfolios);
    BroadcastStream<OperatorCommand> thresholdCommands =
        commands.broadcast(ThresholdState.OVERRIDES);

    SingleOutputStreamOperator<BookSignal> bookSignals =
        snapshots
            .keyBy(s -> s.book().portfolio(), Types.STRING)
            .connect(thresholdCommands)
            .process(new BookSignalFunction(watched), BOOK_SIGNAL)
            .uid(uid.apply("breaker-book-signals"))
            .name(name.apply("breakers: book signals"));
    Duration outOfOrderness = timing == null ? Duration.ZERO : timing.outOfOrderness();
    SingleOutputStreamOperator<FillSignal> fillSignals =
        fills
            .keyBy(ExecutionReport::portfolio, Types.STRING)
            .connect(thresholdCommands)
            .process(new FillSignalFunction(watched, outOfOrderness), FILL_SIGNAL)
            .uid(uid.apply("breaker-fill-signals"))
            .name(name.apply("breakers: fill signals"));
    if (timing != null) {
      bookSignals =
          bookSignals
              .assignTimestampsAndWatermarks(timing.bookWatermarks())
              .uid(uid.apply("breaker-book-event-time"))
              .name(name.apply("breakers: book event time"));
      fillSignals =
          fillSignals
              .assignTimestampsAndWatermarks(timing.fillWatermarks())
              .uid(uid.apply("breaker-fill-event-time"))
              .name(name.apply("breakers: fill event time"));
    }
    DataStream<BookSignal> equity =
        bookSignals
            .filter(s -> s.kind() != BookSignal.Kind.DAY_CLOSE)
            .uid(uid.apply("breaker-equity-signals"))
            .name(name.apply("breakers: equity"));
    DataStream<BookSignal> dayCloses =
        bookSignals
            .filter(s -> s.kind() == BookSignal.Kind.DAY_CLOSE)
            .uid(uid.apply("breaker-day-closes"))
            .name(name.apply("breakers: day closes"));
    DataStream<FillSignal> rejects =
        fillSignals
            .filter(s -> s.kind() == FillSignal.Kind.REJECT)
            .uid(uid.apply("breaker-reject-signals"))
            .name(name.apply("breakers: rejects"));
    DataStream<FillSignal> reachedBroker =
        fillSignals
            .filter(s -> s.kind() == FillSignal.Kind.ORDER)
            .uid(uid.apply("breaker-order-signals"))
            .name(name.apply("breakers: orders"));

    BreakerPatterns.BookSignalOrder bookOrder = new BreakerPatterns.BookSignalOrder();
    Duration rejectWindow = watched.rejectWindow();
    Duration runawayWindow = watched.runawayWindow();
    Detected dailyLoss =
        detect(
            equity,
            BookSignal::portfolio,
            BreakerPatterns.dailyLoss(),
            bookOrder,
            DAILY_LOSS,
            RiskReason.DAILY_LOSS,
            match -> BreakerAlerts.dailyLoss(match.get(BreakerPatterns.BREACH).get(0)),
            s -> LateInput.of(DAILY_LOSS, s),
            BOOK_SIGNAL,
            uid,
            name);
    Detected profitLock =
        detect(
            equity,
            BookSignal::portfolio,
            BreakerPatterns.profitLock(),
            bookOrder,
            PROFIT_LOCK,
            RiskReason.PROFIT_LOCK,
            match -> BreakerAlerts.profitLock(match.get(BreakerPatterns.LOCKED).get(0)),
            s -> LateInput.of(PROFIT_LOCK, s),
            BOOK_SIGNAL,
            uid,
            name);
    Detected losingStreak =
        detect(
            dayCloses,
            BookSignal::portfolio,
            BreakerPatterns.losingStreak(),
            bookOrder,
            LOSING_STREAK,
            RiskReason.LOSING_STREAK,
            match ->
                BreakerAlerts.losingStreak(
                    run(match, BreakerPatterns.LOSING_DAYS, BreakerPatterns.STREAK_COMPLETE)),
            s -> LateInput.of(LOSING_STREAK, s),
            BOOK_SIGNAL,
            uid,
            name);
    Detected rejectBurst =
        detect(
            rejects,
            FillSignal::portfolio,
            BreakerPatterns.rejectBurst(rejectWindow),
            null,
            REJECT_BURST,
            RiskReason.REJECT_BURST,
            match ->
                BreakerAlerts.rejectBurst(
                    run(match, BreakerPatterns.REJECTS, BreakerPatterns.BURST_COMPLETE),
                    rejectWindow),
            s -> LateInput.of(REJECT_BURST, s),
            FILL_SIGNAL,
            uid,
            name);
    Detected runawayOrders =
        detect(
            reachedBroker,
            FillSignal::portfolio,
            BreakerPatterns.runawayOrders(runawayWindow),
            null,
            RUNAWAY_ORDERS,
            RiskReason.RUNAWAY_ORDERS,
            match ->
                BreakerAlerts.runawayOrders(
                    run(match, BreakerPatterns.ORDERS, BreakerPatterns.RUNAWAY_COMPLETE),
                    runawayWindow),
            s -> LateInput.of(RUNAWAY_ORDERS, s),
            FILL_SIGNAL,
            uid,
            name);

    return dailyLoss
        .alerts()
        .union(
            profitLock.alerts(),
            losingStreak.alerts(),
            rejectBurst.alerts(),
            runawayOrders.alerts())
        .connect(
            dailyLoss
                .late()
                .union(
                    profitLock.late(),
                    losingStreak.late(),
                    rejectBurst.late(),
                    runawayOrders.late()))
        .process(new BreakerOutputFunction(), ALERT)
        .uid(uid.apply("breaker-alerts"))
        .name(name.apply("breakers: alerts"));
  }

  /** A breaker's events and the signals it found late. */
  private record Detected(DataStream<RiskAlert> alerts, DataStream<LateInput> late) {}

  private static <T> Detected detect(
      DataStream<T> signals,
      KeySelector<T, String> portfolio,
      Pattern<T, ?> pattern,
      EventComparator<T> order,
      String breaker,
      RiskReason reason,
      BreakerMatch.ToAlert<T> raise,
      MapFunction<T, LateInput> describeLate,
      TypeInformation<T> type,
      UnaryOperator<String> uid,
      UnaryOperator<String> name) {
    OutputTag<T> lateTag = new OutputTag<>("breaker-" + breaker + "-late", type);
    KeyedStream<T, String> keyed = signals.keyBy(portfolio, Types.STRING);
    SingleOutputStreamOperator<RiskAlert> alerts =
        (order == null ? CEP.pattern(keyed, pattern) : CEP.pattern(keyed, pattern, order))
            .inEventTime()
            .sideOutputLateData(lateTag)
            .process(new BreakerMatch<>(reason, raise), ALERT)
            .uid(uid.apply("breaker-" + breaker))
            .name(name.apply("breaker: " + breaker));
    DataStream<LateInput> late =
        alerts
            .getSideOutput(lateTag)
            .map(describeLate, TypeInformation.of(LateInput.class))
            .uid(uid.apply("breaker-" + breaker + "-late"))
            .name(name.apply("breaker: " + breaker + " late signals"));
    return new Detected(alerts, late);
  }

  /** The events of a counted run, in order, the completing one last. */
  private static <T> List<T> run(Map<String, List<T>> match, String run, String last) {
    List<T> events = new ArrayList<>(match.getOrDefault(run, List.of()));
    events.addAll(match.get(last));
    return events;
  }
}
