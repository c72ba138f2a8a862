package io.tradingcore.risk;

import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;

/**
 * A {@code control.v1} command whose signature was verified and whose content was checked: what the
 * risk gate and the breakers act on. Unsigned, wrongly signed, replayed and malformed commands
 * never become one; they are refused with a {@code CONTROL_REJECTED} risk event.
 *
 * @param portfolio the portfolio it applies to, or {@link #ALL_PORTFOLIOS}
 * @param parameter for SET_LIMIT, the limit to change; else {@code null}
 * @param value for SET_LIMIT, the new value, valid for {@code parameter} (durations in
 *     milliseconds); else {@code null}
 * @param issuedAt when the operator issued it (wall-clock millis)
 */
public record OperatorCommand(
    String commandId,
    String portfolio,
    ControlCommand command,
    RiskParameter parameter,
    BigDecimal value,
    String operator,
    String reason,
    long issuedAt) {

  /** The portfolio name that addresses every portfolio. */
  public static final String ALL_PORTFOLIOS = "*";

  public OperatorCommand {
    if (commandId == null || portfolio == null || command == null) {
      throw new IllegalArgumentException("command id, portfolio and command are required");
    }
    boolean setLimit = command == ControlCommand.SET_LIMIT;
    if (setLimit != (parameter != null) || setLimit != (value != null)) {
      throw new IllegalArgumentException(
          "a SET_LIMIT, and only a SET_LIMIT, carries a limit and a value: " + commandId);
    }
    if (setLimit) {
      parameter.validate(value);
    }
  }

  /** Whether it addresses {@code name}, directly or through {@link #ALL_PORTFOLIOS}. */
  public boolean appliesTo(String name) {
    return portfolio.equals(ALL_PORTFOLIOS) || portfolio.equals(name);
  }
}
