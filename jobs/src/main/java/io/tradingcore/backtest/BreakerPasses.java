package io.tradingcore.backtest;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The fixed-point loop that brings the portfolio breakers' events back to the gate in a backtest,
 * where a bounded Flink 2.x job has no feedback edge.
 *
 * <p>Each pass runs the whole backtest with the live job's portfolio breakers watching each run's
 * book snapshots and execution reports ({@link BacktestJob}); what they raise comes back as {@link
 * Raised} events, stamped with the event time of the records that completed their pattern. After a
 * pass, {@link #next} takes, for each run and portfolio on its own, the earliest time at which an
 * event was raised that no pass applied yet, and applies every event raised at that time: the next
 * pass feeds them to that portfolio's operator as breaker inputs one millisecond later, i.e. after
 * every decision of that time and before the next one. That is where they land live: the alert
 * leaves the breakers after the bar's snapshot, and the gate has already judged that bar's targets.
 * The loop ends at the first pass that raises nothing new: passes = breaker trips (of the portfolio
 * that trips most) + 1, where events that reach a portfolio already halted (a daily loss crossed
 * again, a losing streak while nobody resumes) count as none: they change nothing the portfolio
 * does, so they are applied together with the trip before them, and everything they raise after
 * them in the same pass is exact too. With halts lasting to the end, at most three passes.
 *
 * <p>Why this is exact: the backtest is deterministic, and an input at time T+1 changes nothing the
 * portfolio produced up to T, so everything up to the applied event is the same in the next pass,
 * the event included. {@link #next} checks that: an applied event that is not raised again at the
 * same time, or an event raised before it that was not raised the pass before, fails the run.
 * Portfolios never share a book or a gate (and the extra runs keep their own), so one pass applies
 * the next event of every one of them at once.
 *
 * <p>With {@link ResumeHalts#NEXT_SESSION}, each applied HALT brings a RESUME command at the
 * portfolio's next session open after it (one per portfolio and time).
 *
 * <p>Why passes and not a loop inside the job: an in-JVM channel from the breakers' output back to
 * a source of the portfolio operator would need a watermark of its own, and the operator could
 * handle a time only once that watermark passed it, which it does only after the operator's records
 * of the time before went round the breakers and back: one round trip of five or more network hops
 * per event time, about 100,000 of them in a year of minute bars, where a pass costs one run of the
 * history. Re-implementing the patterns inside the portfolio operator would be a second
 * implementation of the live breakers; running them here keeps the live job's own operators and
 * patterns.
 */
public final class BreakerPasses {

  /**
   * An event a portfolio breaker raised in a pass.
   *
   * @param run the extra run whose records it watched, or {@code null} for the primary
   * @param raisedAt the event time of the records that completed the pattern
   */
  public record Raised(ExtraRun run, long raisedAt, RiskAlert alert) {
    public Raised {
      requireNonNull(alert, "alert");
    }
  }

  /**
   * Events of one run's portfolio raised at one time, which the next passes apply.
   *
   * @param pass the pass that raised them first
   * @param resumeAt when the modelled operator resumes the halt, or {@code null}
   * @param whileHalted whether they reached a portfolio already HALTED, which they do not change
   */
  public record Applied(
      int pass,
      ExtraRun run,
      String portfolio,
      long raisedAt,
      List<RiskAlert> alerts,
      Long resumeAt,
      boolean whileHalted) {
    public Applied {
      alerts = List.copyOf(alerts);
    }

    /** The event time the portfolio's operator gets them at: after that time's decisions. */
    public long appliedAt() {
      return raisedAt + 1;
    }

    /** E.g. {@code daily-loss HALT of main at 2019-02-12T15:31:00Z}. */
    public String describe() {
      List<String> events = new ArrayList<>();
      for (RiskAlert alert : alerts) {
        events.add(name(alert) + " " + alert.severity());
      }
      String text =
          (run == null ? "" : run.option() + " run: ")
              + String.join(" + ", events)
              + " of "
              + portfolio
              + " at "
              + Instant.ofEpochMilli(raisedAt);
      return resumeAt == null ? text : text + ", resumed at " + Instant.ofEpochMilli(resumeAt);
    }
  }

  /** An input for a portfolio operator at an event time. */
  public record Scheduled(long at, BacktestInput input) {}

  private static final Comparator<RiskAlert> SAME_TIME =
      Comparator.comparing((RiskAlert a) -> a.reason().name()).thenComparing(RiskAlert::eventId);

  private static final Comparator<Watched> WATCHED =
      Comparator.comparing((Watched w) -> w.run == null ? -1 : w.run.ordinal())
          .thenComparing(Watched::portfolio);

  private final ResumeHalts resumeHalts;
  private final Map<String, PortfolioSpec> portfolios;
  private final MarketSessions sessions;
  private final List<Applied> applied = new ArrayList<>();
  private int pass = 1;

  public BreakerPasses(
      ResumeHalts resumeHalts, List<PortfolioSpec> portfolios, MarketSessions sessions) {
    this.resumeHalts = requireNonNull(resumeHalts, "resumeHalts");
    this.portfolios = PortfolioSpec.byName(portfolios);
    this.sessions = requireNonNull(sessions, "sessions");
  }

  /** The pass that runs next (1 before the first). */
  public int pass() {
    return pass;
  }

  /** Every event applied so far, by run, portfolio and time. */
  public List<Applied> applied() {
    return List.copyOf(applied);
  }

  /**
   * What the next pass feeds {@code run}'s portfolio operators ({@code null}: the primary run's):
   * each applied event as a breaker input at {@link Applied#appliedAt()}, and the modelled RESUMEs.
   */
  public List<Scheduled> inputs(ExtraRun run) {
    List<Scheduled> inputs = new ArrayList<>();
    Map<String, OperatorCommand> resumes = new TreeMap<>();
    for (Applied events : applied) {
      if (events.run != run) {
        continue;
      }
      for (RiskAlert alert : events.alerts) {
        inputs.add(new Scheduled(events.appliedAt(), BacktestInput.breaker(alert)));
      }
      if (events.resumeAt != null) {
        resumes.putIfAbsent(
            events.portfolio + "|" + events.resumeAt,
            new OperatorCommand(
                "backtest-resume-" + events.portfolio + "-" + events.resumeAt,
                events.portfolio,
                ControlCommand.RESUME,
                null,
                null,
                "backtest",
                "--resume-halts next-session: resumes at the session open after the halt of "
                    + Instant.ofEpochMilli(events.raisedAt),
                events.resumeAt));
      }
    }
    resumes.values().forEach(c -> inputs.add(new Scheduled(c.issuedAt(), BacktestInput.of(c))));
    return inputs;
  }

  /**
   * Takes what the pass that just ran raised: checks that every event applied so far was raised
   * again, at the same time, with nothing new before it, and applies the earliest new events of
   * each run's portfolios (with the events after them while the portfolio is halted).
   *
   * @return the events the next pass applies; empty when this pass was the last
   * @throws IllegalStateException when the pass contradicts the passes before it (the run was not
   *     deterministic)
   */
  public List<Applied> next(Collection<Raised> raised) {
    Map<Watched, TreeMap<Long, List<RiskAlert>>> byTime = new TreeMap<>(WATCHED);
    for (Raised event : raised) {
      byTime
          .computeIfAbsent(new Watched(event.run, event.alert.portfolio()), w -> new TreeMap<>())
          .computeIfAbsent(event.raisedAt, t -> new ArrayList<>())
          .add(event.alert);
    }
    byTime.values().forEach(times -> times.values().forEach(alerts -> alerts.sort(SAME_TIME)));
    List<Applied> added = new ArrayList<>();
    for (Map.Entry<Watched, TreeMap<Long, List<RiskAlert>>> entry : byTime.entrySet()) {
      Watched watched = entry.getKey();
      TreeMap<Long, List<RiskAlert>> times = entry.getValue();
      long last = checkApplied(watched, times);
      // The earliest new time, and every later one whose events find the portfolio halted: those
      // change nothing (a HALT of a HALTED gate, a REDUCE of a gate not ACTIVE), so the pass that
      // raised them had the records the next pass will have up to the first one that does.
      for (Map.Entry<Long, List<RiskAlert>> next : times.tailMap(last, false).entrySet()) {
        boolean inert = haltedAt(watched, next.getKey() + 1);
        added.add(apply(watched, next.getKey(), next.getValue(), inert));
        if (!inert) {
          break;
        }
      }
    }
    for (Applied events : applied) {
      if (!byTime.containsKey(new Watched(events.run, events.portfolio))) {
        throw notDeterministic(events, "no event of that portfolio was raised at all");
      }
    }
    applied.addAll(added);
    pass++;
    return added;
  }

  /** Checks the applied events of {@code watched} against {@code times}; the last one's time. */
  private long checkApplied(Watched watched, TreeMap<Long, List<RiskAlert>> times) {
    long last = Long.MIN_VALUE;
    for (Applied events : applied) {
      if (!watched.equals(new Watched(events.run, events.portfolio))) {
        continue;
      }
      List<RiskAlert> again = times.get(events.raisedAt);
      if (!events.alerts.equals(again)) {
        throw notDeterministic(events, "raised at that time now: " + again);
      }
      Long earlier = times.lowerKey(events.raisedAt);
      if (earlier != null && earlier > last) {
        throw notDeterministic(
            events,
            "events before it that no earlier pass raised: "
                + times.get(earlier)
                + " at "
                + Instant.ofEpochMilli(earlier));
      }
      last = events.raisedAt;
    }
    return last;
  }

  /**
   * Whether {@code watched}'s gate is HALTED at {@code time} by the events applied so far: a HALT
   * took effect at or before it and no modelled RESUME came between. Only an operator's RESUME ends
   * a halt (the gate's own drawdown limit halts too, which only makes more events inert than this
   * finds).
   */
  private boolean haltedAt(Watched watched, long time) {
    long haltedFrom = Long.MIN_VALUE;
    long resumedAt = Long.MIN_VALUE;
    for (Applied events : applied) {
      if (!watched.equals(new Watched(events.run, events.portfolio)) || events.appliedAt() > time) {
        continue;
      }
      if (events.alerts.stream().anyMatch(a -> a.severity() == Severity.HALT)) {
        haltedFrom = Math.max(haltedFrom, events.appliedAt());
      }
      if (events.resumeAt != null && events.resumeAt <= time) {
        resumedAt = Math.max(resumedAt, events.resumeAt);
      }
    }
    return haltedFrom != Long.MIN_VALUE && resumedAt < haltedFrom;
  }

  private Applied apply(Watched watched, long raisedAt, List<RiskAlert> alerts, boolean inert) {
    PortfolioSpec spec = portfolios.get(watched.portfolio);
    if (spec == null) {
      throw new IllegalStateException(
          "a portfolio breaker raised an event for unconfigured portfolio " + watched.portfolio);
    }
    Long resumeAt = null;
    boolean halts = alerts.stream().anyMatch(a -> a.severity() == Severity.HALT);
    if (halts && resumeHalts == ResumeHalts.NEXT_SESSION) {
      long appliedAt = raisedAt + 1;
      resumeAt =
          spec.symbols().stream()
              .mapToLong(symbol -> sessions.of(symbol).nextSessionOpen(appliedAt))
              .min()
              .orElseThrow();
    }
    return new Applied(pass, watched.run, watched.portfolio, raisedAt, alerts, resumeAt, inert);
  }

  private IllegalStateException notDeterministic(Applied events, String what) {
    return new IllegalStateException(
        "pass "
            + pass
            + " contradicts pass "
            + events.pass
            + ", which raised "
            + events.describe()
            + ": "
            + what
            + ". The backtest was not deterministic; please report it with the command line.");
  }

  /** {@code daily-loss}, as the breakers name themselves. */
  static String name(RiskAlert alert) {
    return alert.reason().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A run's portfolio: what one sequence of applied events belongs to. */
  private record Watched(ExtraRun run, String portfolio) {
    Watched {
      Objects.requireNonNull(portfolio, "portfolio");
    }
  }
}
