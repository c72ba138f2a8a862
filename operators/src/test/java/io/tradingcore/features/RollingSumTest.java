package io.tradingcore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RollingSumTest {

  @Test
  void sumsTheLastValues() {
    RollingSum sum = new RollingSum(3);
    for (double x : new double[] {1, 2, 3, 10}) {
      sum.add(x);
    }

    assertThat(sum.sum()).isEqualTo(15.0);
    assertThat(sum.mean()).isEqualTo(5.0);
    assertThat(sum.isFull()).isTrue();
  }

  @Test
  void aHugeValueLeavingTheWindowLeavesNoResidue() {
    RollingSum sum = new RollingSum(1000);
    sum.add(1e20);
    for (int i = 0; i < 999; i++) {
      sum.add(0.1);
    }
    // The 1e20 leaves before the next rebuild. A plain running sum would have lost every 0.1 into
    // it and read 0.1 here; the compensated one keeps all but ~1e-14 of the 100.
    sum.add(0.1);

    assertThat(sum.sum()).isCloseTo(100.0, within(1e-10));
  }
}
