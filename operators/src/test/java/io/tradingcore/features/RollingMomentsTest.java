package io.tradingcore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RollingMomentsTest {

  @Test
  void skewnessAndKurtosisOfASmallWindowByHand() {
    RollingMoments moments = new RollingMoments(4);
    for (double x : new double[] {7, 1, 2, 3, 10}) {
      moments.add(x);
    }

    // Window 1, 2, 3, 10: mean 4, deviations −3, −2, −1, 6; m2 = 50 / 4, m3 = 180 / 4,
    // m4 = 1394 / 4.
    assertThat(moments.skewness()).isCloseTo(45.0 / Math.pow(12.5, 1.5), within(1e-14));
    assertThat(moments.excessKurtosis()).isCloseTo(348.5 / (12.5 * 12.5) - 3.0, within(1e-14));
  }

  @Test
  void aConstantWindowHasZeroShapeEvenAfterAVaryingOne() {
    RollingMoments moments = new RollingMoments(20);
    for (int i = 0; i < 7; i++) {
      moments.add(i * 0.37);
    }
    // The shift is still the first value: every deviation is the same non-zero number, and
    // m2 = b − a² is rounding noise that must not come out as a skew.
    for (int i = 0; i < 20; i++) {
      moments.add(0.1);
      if (i >= 19) {
        assertThat(moments.skewness()).isEqualTo(0.0);
        assertThat(moments.excessKurtosis()).isEqualTo(0.0);
      }
    }
    for (int i = 0; i < 1000; i++) {
      moments.add(0.1);
      assertThat(moments.skewness()).isEqualTo(0.0);
      assertThat(moments.excessKurtosis()).isEqualTo(0.0);
    }
  }

  @Test
  void anEmptyOrSingleValueWindowHasZeroShape() {
    RollingMoments moments = new RollingMoments(5);
    assertThat(moments.skewness()).isEqualTo(0.0);
    moments.add(3.0);
    assertThat(moments.excessKurtosis()).isEqualTo(0.0);
  }
}
