package io.tradingcore.backtest;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The portfolio-breaker options of {@code backtest} and {@code walk-forward}: on by default, as in
 * the live job, with their thresholds from the risk limits ({@code --risk-limit}).
 */
public final class PortfolioBreakerOptions {
  @Option(
      names = "--no-portfolio-breakers",
      description =
          "Run without the portfolio circuit breakers (daily loss, profit lock, losing streak,"
              + " reject burst, runaway orders); the report says they were off. The market"
              + " breakers and the gate's own limits still act.")
  boolean off;

  @Option(
      names = "--resume-halts",
      paramLabel = "never|next-session",
      defaultValue = "never",
      description =
          "What the modelled operator does after a portfolio breaker's HALT: never (the halt"
              + " lasts to the end, as no operator sends RESUME) or next-session (a RESUME at"
              + " the next session open) (default: ${DEFAULT-VALUE}).")
  String resumeHalts = ResumeHalts.NEVER.option();

  /** Adds an error for a value out of range or options that contradict each other. */
  void check(List<String> errors) {
    try {
      ResumeHalts resume = ResumeHalts.parse(resumeHalts);
      if (off && resume != ResumeHalts.NEVER) {
        errors.add(
            "--resume-halts "
                + resume.option()
                + " resumes the portfolio breakers' halts, which --no-portfolio-breakers turns"
                + " off; give one of them");
      }
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
  }

  /** The settings these options describe (after {@link #check}). */
  PortfolioBreakerSettings settings() {
    return off
        ? PortfolioBreakerSettings.OFF
        : new PortfolioBreakerSettings(true, ResumeHalts.parse(resumeHalts));
  }
}
