package io.tradingcore.replay;

/**
 * How fast the replayer publishes market time: a multiple of real time ({@code 600} publishes a
 * one-minute bar every 0.1 s) or {@link #MAX}, as fast as Kafka takes it.
 */
public record ReplaySpeed(double multiplier) {
  public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

  public ReplaySpeed {
    if (!(multiplier > 0)) {
      throw new IllegalArgumentException("replay speed must be positive, got " + multiplier);
    }
  }

  /** Parses {@code max}, {@code 600} or {@code 600x}. */
  public static ReplaySpeed parse(String text) {
    String value = text.strip().toLowerCase();
    if (value.equals("max")) {
      return MAX;
    }
    if (value.endsWith("x")) {
      value = value.substring(0, value.length() - 1);
    }
    try {
      return new ReplaySpeed(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "replay speed must be a positive multiple of real time (e.g. 600) or 'max', got '"
              + text
              + "'");
    }
  }

  public boolean isMax() {
    return Double.isInfinite(multiplier);
  }

  /** Wall-clock nanoseconds that {@code marketMillis} of market time take at this speed. */
  public long wallNanos(long marketMillis) {
    return isMax() ? 0 : (long) (marketMillis * 1_000_000.0 / multiplier);
  }

  @Override
  public String toString() {
    return isMax()
        ? "max"
        : (multiplier == Math.rint(multiplier) ? (long) multiplier + "x" : multiplier + "x");
  }
}
