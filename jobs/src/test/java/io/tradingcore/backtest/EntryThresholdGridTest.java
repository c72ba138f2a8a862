package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.backtest.EntryThresholdGrid.Candidate;
import io.tradingcore.backtest.report.Figure;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryThresholdGridTest {
  private static final BigDecimal SMALL = new BigDecimal("0.00025");
  private static final BigDecimal MIDDLE = new BigDecimal("0.0005");
  private static final BigDecimal LARGE = new BigDecimal("0.001");

  private static Candidate sharpe(BigDecimal threshold, double sharpe) {
    return new Candidate(threshold, Figure.of(sharpe, "not finite"));
  }

  private static Candidate noTrades(BigDecimal threshold) {
    return new Candidate(threshold, Figure.undefined("no volatility"));
  }

  @Test
  void theHighestTrainSharpeWins() {
    assertThat(
            EntryThresholdGrid.choose(
                    List.of(sharpe(SMALL, -0.4), sharpe(MIDDLE, 1.7), sharpe(LARGE, 0.9)))
                .threshold())
        .isEqualTo(MIDDLE);
  }

  @Test
  void aTieGoesToTheSmallerThresholdWhateverTheOrder() {
    assertThat(
            EntryThresholdGrid.choose(List.of(sharpe(LARGE, 1.2), sharpe(MIDDLE, 1.2))).threshold())
        .isEqualTo(MIDDLE);
    assertThat(
            EntryThresholdGrid.choose(List.of(sharpe(MIDDLE, 1.2), sharpe(LARGE, 1.2))).threshold())
        .isEqualTo(MIDDLE);
  }

  @Test
  void anUndefinedSharpeRanksBelowANegativeOneAndAllUndefinedPickTheSmallest() {
    assertThat(EntryThresholdGrid.choose(List.of(noTrades(SMALL), sharpe(LARGE, -3.0))).threshold())
        .isEqualTo(LARGE);
    assertThat(EntryThresholdGrid.choose(List.of(noTrades(LARGE), noTrades(MIDDLE))).threshold())
        .isEqualTo(MIDDLE);
  }

  @Test
  void theGridIsSortedWithoutDuplicatesAndRefusesNegatives() {
    assertThat(EntryThresholdGrid.sorted(List.of(LARGE, SMALL, new BigDecimal("0.00100"))))
        .containsExactly(SMALL, LARGE);
    assertThatThrownBy(() -> EntryThresholdGrid.sorted(List.of(new BigDecimal("-0.001"))))
        .hasMessage("--entry-grid thresholds must be zero or more, got -0.001");
    assertThatThrownBy(() -> EntryThresholdGrid.sorted(List.of()))
        .hasMessage("--entry-grid needs at least one threshold");
  }
}
