package io.tradingcore.backtest.report;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A ratio the report shows: a finite number, or nothing with the reason it is undefined (a Sharpe
 * ratio of a flat equity curve, a profit factor without a losing trade). Never NaN or infinite.
 */
public final class Figure {
  private final double value;
  private final String undefinedBecause;

  private Figure(double value, String undefinedBecause) {
    this.value = value;
    this.undefinedBecause = undefinedBecause;
  }

  /** {@code value}, or undefined with {@code reasonIfNotFinite} when it is NaN or infinite. */
  public static Figure of(double value, String reasonIfNotFinite) {
    return Double.isFinite(value) ? new Figure(value, null) : undefined(reasonIfNotFinite);
  }

  public static Figure undefined(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an undefined figure needs a reason");
    }
    return new Figure(Double.NaN, reason);
  }

  public boolean isDefined() {
    return undefinedBecause == null;
  }

  public OptionalDouble value() {
    return isDefined() ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  /** The value; only call when {@link #isDefined()}. */
  public double orThrow() {
    if (!isDefined()) {
      throw new IllegalStateException("undefined: " + undefinedBecause);
    }
    return value;
  }

  /** Why there is no value, or {@code null} when there is one. */
  public String undefinedBecause() {
    return undefinedBecause;
  }

  /** A second figure computed from this one's value, or this one's reason when it is undefined. */
  public Figure map(java.util.function.DoubleUnaryOperator f, String reasonIfNotFinite) {
    return isDefined() ? of(f.applyAsDouble(value), reasonIfNotFinite) : this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Figure other
        && Double.compare(value, other.value) == 0
        && java.util.Objects.equals(undefinedBecause, other.undefinedBecause);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(value, undefinedBecause);
  }

  @Override
  public String toString() {
    return isDefined()
        ? String.format(Locale.ROOT, "%.6g", value)
        : "n/a (" + undefinedBecause + ")";
  }
}
