package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.backtest.BacktestCli.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-portfolio-breakers} and {@code --resume-halts}: bad values refused before any job.
 */
class PortfolioBreakerOptionsTest {
  @TempDir Path dir;

  @Test
  void refusesAnUnknownResumeNamingTheOptionAndItsValues() {
    Run run = backtest("--resume-halts", "sometimes");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors()).contains("--resume-halts takes never|next-session, got 'sometimes'");
  }

  @Test
  void refusesResumingHaltsOfBreakersThatAreOff() {
    Run run = backtest("--no-portfolio-breakers", "--resume-halts", "next-session");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--resume-halts next-session resumes the portfolio breakers' halts, which"
                + " --no-portfolio-breakers turns off; give one of them");
  }

  @Test
  void onWithHaltsLastingToTheEndByDefault() {
    PortfolioBreakerOptions options = new PortfolioBreakerOptions();

    assertThat(options.settings()).isEqualTo(PortfolioBreakerSettings.DEFAULT);
    assertThat(options.settings().describe()).startsWith("on (").endsWith("(--resume-halts never)");
    assertThat(PortfolioBreakerSettings.OFF.describe()).startsWith("off (--no-portfolio-breakers)");
  }

  private Run backtest(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--out", dir.resolve("out").toString()));
    return run(all);
  }
}
