package io.tradingcore.backtest;

import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.PortfolioBar;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.strategy.TargetPosition;
import java.util.Comparator;

/**
 * One input of a portfolio's {@link BacktestPortfolioFunction}, keyed by portfolio: a bar of a
 * symbol it trades, the market context of a bar, a strategy's target, a circuit breaker's event (a
 * market breaker's, or a portfolio breaker's applied by {@link BreakerPasses}), an operator command
 * the backtest models ({@code --resume-halts next-session}), or a risk event that only passes
 * through (the policy scorer's).
 *
 * <p>The kinds are declared in the order the function handles inputs of the same event time: a bar
 * marks the book and fills the orders working on it before anything decided at its end; breakers
 * and operator commands before the decisions they may stop or allow; the market context before the
 * targets judged against it.
 *
 * <p>Exactly one payload field is set, the one {@link #kind} names. Public fields and a no-argument
 * constructor make it a Flink POJO.
 */
public final class BacktestInput {
  /** Which payload the input carries, in the order inputs of one event time are handled. */
  public enum Kind {
    BAR,
    BREAKER,
    COMMAND,
    OBSERVATION,
    TARGET,
    EVENT
  }

  /**
   * The order of inputs of one event time: by kind, then by content (symbol first), never by
   * arrival, which depends on the parallelism and on thread timing.
   */
  public static final Comparator<BacktestInput> SAME_TIME_ORDER =
      Comparator.<BacktestInput, Kind>comparing(i -> i.kind)
          .thenComparing(BacktestInput::leadKey)
          .thenComparing(BacktestInput::tieKey);

  public Kind kind;
  public String portfolio;
  public PortfolioBar bar;
  public PortfolioObservation observation;
  public TargetPosition target;
  public RiskAlert alert;
  public OperatorCommand command;

  public BacktestInput() {}

  private BacktestInput(Kind kind, String portfolio) {
    this.kind = kind;
    this.portfolio = portfolio;
  }

  public static BacktestInput of(PortfolioBar bar) {
    BacktestInput input = new BacktestInput(Kind.BAR, bar.portfolio());
    input.bar = bar;
    return input;
  }

  public static BacktestInput of(PortfolioObservation observation) {
    BacktestInput input = new BacktestInput(Kind.OBSERVATION, observation.portfolio());
    input.observation = observation;
    return input;
  }

  public static BacktestInput of(TargetPosition target) {
    BacktestInput input = new BacktestInput(Kind.TARGET, target.portfolio());
    input.target = target;
    return input;
  }

  /** A circuit breaker's event: the gate acts on it. */
  public static BacktestInput breaker(RiskAlert alert) {
    BacktestInput input = new BacktestInput(Kind.BREAKER, alert.portfolio());
    input.alert = alert;
    return input;
  }

  /** An operator's command (the backtest's modelled RESUME): the gate acts on it. */
  public static BacktestInput of(OperatorCommand command) {
    if (command.portfolio().equals(OperatorCommand.ALL_PORTFOLIOS)) {
      throw new IllegalArgumentException(
          "a backtest command names its portfolio, got " + command.commandId() + " for all");
    }
    BacktestInput input = new BacktestInput(Kind.COMMAND, command.portfolio());
    input.command = command;
    return input;
  }

  /** A risk event the gate does not act on, written with the others in event-time order. */
  public static BacktestInput event(RiskAlert alert) {
    BacktestInput input = new BacktestInput(Kind.EVENT, alert.portfolio());
    input.alert = alert;
    return input;
  }

  public String portfolio() {
    return portfolio;
  }

  /**
   * The start of {@link #tieKey} without printing the record, which decides almost every
   * comparison: ordering by it first gives the same order (symbols and reasons hold no character
   * below the space that follows them in the tie key).
   */
  private String leadKey() {
    return switch (kind) {
      case BAR -> bar.bar().symbol();
      case OBSERVATION -> "";
      case TARGET -> target.symbol();
      case BREAKER, EVENT -> alert.reason() + " " + alert.symbol();
      case COMMAND -> command.command() + " " + command.commandId();
    };
  }

  /** Orders inputs of one kind and time: records print their whole content, symbol first. */
  private String tieKey() {
    return switch (kind) {
      case BAR -> bar.bar().symbol() + " " + bar;
      case OBSERVATION -> String.valueOf(observation);
      case TARGET -> target.symbol() + " " + target;
      case BREAKER, EVENT -> alert.reason() + " " + alert.symbol() + " " + alert;
      case COMMAND -> command.command() + " " + command.commandId() + " " + command;
    };
  }

  @Override
  public String toString() {
    Object payload =
        switch (kind) {
          case BAR -> bar;
          case OBSERVATION -> observation;
          case TARGET -> target;
          case BREAKER, EVENT -> alert;
          case COMMAND -> command;
        };
    return "BacktestInput[" + kind + " " + portfolio + ": " + payload + "]";
  }
}
