package io.tradingcore.risk.breakers;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The CEP patterns of the portfolio breakers. No pattern holds a threshold: every condition
 * compares an event with the thresholds the event carries, so a SET_LIMIT changes what the next
 * event completes without touching a partial match. Only the windows are part of a pattern, which
 * is why they are fixed at start.
 *
 * <p>Crossings ({@link #dailyLoss()}, {@link #profitLock()}): a signal within the threshold
 * strictly followed by one beyond it. Each trading day's {@link BookSignal.Kind#DAY_OPEN} carries
 * the day's starting equity (no loss, no gain), so the first snapshot of a day may cross too, and a
 * day that opens where the previous one left off in breach can breach again.
 *
 * <p>Counts ({@link #losingStreak()}, {@link #rejectBurst(Duration)}, {@link
 * #runawayOrders(Duration)}): a strictly contiguous run, then the event that brings the run's
 * length to the threshold carried by that event. The run takes an event only while the count so far
 * plus this one stays below the event's threshold, the last stage only once it reaches it, so each
 * event has exactly one way forward and a window holds at most one partial match per event. After a
 * match every overlapping partial match is dropped (skip past last event): one alert per burst, and
 * a streak or burst must build up again from zero to raise another.
 */
final class BreakerPatterns {
  static final String WITHIN_LIMIT = "within-limit";
  static final String BREACH = "breach";
  static final String BELOW_LOCK = "below-lock";
  static final String LOCKED = "locked";
  static final String LOSING_DAYS = "losing-days";
  static final String STREAK_COMPLETE = "streak-complete";
  static final String REJECTS = "rejects";
  static final String BURST_COMPLETE = "burst-complete";
  static final String ORDERS = "orders";
  static final String RUNAWAY_COMPLETE = "runaway-complete";

  private BreakerPatterns() {}

  /** Equity crosses from within the daily-loss threshold to beyond it. */
  static Pattern<BookSignal, BookSignal> dailyLoss() {
    return Pattern.<BookSignal>begin(WITHIN_LIMIT)
        .where(SimpleCondition.of(s -> !s.lossBreached()))
        .next(BREACH)
        .where(SimpleCondition.of(BookSignal::lossBreached));
  }

  /** Equity crosses from below the profit lock to at or above it. */
  static Pattern<BookSignal, BookSignal> profitLock() {
    return Pattern.<BookSignal>begin(BELOW_LOCK)
        .where(SimpleCondition.of(s -> !s.profitLocked()))
        .next(LOCKED)
        .where(SimpleCondition.of(BookSignal::profitLocked));
  }

  /**
   * Day closes that are all losing, as many in a row as the last one's {@code losing_days}. Fed
   * only {@link BookSignal.Kind#DAY_CLOSE} signals: a day that did not lose breaks the run.
   */
  static Pattern<BookSignal, BookSignal> losingStreak() {
    return runReaching(LOSING_DAYS, STREAK_COMPLETE, new LosingDays());
  }

  /** As many rejects as the last one's {@code reject_burst}, all within {@code window}. */
  static Pattern<FillSignal, FillSignal> rejectBurst(Duration window) {
    return runReaching(REJECTS, BURST_COMPLETE, new RejectBurst()).within(window);
  }

  /** As many orders as the last one's {@code runaway_orders}, all within {@code window}. */
  static Pattern<FillSignal, FillSignal> runawayOrders(Duration window) {
    return runReaching(ORDERS, RUNAWAY_COMPLETE, new RunawayOrders()).within(window);
  }

  /** Zero or more events of the run, then the one that completes it. */
  static <T> Pattern<T, T> runReaching(String run, String last, Counted<T> counted) {
    return Pattern.<T>begin(run, AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new RunContinues<>(run, counted))
        .oneOrMore()
        .optional()
        .consecutive()
        .next(last)
        .where(new RunCompletes<>(run, counted));
  }

  /** Which events a run counts, and the threshold each one carries. */
  interface Counted<T> extends Serializable {
    boolean counts(T event);

    int threshold(T event);
  }

  /** Takes an event into the run while the run, with it, is still short of its threshold. */
  static final class RunContinues<T> extends IterativeCondition<T> {
    private static final long serialVersionUID = 1L;
    private final String run;
    private final Counted<T> counted;

    RunContinues(String run, Counted<T> counted) {
      this.run = run;
      this.counted = counted;
    }

    @Override
    public boolean filter(T event, Context<T> ctx) throws Exception {
      return counted.counts(event)
          && size(ctx.getEventsForPattern(run)) + 1 < counted.threshold(event);
    }
  }

  /** Completes the run with the event that brings it to its threshold. */
  static final class RunCompletes<T> extends IterativeCondition<T> {
    private static final long serialVersionUID = 1L;
    private final String run;
    private final Counted<T> counted;

    RunCompletes(String run, Counted<T> counted) {
      this.run = run;
      this.counted = counted;
    }

    @Override
    public boolean filter(T event, Context<T> ctx) throws Exception {
      return counted.counts(event)
          && size(ctx.getEventsForPattern(run)) + 1 >= counted.threshold(event);
    }
  }

  private static int size(Iterable<?> events) {
    int size = 0;
    for (Object ignored : events) {
      size++;
    }
    return size;
  }

  static final class LosingDays implements Counted<BookSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean counts(BookSignal day) {
      return day.losingDay();
    }

    @Override
    public int threshold(BookSignal day) {
      return day.thresholds().losingDays();
    }
  }

  static final class RejectBurst implements Counted<FillSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean counts(FillSignal signal) {
      return signal.kind() == FillSignal.Kind.REJECT;
    }

    @Override
    public int threshold(FillSignal signal) {
      return signal.thresholds().rejectBurst();
    }
  }

  static final class RunawayOrders implements Counted<FillSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean counts(FillSignal signal) {
      return signal.kind() == FillSignal.Kind.ORDER;
    }

    @Override
    public int threshold(FillSignal signal) {
      return signal.thresholds().runawayOrders();
    }
  }

  /**
   * The order of book signals with one timestamp: by snapshot, then day close, day open, equity, as
   * the signal function emitted them.
   */
  static final class BookSignalOrder implements EventComparator<BookSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(BookSignal a, BookSignal b) {
      int bySequence = Long.compare(a.sequence(), b.sequence());
      return bySequence != 0 ? bySequence : a.kind().compareTo(b.kind());
    }
  }
}
