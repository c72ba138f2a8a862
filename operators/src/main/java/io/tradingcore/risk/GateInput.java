package io.tradingcore.risk;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.strategy.TargetPosition;

/**
 * One input of the risk gate, keyed by portfolio: the market context of a bar, a strategy's target,
 * an execution report, a verified operator command, or a circuit breaker's event. The inputs travel
 * as one union so the gate sees each portfolio's events through one keyed function.
 *
 * <p>Exactly one of the payload fields is set, the one {@link #kind} names. Public fields and a
 * no-argument constructor make it a Flink POJO.
 */
public final class GateInput {
  /** Which payload the input carries. */
  public enum Kind {
    OBSERVATION,
    TARGET,
    REPORT,
    COMMAND,
    BREAKER
  }

  public Kind kind;

  /** The portfolio the input is for (a command addressed to every portfolio is copied to each). */
  public String portfolio;

  public PortfolioObservation observation;
  public TargetPosition target;
  public ExecutionReport report;
  public OperatorCommand command;
  public RiskAlert breaker;

  public GateInput() {}

  private GateInput(Kind kind, String portfolio) {
    this.kind = kind;
    this.portfolio = portfolio;
  }

  public static GateInput of(PortfolioObservation observation) {
    GateInput input = new GateInput(Kind.OBSERVATION, observation.portfolio());
    input.observation = observation;
    return input;
  }

  public static GateInput of(TargetPosition target) {
    GateInput input = new GateInput(Kind.TARGET, target.portfolio());
    input.target = target;
    return input;
  }

  public static GateInput of(ExecutionReport report) {
    GateInput input = new GateInput(Kind.REPORT, report.portfolio());
    input.report = report;
    return input;
  }

  /**
   * {@code command} for {@code portfolio}, which it {@linkplain OperatorCommand#appliesTo
   * addresses}.
   */
  public static GateInput of(OperatorCommand command, String portfolio) {
    if (!command.appliesTo(portfolio)) {
      throw new IllegalArgumentException(command.commandId() + " does not address " + portfolio);
    }
    GateInput input = new GateInput(Kind.COMMAND, portfolio);
    input.command = command;
    return input;
  }

  public static GateInput of(RiskAlert breaker) {
    GateInput input = new GateInput(Kind.BREAKER, breaker.portfolio());
    input.breaker = breaker;
    return input;
  }

  public String portfolio() {
    return portfolio;
  }

  @Override
  public String toString() {
    Object payload =
        switch (kind) {
          case OBSERVATION -> observation;
          case TARGET -> target;
          case REPORT -> report;
          case COMMAND -> command;
          case BREAKER -> breaker;
        };
    return "GateInput[" + kind + " " + portfolio + ": " + payload + "]";
  }
}
