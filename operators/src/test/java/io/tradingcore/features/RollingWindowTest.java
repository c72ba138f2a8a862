package io.tradingcore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

  @Test
  void meanAndVarianceOfAPartlyFilledWindow() {
    RollingWindow window = new RollingWindow(5);
    window.add(2);
    window.add(4);
    window.add(9);

    // mean 5; squared deviations 9 + 1 + 16 = 26; sample variance 26 / 2 = 13.
    assertThat(window.mean()).isEqualTo(5.0);
    assertThat(window.variance()).isCloseTo(13.0, within(1e-12));
    assertThat(window.count()).isEqualTo(3);
    assertThat(window.isFull()).isFalse();
    assertThat(window.last()).isEqualTo(9.0);
  }

  @Test
  void evictsTheOldestValueOnceFull() {
    RollingWindow window = new RollingWindow(3);
    for (double x : new double[] {1, 2, 3, 10}) {
      window.add(x);
    }

    // Window holds 2, 3, 10: mean 5, deviations 9 + 4 + 25 = 38, variance 19.
    assertThat(window.isFull()).isTrue();
    assertThat(window.mean()).isCloseTo(5.0, within(1e-12));
    assertThat(window.variance()).isCloseTo(19.0, within(1e-12));
    assertThat(window.sum()).isCloseTo(15.0, within(1e-12));
  }

  @Test
  void varianceIsUndefinedBelowTwoValues() {
    RollingWindow window = new RollingWindow(4);
    assertThat(window.mean()).isNaN();
    window.add(7);
    assertThat(window.variance()).isNaN();
  }

  @Test
  void doesNotDriftFromTheExactVarianceOverAMillionRealisticUpdates() {
    // Minute closes around 100 with 0.1% moves: the regime real bars live in.
    assertVarianceMatchesExactReference(100.0, 0.1, 1e-9);
  }

  @Test
  void staysNearTheExactVarianceOnAnAdversarialLevel() {
    // A level of 1e6 moving by 1e-4: deviations sit ten digits below the values, so about six
    // significant digits are all a double can hold; the point is that the error does not grow.
    assertVarianceMatchesExactReference(1e6, 2e-4, 1e-5);
  }

  private static void assertVarianceMatchesExactReference(
      double level, double step, double relativeTolerance) {
    int capacity = 50;
    RollingWindow window = new RollingWindow(capacity);
    double[] recent = new double[capacity];
    Random random = new Random(42);
    double price = level;
    for (int i = 0; i < 1_000_000; i++) {
      price += (random.nextDouble() - 0.5) * step;
      window.add(price);
      recent[i % capacity] = price;
    }

    BigDecimal sum = BigDecimal.ZERO;
    for (double x : recent) {
      sum = sum.add(new BigDecimal(x));
    }
    MathContext context = MathContext.DECIMAL128;
    BigDecimal mean = sum.divide(BigDecimal.valueOf(capacity), context);
    BigDecimal squares = BigDecimal.ZERO;
    for (double x : recent) {
      BigDecimal d = new BigDecimal(x).subtract(mean);
      squares = squares.add(d.multiply(d));
    }
    double exactVariance = squares.divide(BigDecimal.valueOf(capacity - 1), context).doubleValue();

    assertThat(window.mean()).isCloseTo(mean.doubleValue(), within(Math.abs(level) * 1e-14));
    assertThat(Math.abs(window.variance() - exactVariance) / exactVariance)
        .isLessThan(relativeTolerance);
  }

  @Test
  void aConstantSeriesHasZeroVarianceNotANegativeOne() {
    RollingWindow window = new RollingWindow(20);
    for (int i = 0; i < 10_000; i++) {
      window.add(123.456);
    }
    assertThat(window.variance()).isEqualTo(0.0);
  }

  @Test
  void refusesAnEmptyCapacity() {
    assertThatThrownBy(() -> new RollingWindow(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
