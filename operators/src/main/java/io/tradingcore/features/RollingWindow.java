package io.tradingcore.features;

/**
 * The last {@code capacity} values of a series with their mean and variance, updated in O(1).
 *
 * <p>Mean and variance follow Welford's add/replace updates. Rounding in a running mean never
 * decays on a sliding window (a 1M-bar run drifted 4e-5 relative), so the statistics are rebuilt
 * from the buffer once every {@code capacity} updates: still O(1) amortised, and the error stays
 * near machine precision however long the run.
 *
 * <p>A mutable Flink POJO (public no-argument constructor, getters and setters) so it can live in
 * keyed state and evolve; treat the accessors as the serializer's, not an API.
 */
public final class RollingWindow {
  private double[] values;
  private int next;
  private int size;
  private int updatesSinceRecompute;
  private double mean;
  private double m2;

  /** For Flink's POJO serializer. */
  public RollingWindow() {}

  public RollingWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be at least 1, got " + capacity);
    }
    this.values = new double[capacity];
  }

  /** Adds {@code x}, evicting the oldest value when the window is full. */
  public void add(double x) {
    int capacity = values.length;
    if (size < capacity) {
      values[next] = x;
      size++;
      double delta = x - mean;
      mean += delta / size;
      m2 += delta * (x - mean);
    } else {
      double oldest = values[next];
      values[next] = x;
      double oldMean = mean;
      mean += (x - oldest) / size;
      m2 += (x - oldest) * (x - mean + oldest - oldMean);
    }
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

  public double mean() {
    return size == 0 ? Double.NaN : mean;
  }

  public double sum() {
    return mean * size;
  }

  /** Sample variance (n − 1 denominator); NaN with fewer than two values. */
  public double variance() {
    return size < 2 ? Double.NaN : Math.max(m2, 0.0) / (size - 1);
  }

  public double standardDeviation() {
    return Math.sqrt(variance());
  }

  /** The most recently added value. */
  public double last() {
    if (size == 0) {
      return Double.NaN;
    }
    return values[(next - 1 + values.length) % values.length];
  }

  /**
   * Rebuilds mean and m2 from the buffer with a fresh Welford pass, which is as accurate as two
   * passes and keeps a constant series at exactly zero variance.
   */
  private void recompute() {
    int start = size < values.length ? 0 : next;
    double freshMean = 0;
    double freshM2 = 0;
    for (int i = 0; i < size; i++) {
      double x = values[(start + i) % values.length];
      double delta = x - freshMean;
      freshMean += delta / (i + 1);
      freshM2 += delta * (x - freshMean);
    }
    mean = freshMean;
    m2 = freshM2;
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

  public double getMean() {
    return mean;
  }

  public void setMean(double mean) {
    this.mean = mean;
  }

  public double getM2() {
    return m2;
  }

  public void setM2(double m2) {
    this.m2 = m2;
  }
}
