package io.tradingcore.risk.breakers;

/**
 * A signal a breaker could not use because event time had already passed it: bound for the
 * breakers' late side output, and counted.
 *
 * @param breaker the breaker that dropped it, e.g. {@code reject-burst}
 * @param timestamp the signal's event time (epoch millis)
 * @param what the signal, e.g. {@code REJECT exec-17} or {@code EQUITY snapshot 42}
 */
public record LateInput(String breaker, String portfolio, long timestamp, String what) {

  static LateInput of(String breaker, BookSignal signal) {
    return new LateInput(
        breaker,
        signal.portfolio(),
        signal.timestamp(),
        signal.kind() + " snapshot " + signal.sequence());
  }

  static LateInput of(String breaker, FillSignal signal) {
    return new LateInput(
        breaker,
        signal.portfolio(),
        signal.timestamp(),
        signal.kind() + " " + signal.executionId());
  }
}
