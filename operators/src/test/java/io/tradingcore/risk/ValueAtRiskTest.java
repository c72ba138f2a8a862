package io.tradingcore.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueAtRiskTest {

  /** 20 bars: moves of −5 %, −4 %, −3 %, −2 %, −1 %, then 15 quiet ones. */
  private static List<double[]> scenarios() {
    List<double[]> scenarios = new ArrayList<>();
    for (double move : new double[] {-0.05, -0.04, -0.03, -0.02, -0.01}) {
      scenarios.add(new double[] {move});
    }
    for (int i = 0; i < 15; i++) {
      scenarios.add(new double[] {0});
    }
    return scenarios;
  }

  @Test
  void takesTheWorstLossAt95PercentOf20Scenarios() {
    // ⌈20 × 0.05⌉ = 1: the worst scenario, 1,000 × 5 % = 50.
    assertThat(ValueAtRisk.of(new double[] {1000}, scenarios(), 0.95)).isCloseTo(50, within(1e-9));
  }

  @Test
  void takesTheSecondWorstAt90Percent() {
    // ⌈20 × 0.10⌉ = 2: 1,000 × 4 % = 40.
    assertThat(ValueAtRisk.of(new double[] {1000}, scenarios(), 0.90)).isCloseTo(40, within(1e-9));
  }

  @Test
  void aShortPositionGainsInFallingScenariosSoItsValueAtRiskIsZero() {
    assertThat(ValueAtRisk.of(new double[] {-1000}, scenarios(), 0.95)).isZero();
  }

  @Test
  void revaluesEveryHoldingUnderTheSameBar() {
    // Long 1,000 of a symbol that falls 5 % while a 500 short in another falls 2 %:
    // −50 + 10 = −40 in the worst bar.
    List<double[]> joint = new ArrayList<>();
    joint.add(new double[] {-0.05, -0.02});
    for (int i = 0; i < 19; i++) {
      joint.add(new double[] {0, 0});
    }
    assertThat(ValueAtRisk.of(new double[] {1000, -500}, joint, 0.95)).isCloseTo(40, within(1e-9));
  }

  @Test
  void saysNothingWithFewerThanTwentyScenarios() {
    assertThat(ValueAtRisk.of(new double[] {1000}, scenarios().subList(0, 19), 0.95)).isNaN();
  }
}
