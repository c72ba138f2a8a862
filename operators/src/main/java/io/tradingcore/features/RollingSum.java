package io.tradingcore.features;

/**
 * The sum of the last {@code capacity} values of a series, updated in O(1).
 *
 * <p>Adding the new value and subtracting the evicted one runs through a Neumaier-compensated sum,
 * so a large value leaving the window takes its rounding with it instead of leaving a residue that
 * swamps the small values after it. As in {@link RollingWindow}, the sum is rebuilt from the buffer
 * every {@code capacity} updates, which bounds the error whatever the run length.
 *
 * <p>A mutable Flink POJO (public no-argument constructor, getters and setters) so it can live in
 * keyed state and evolve; treat the accessors as the serializer's, not an API.
 */
public final class RollingSum {
  private double[] values;
  private int next;
  private int size;
  private int updatesSinceRecompute;
  private double sum;
  private double compensation;

  /** For Flink's POJO serializer. */
  public RollingSum() {}

  public RollingSum(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be at least 1, got " + capacity);
    }
    this.values = new double[capacity];
  }

  /** Adds {@code x}, evicting the oldest value when the window is full. */
  public void add(double x) {
    int capacity = values.length;
    if (size == capacity) {
      accumulate(-values[next]);
    } else {
      size++;
    }
    values[next] = x;
    accumulate(x);
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

  public double sum() {
    return sum + compensation;
  }

  /** Mean of the values in the window; NaN when empty. */
  public double mean() {
    return size == 0 ? Double.NaN : sum() / size;
  }

  private void accumulate(double x) {
    double t = sum + x;
    // Neumaier: recover the low-order bits lost by whichever operand is smaller.
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  private void recompute() {
    int start = size < values.length ? 0 : next;
    sum = 0;
    compensation = 0;
    for (int i = 0; i < size; i++) {
      accumulate(values[(start + i) % values.length]);
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

  public double getSum() {
    return sum;
  }

  public void setSum(double sum) {
    this.sum = sum;
  }

  public double getCompensation() {
    return compensation;
  }

  public void setCompensation(double compensation) {
    this.compensation = compensation;
  }
}
