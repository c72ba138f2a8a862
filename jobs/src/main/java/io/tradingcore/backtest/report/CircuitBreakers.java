package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the report says of the portfolio circuit breakers: whether they ran and how, and every event
 * of theirs the runs acted on.
 *
 * @param status one line: on or off, and what happens after a halt
 * @param passes how many times the history was run to bring their events back to the gate
 * @param events in run, then time order
 */
public record CircuitBreakers(String status, int passes, List<Event> events) {

  /**
   * One breaker event that a run's risk gate acted on.
   *
   * @param run the run's name in the report
   * @param raisedAtMillis the event time of the records that tripped it
   * @param appliedFromMillis when the gate got it: after the decisions of the time it was raised at
   * @param resumedAtMillis when the modelled operator resumed the halt, or {@code null}
   */
  public record Event(
      String run,
      String portfolio,
      long raisedAtMillis,
      long appliedFromMillis,
      String reason,
      String severity,
      String cause,
      Long resumedAtMillis) {}

  public CircuitBreakers {
    requireNonNull(status, "status");
    events = List.copyOf(events);
  }
}
