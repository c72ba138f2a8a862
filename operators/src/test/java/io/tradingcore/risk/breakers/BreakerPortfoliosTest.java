package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.BETA;
import static io.tradingcore.risk.breakers.BreakerTestData.UNWATCHED;
import static io.tradingcore.risk.breakers.BreakerTestData.kill;
import static io.tradingcore.risk.breakers.BreakerTestData.portfolio;
import static io.tradingcore.risk.breakers.BreakerTestData.setLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakerPortfoliosTest {
  private static final BreakerPortfolios WATCHED =
      new BreakerPortfolios(
          List.of(portfolio(ALPHA), portfolio(BETA, Map.of("reject_burst", "12"))));

  @Test
  void aSetLimitReachesTheNamedPortfolioOnly() {
    assertThat(WATCHED.changedBy(setLimit(BETA, RiskParameter.LOSING_DAYS, "4")))
        .containsExactly(BETA);
  }

  @Test
  void aSetLimitForEveryPortfolioReachesEachWatchedOne() {
    assertThat(
            WATCHED.changedBy(
                setLimit(OperatorCommand.ALL_PORTFOLIOS, RiskParameter.PROFIT_LOCK, "0.04")))
        .containsExactly(ALPHA, BETA);
  }

  @Test
  void commandsTheBreakersDoNotActOnChangeNothing() {
    assertThat(WATCHED.changedBy(kill(ALPHA))).isEmpty();
    assertThat(WATCHED.changedBy(setLimit(UNWATCHED, RiskParameter.REJECT_BURST, "3"))).isEmpty();
    assertThat(WATCHED.changedBy(setLimit(ALPHA, RiskParameter.MAX_DRAWDOWN, "0.05"))).isEmpty();
    OperatorCommand window = setLimit(ALPHA, RiskParameter.REJECT_WINDOW, "2m");
    assertThat(WATCHED.changedBy(window)).isEmpty();
    assertThat(WATCHED.triesToChangeAWindow(window)).isTrue();
    assertThat(WATCHED.triesToChangeAWindow(setLimit(UNWATCHED, RiskParameter.REJECT_WINDOW, "2m")))
        .isFalse();
  }

  @Test
  void theThresholdsInForceAreTheConfiguredOnesWithTheRunTimeOverrides() {
    ThresholdOverrides overrides =
        ThresholdOverrides.NONE.with(RiskParameter.LOSING_DAYS, new BigDecimal("4"));

    BreakerThresholds beta = WATCHED.thresholds(BETA, overrides);

    assertThat(beta.losingDays()).as("run-time override").isEqualTo(4);
    assertThat(beta.rejectBurst()).as("configured").isEqualTo(12);
    assertThat(beta.dailyLoss()).as("default").isEqualByComparingTo("0.02");
    assertThat(WATCHED.thresholds(ALPHA, null).losingDays()).isEqualTo(3);
  }

  @Test
  void aLaterOverrideOfTheSameThresholdReplacesTheEarlierOne() {
    ThresholdOverrides overrides =
        ThresholdOverrides.NONE
            .with(RiskParameter.REJECT_BURST, new BigDecimal("8"))
            .with(RiskParameter.REJECT_BURST, new BigDecimal("6"));

    assertThat(overrides.values()).containsOnlyKeys(RiskParameter.REJECT_BURST);
    assertThat(WATCHED.thresholds(ALPHA, overrides).rejectBurst()).isEqualTo(6);
  }

  @Test
  void theWindowsAreSharedByEveryPortfolio() {
    assertThat(WATCHED.rejectWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(WATCHED.runawayWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(
            () ->
                new BreakerPortfolios(
                    List.of(
                        portfolio(ALPHA, Map.of("reject_window", "30s")),
                        portfolio(BETA, Map.of("reject_window", "2m")))))
        .hasMessageContaining("reject_window shapes a CEP pattern shared by every portfolio")
        .hasMessageContaining("{alpha=30s, beta=2m}");
  }

  @Test
  void needsAPortfolioToWatch() {
    assertThatThrownBy(() -> new BreakerPortfolios(List.of()))
        .hasMessageContaining("at least one portfolio");
  }
}
