package io.tradingcore.risk.breakers;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ControlCommand;
import java.util.concurrent.atomic.AtomicInteger;

/** Verified operator commands for tests: {@code setLimit("price_jump", "0.05")}. */
final class Commands {
  private static final AtomicInteger IDS = new AtomicInteger();

  private Commands() {}

  /** A SET_LIMIT for every portfolio, the value as an operator writes it (5m, 0.05). */
  static OperatorCommand setLimit(String parameter, String value) {
    RiskParameter limit = RiskParameter.named(parameter);
    return new OperatorCommand(
        "cmd-" + IDS.incrementAndGet(),
        OperatorCommand.ALL_PORTFOLIOS,
        ControlCommand.SET_LIMIT,
        limit,
        limit.parse(value),
        "ops@example",
        "test",
        0L);
  }

  static OperatorCommand kill() {
    return new OperatorCommand(
        "cmd-" + IDS.incrementAndGet(),
        OperatorCommand.ALL_PORTFOLIOS,
        ControlCommand.KILL,
        null,
        null,
        "ops@example",
        "test",
        0L);
  }
}
