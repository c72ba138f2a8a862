package io.tradingcore.risk.control;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a decoded {@code control.v1} record into an {@link OperatorCommand}, or refuses it with a
 * reason a person can act on. Pure: the keys, the portfolios and the time are given.
 *
 * <p>The signature is checked first; an unsigned or wrongly signed command is refused for that
 * alone, whatever it says. A signed command is then checked whole and every problem is reported at
 * once: the command itself, blank fields, a SET_LIMIT's limit and value (with {@link
 * RiskParameter}'s own messages), the portfolio, and its age. Commands older than {@link #MAX_AGE}
 * are refused so that replay protection, which remembers command ids for as long, has no gap.
 */
public final class ControlVerifier {
  /** How old a command may be; a consumer remembers the ids it applied for at least as long. */
  public static final Duration MAX_AGE = Duration.ofDays(7);

  /** How far in the future a command's time may be (clocks of operators' machines differ). */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final ControlKeys keys;

  /** The portfolios commands may name, or {@code null} for any. */
  private final Set<String> portfolios;

  /**
   * @param portfolios the portfolios the verifying job trades: a command for another one is
   *     refused; {@link OperatorCommand#ALL_PORTFOLIOS} always passes
   */
  public ControlVerifier(ControlKeys keys, Set<String> portfolios) {
    if (keys == null || portfolios == null) {
      throw new IllegalArgumentException("keys and portfolios are required");
    }
    this.keys = keys;
    this.portfolios = Set.copyOf(portfolios);
  }

  /** A verifier that accepts any portfolio name: the bridge, which trades whatever orders name. */
  public static ControlVerifier forAnyPortfolio(ControlKeys keys) {
    if (keys == null) {
      throw new IllegalArgumentException("keys are required");
    }
    return new ControlVerifier(keys);
  }

  private ControlVerifier(ControlKeys keys) {
    this.keys = keys;
    this.portfolios = null;
  }

  /** The outcome: exactly one of a verified command and a refusal. */
  public record Verdict(OperatorCommand command, String refusal) {
    public Verdict {
      if ((command == null) == (refusal == null)) {
        throw new IllegalArgumentException("a verdict is a command or a refusal");
      }
    }

    public static Verdict accepted(OperatorCommand command) {
      return new Verdict(command, null);
    }

    public static Verdict refused(String refusal) {
      return new Verdict(null, refusal);
    }

    public boolean isAccepted() {
      return command != null;
    }
  }

  /** Verifies {@code control} as received at {@code nowMillis} (wall clock). */
  public Verdict verify(Control control, long nowMillis) {
    switch (ControlSignature.verify(control, keys)) {
      case UNSIGNED:
        return Verdict.refused("unsigned command: every command must carry a key id and signature");
      case UNKNOWN_KEY:
        return Verdict.refused(
            "unknown key id '"
                + control.getKeyId()
                + "': the verifier's key file does not have it");
      case WRONG_SIGNATURE:
        return Verdict.refused(
            "wrong signature for key id '"
                + control.getKeyId()
                + "': the command was altered or signed with another key");
      case VALID:
        break;
    }
    List<String> problems = new ArrayList<>(contentProblems(control));
    String portfolio = control.getPortfolio();
    if (portfolios != null
        && !isBlank(portfolio)
        && !OperatorCommand.ALL_PORTFOLIOS.equals(portfolio)
        && !portfolios.contains(portfolio)) {
      problems.add(
          "portfolio '"
              + portfolio
              + "' is not traded by this job (it trades "
              + String.join(", ", new TreeSet<>(portfolios))
              + "; '*' addresses all)");
    }
    Instant issuedAt = control.getIssuedAt();
    if (issuedAt != null) {
      long age = nowMillis - issuedAt.toEpochMilli();
      if (age > MAX_AGE.toMillis()) {
        problems.add(
            "issued at " + issuedAt + ", more than " + MAX_AGE.toDays() + " days ago: too old");
      } else if (-age > MAX_CLOCK_SKEW.toMillis()) {
        problems.add(
            "issued at "
                + issuedAt
                + ", more than "
                + MAX_CLOCK_SKEW.toMinutes()
                + " minutes in the future: check the issuing machine's clock");
      }
    }
    if (!problems.isEmpty()) {
      return Verdict.refused(String.join("; ", problems));
    }
    RiskParameter parameter = null;
    BigDecimal value = null;
    if (control.getCommand() == ControlCommand.SET_LIMIT) {
      parameter = RiskParameter.named(control.getLimitName());
      value = parameter.parse(control.getLimitValue());
    }
    return Verdict.accepted(
        new OperatorCommand(
            control.getCommandId(),
            portfolio,
            control.getCommand(),
            parameter,
            value,
            control.getOperator(),
            control.getReason(),
            issuedAt.toEpochMilli()));
  }

  /**
   * What is wrong with what {@code control} says, signature, portfolio set and age aside: the
   * checks a sender can make before signing (the {@code control} command line makes them, so its
   * refusals read as the job's).
   */
  public static List<String> contentProblems(Control control) {
    List<String> problems = new ArrayList<>();
    ControlCommand command = control.getCommand();
    if (command == null || command == ControlCommand.UNKNOWN) {
      problems.add("unknown command: not one of KILL, RESUME, FLATTEN, SET_LIMIT");
    }
    if (isBlank(control.getCommandId())) {
      problems.add("the command id is blank");
    }
    if (isBlank(control.getPortfolio())) {
      problems.add("the portfolio is blank ('*' addresses all)");
    }
    if (isBlank(control.getOperator())) {
      problems.add("the operator is blank");
    }
    if (isBlank(control.getReason())) {
      problems.add("the reason is blank");
    }
    if (control.getIssuedAt() == null) {
      problems.add("the issue time is missing");
    }
    if (command == ControlCommand.SET_LIMIT) {
      problems.addAll(limitProblems(control));
    } else if (command != null
        && (control.getLimitName() != null || control.getLimitValue() != null)) {
      problems.add(command + " carries no limit name or value");
    }
    return problems;
  }

  private static List<String> limitProblems(Control control) {
    List<String> problems = new ArrayList<>();
    String name = control.getLimitName();
    String text = control.getLimitValue();
    if (isBlank(name)) {
      problems.add("SET_LIMIT needs a limit name");
    }
    if (isBlank(text)) {
      problems.add("SET_LIMIT needs a value");
    }
    if (isBlank(name)) {
      return problems;
    }
    RiskParameter parameter;
    try {
      parameter = RiskParameter.named(name);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    if (parameter.fixedAtStart()) {
      problems.add(
          parameter.externalName()
              + " shapes a CEP window and is fixed at start: change it with --risk-limit and a"
              + " savepoint restart");
      return problems;
    }
    if (parameter.scope() == RiskParameter.Scope.MARKET_BREAKER
        && !OperatorCommand.ALL_PORTFOLIOS.equals(control.getPortfolio())) {
      problems.add(
          parameter.externalName()
              + " is a market breaker threshold and applies job-wide: address it to portfolio"
              + " '*', not '"
              + control.getPortfolio()
              + "'");
    }
    if (!isBlank(text)) {
      try {
        parameter.parse(text);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
