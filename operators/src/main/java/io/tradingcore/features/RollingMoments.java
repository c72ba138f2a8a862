package io.tradingcore.features;

/**
 * Skewness and excess kurtosis of the last {@code capacity} values of a series, updated in O(1).
 *
 * <p>Keeps the power sums Σd, Σd², Σd³, Σd⁴ of the values shifted by a reference {@code k} (d = x −
 * k), each in a Neumaier-compensated sum. Between rebuilds {@code k} is fixed, so the term a value
 * removes on eviction is bit-for-bit the term it added, and compensation keeps the running sums at
 * the exact sum of the live terms to within a few ulps. Every {@code capacity} updates the sums are
 * rebuilt from the buffer with {@code k} reset to the window's mean: central moments are then taken
 * from power sums of nearly centred values, which avoids the catastrophic cancellation of raw
 * moments (a level of 1e6 moving by 1e-4 would otherwise lose every digit of m4).
 *
 * <p>Moments are population moments: m_j = (1/n) Σ (x − mean)^j. Skewness is m3 / m2^1.5, excess
 * kurtosis m4 / m2² − 3; both are exactly 0 when the window is constant, i.e. when m2 is zero or
 * within rounding noise of zero ({@value #NOISE_ULPS} ulps of the mean square of the shifted
 * values), never NaN.
 *
 * <p>A mutable Flink POJO (public no-argument constructor, getters and setters) so it can live in
 * keyed state and evolve; treat the accessors as the serializer's, not an API.
 */
public final class RollingMoments {
  /** m2 at or below this many ulps of the shifted mean square is rounding noise, not variance. */
  static final int NOISE_ULPS = 64;

  private static final double NOISE = NOISE_ULPS * Math.ulp(1.0);

  private double[] values;
  private int next;
  private int size;
  private int updatesSinceRecompute;
  private double shift;
  private double[] sums;
  private double[] compensations;

  /** For Flink's POJO serializer. */
  public RollingMoments() {}

  public RollingMoments(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be at least 1, got " + capacity);
    }
    this.values = new double[capacity];
    this.sums = new double[4];
    this.compensations = new double[4];
  }

  /** Adds {@code x}, evicting the oldest value when the window is full. */
  public void add(double x) {
    int capacity = values.length;
    if (size == 0 && updatesSinceRecompute == 0) {
      // Until the first rebuild, the first value is as good a centre as any other.
      shift = x;
    }
    if (size == capacity) {
      accumulatePowers(values[next] - shift, -1.0);
    } else {
      size++;
    }
    values[next] = x;
    accumulatePowers(x - shift, 1.0);
    next = (next + 1) % capacity;
    if (++updatesSinceRecompute >= capacity) {
      recompute();
    }
  }

  public boolean isFull() {
    return size == values.length;
  }

  public int capacity() {
    return values.length;
  }

  public int count() {
    return size;
  }

  /** Population skewness m3 / m2^1.5; 0 for a constant or empty window. */
  public double skewness() {
    double[] m = centralMoments();
    return m == null ? 0.0 : m[1] / (m[0] * Math.sqrt(m[0]));
  }

  /** Excess kurtosis m4 / m2² − 3; 0 for a constant or empty window. */
  public double excessKurtosis() {
    double[] m = centralMoments();
    return m == null ? 0.0 : m[2] / (m[0] * m[0]) - 3.0;
  }

  /** {m2, m3, m4}, or null when the window is empty or constant. */
  private double[] centralMoments() {
    if (size == 0) {
      return null;
    }
    double n = size;
    double a = (sums[0] + compensations[0]) / n;
    double b = (sums[1] + compensations[1]) / n;
    double c = (sums[2] + compensations[2]) / n;
    double d = (sums[3] + compensations[3]) / n;
    double aa = a * a;
    double m2 = b - aa;
    if (!(m2 > NOISE * b)) {
      return null;
    }
    double m3 = c - 3.0 * a * b + 2.0 * aa * a;
    double m4 = d - 4.0 * a * c + 6.0 * aa * b - 3.0 * aa * aa;
    return new double[] {m2, m3, m4};
  }

  private void accumulatePowers(double d, double sign) {
    double d2 = d * d;
    accumulate(0, sign * d);
    accumulate(1, sign * d2);
    accumulate(2, sign * d2 * d);
    accumulate(3, sign * d2 * d2);
  }

  private void accumulate(int k, double x) {
    double s = sums[k];
    double t = s + x;
    if (Math.abs(s) >= Math.abs(x)) {
      compensations[k] += (s - t) + x;
    } else {
      compensations[k] += (x - t) + s;
    }
    sums[k] = t;
  }

  /** Re-centres on the window's mean (Welford: exact for a constant window) and re-sums. */
  private void recompute() {
    int start = size < values.length ? 0 : next;
    double mean = 0;
    for (int i = 0; i < size; i++) {
      mean += (values[(start + i) % values.length] - mean) / (i + 1);
    }
    shift = mean;
    for (int k = 0; k < 4; k++) {
      sums[k] = 0;
      compensations[k] = 0;
    }
    for (int i = 0; i < size; i++) {
      accumulatePowers(values[(start + i) % values.length] - shift, 1.0);
    }
    updatesSinceRecompute = 0;
  }

  // Accessors for Flink's POJO serializer.

  public double[] getValues() {
    return values;
  }

  public void setValues(double[] values) {
    this.values = values;
  }

  public int getNext() {
    return next;
  }

  public void setNext(int next) {
    this.next = next;
  }

  public int getSize() {
    return size;
  }

  public void setSize(int size) {
    this.size = size;
  }

  public int getUpdatesSinceRecompute() {
    return updatesSinceRecompute;
  }

  public void setUpdatesSinceRecompute(int updatesSinceRecompute) {
    this.updatesSinceRecompute = updatesSinceRecompute;
  }

  public double getShift() {
    return shift;
  }

  public void setShift(double shift) {
    this.shift = shift;
  }

  public double[] getSums() {
    return sums;
  }

  public void setSums(double[] sums) {
    this.sums = sums;
  }

  public double[] getCompensations() {
    return compensations;
  }

  public void setCompensations(double[] compensations) {
    this.compensations = compensations;
  }
}
