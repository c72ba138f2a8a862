package io.tradingcore.backtest;

import static java.util.Objects.requireNonNull;

/**
 * Whether a backtest runs the portfolio circuit breakers (daily loss, profit lock, losing streak,
 * reject burst, runaway orders; {@code --no-portfolio-breakers} turns them off) and what its
 * modelled operator does after their halts ({@code --resume-halts}). Their thresholds are the
 * portfolio's risk limits ({@code --risk-limit}), as in the live job.
 */
public record PortfolioBreakerSettings(boolean enabled, ResumeHalts resumeHalts) {
  /** On, halts lasting to the end of the run. */
  public static final PortfolioBreakerSettings DEFAULT =
      new PortfolioBreakerSettings(true, ResumeHalts.NEVER);

  /** Off: only the market breakers and the gate's own limits act. */
  public static final PortfolioBreakerSettings OFF =
      new PortfolioBreakerSettings(false, ResumeHalts.NEVER);

  public PortfolioBreakerSettings {
    requireNonNull(resumeHalts, "resumeHalts");
  }

  /** One line for the report, the manifest and the console. */
  public String describe() {
    if (!enabled) {
      return "off (--no-portfolio-breakers): no daily-loss, profit-lock, losing-streak,"
          + " reject-burst or runaway-orders breaker acted; the market breakers and the gate's"
          + " own limits did";
    }
    return "on (daily loss, profit lock, losing streak, reject burst, runaway orders; thresholds"
        + " from the risk limits), "
        + switch (resumeHalts) {
          case NEVER -> "a halt lasts to the end of the run (--resume-halts never)";
          case NEXT_SESSION ->
              "a modelled operator resumes each halt at the next session open"
                  + " (--resume-halts next-session)";
        };
  }
}
