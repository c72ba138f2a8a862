package io.tradingcore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EquityCurveTest {
  @Test
  void keepsEveryPointUntilFull() {
    EquityCurve curve = new EquityCurve(8);
    for (int i = 0; i < 7; i++) {
      curve.add(i, 1000L * i, 100 + i, 0);
    }

    assertThat(curve.points())
        .extracting(EquityCurve.Point::sequence)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aLongRunIsThinnedEvenlyAndEndsOnTheNewestPoint() {
    EquityCurve curve = new EquityCurve(8);
    for (int i = 0; i <= 100; i++) {
      curve.add(i, 1000L * i, 100 + i, 0);
    }

    List<EquityCurve.Point> points = curve.points();
    assertThat(points).hasSizeLessThanOrEqualTo(9);
    assertThat(points.get(0).sequence()).isZero();
    assertThat(points.get(points.size() - 1).sequence()).isEqualTo(100);
    assertThat(points.get(points.size() - 1).time()).isEqualTo(100_000);
    long step = curve.stride();
    assertThat(step).isEqualTo(16);
    for (int i = 0; i < points.size() - 1; i++) {
      assertThat(points.get(i).sequence()).isEqualTo(i * step);
    }
  }

  @Test
  void refusesARoomTooSmallToDraw() {
    assertThatThrownBy(() -> new EquityCurve(2)).hasMessageContaining("room for 4 points");
  }
}
