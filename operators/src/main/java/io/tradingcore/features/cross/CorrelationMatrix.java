package io.tradingcore.features.cross;

/**
 * Rolling co-moments of N aligned series over the last {@code capacity} observations: every
 * pairwise correlation, covariance and beta in O(N²) per observation.
 *
 * <p>The same Welford add/replace update as {@link RollingCoMoment}, with one mean per series
 * shared by all its pairs, on the upper triangle (diagonal included) packed row by row. Rebuilt
 * from the buffer with two passes every {@code capacity} updates (O(N²) amortised), so rounding
 * never accumulates. A series whose whole window holds one value (a constant price, or a symbol
 * carried forward with zero returns for the whole window) has variance exactly 0 and correlation
 * and beta 0 against everything.
 *
 * <p>A mutable Flink POJO; the getters and setters are the serializer's, not an API.
 */
public final class CorrelationMatrix {
  /**
   * A sliding update loses about (peak / now) × ε of a co-moment when the values leaving the window
   * dwarf those left (a symbol that stops printing, a shock leaving the window). When a variance
   * falls below this share of its peak since the last rebuild, that series is rebuilt at once,
   * which bounds the error near window × ε × 100 ≈ 1e-12 of a correlation.
   */
  private static final double COLLAPSE = 1e-2;

  private int n;
  private int capacity;

  /** Observation k of series i at {@code k * n + i}: one row per time. */
  private double[] values;

  private int next;
  private int size;
  private int updatesSinceRecompute;
  private double[] means;

  /** C_ij = Σ (x_i − x̄_i)(x_j − x̄_j) for i ≤ j, packed row by row. */
  private double[] comoments;

  /** How many of the latest values of each series are equal to its newest one. */
  private int[] runs;

  /** Largest C_ii of each series since its co-moments were last rebuilt. */
  private double[] peaks;

  // Scratch for one update: not state, rebuilt on use.
  private transient double[] before;
  private transient double[] after;
  private transient double[] oldBefore;
  private transient double[] oldAfter;

  /** For Flink's POJO serializer. */
  public CorrelationMatrix() {}

  public CorrelationMatrix(int series, int capacity) {
    if (series < 1) {
      throw new IllegalArgumentException("a correlation matrix needs a series, got " + series);
    }
    if (capacity < 2) {
      throw new IllegalArgumentException("correlation window must be at least 2, got " + capacity);
    }
    this.n = series;
    this.capacity = capacity;
    this.values = new double[series * capacity];
    this.means = new double[series];
    this.comoments = new double[series * (series + 1) / 2];
    this.runs = new int[series];
    this.peaks = new double[series];
  }

  /** Adds one aligned observation (one value per series), evicting the oldest when full. */
  public void add(double[] x) {
    if (x.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + x.length);
    }
    scratch();
    int row = next * n;
    int last = ((next - 1 + capacity) % capacity) * n;
    for (int i = 0; i < n; i++) {
      runs[i] = size > 0 && values[last + i] == x[i] ? runs[i] + 1 : 1;
    }
    if (size < capacity) {
      size++;
      for (int i = 0; i < n; i++) {
        double delta = x[i] - means[i];
        before[i] = delta;
        means[i] += delta / size;
        after[i] = x[i] - means[i];
      }
      int k = 0;
      for (int i = 0; i < n; i++) {
        double bi = before[i];
        for (int j = i; j < n; j++) {
          comoments[k++] += bi * after[j];
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        double old = values[row + i];
        double oldMean = means[i];
        means[i] += (x[i] - old) / size;
        before[i] = x[i] - oldMean;
        after[i] = x[i] - means[i];
        oldBefore[i] = old - oldMean;
        oldAfter[i] = old - means[i];
      }
      int k = 0;
      for (int i = 0; i < n; i++) {
        double bi = before[i];
        double oi = oldBefore[i];
        for (int j = i; j < n; j++) {
          comoments[k++] += bi * after[j] - oi * oldAfter[j];
        }
      }
    }
    System.arraycopy(x, 0, values, row, n);
    next = (next + 1) % capacity;
    if (++updatesSinceRecompute >= capacity) {
      recompute();
      return;
    }
    for (int i = 0; i < n; i++) {
      double c = comoments[index(i, i)];
      if (c < COLLAPSE * peaks[i]) {
        recomputeSeries(i);
      } else if (c > peaks[i]) {
        peaks[i] = c;
      }
    }
  }

  /** Two passes for one series against all: O(N × window), only on a collapse. */
  private void recomputeSeries(int i) {
    int start = size < capacity ? 0 : next;
    double sum = 0;
    for (int t = 0; t < size; t++) {
      sum += values[((start + t) % capacity) * n + i];
    }
    means[i] = sum / size;
    for (int j = 0; j < n; j++) {
      double c = 0;
      for (int t = 0; t < size; t++) {
        int row = ((start + t) % capacity) * n;
        c += (values[row + i] - means[i]) * (values[row + j] - means[j]);
      }
      comoments[index(i, j)] = c;
    }
    peaks[i] = comoments[index(i, i)];
  }

  public int series() {
    return n;
  }

  public int count() {
    return size;
  }

  public boolean isFull() {
    return size == capacity;
  }

  /** Sample variance (n − 1) of series i; 0 with fewer than two values or a constant window. */
  public double variance(int i) {
    return size < 2 ? 0.0 : comoment(i, i) / (size - 1);
  }

  /** Sample covariance (n − 1) of series i and j; 0 when either is constant. */
  public double covariance(int i, int j) {
    return size < 2 ? 0.0 : comoment(i, j) / (size - 1);
  }

  /** Pearson correlation of series i and j in [−1, 1]; 0 when either variance is 0. */
  public double correlation(int i, int j) {
    if (i == j) {
      return comoment(i, i) > 0 ? 1.0 : 0.0;
    }
    return CrossStatistics.correlation(comoment(i, i), comoment(j, j), comoment(i, j));
  }

  /** cov(i, b) / var(b): beta of series i against benchmark series b; 0 when var(b) is 0. */
  public double beta(int i, int b) {
    return CrossStatistics.beta(comoment(i, b), comoment(b, b));
  }

  /**
   * Every correlation above the diagonal, row by row: (0,1), (0,2) … (0,n−1), (1,2) …, n(n−1)/2
   * values; the square roots are taken once per series.
   */
  public double[] upperCorrelations() {
    double[] roots = new double[n];
    for (int i = 0; i < n; i++) {
      double c = comoment(i, i);
      roots[i] = c > 0 ? Math.sqrt(c) : 0.0;
    }
    double[] out = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double denominator = roots[i] * roots[j];
        double r = denominator > 0 ? comoments[index(i, j)] / denominator : 0.0;
        out[k++] = Math.max(-1.0, Math.min(1.0, r));
      }
    }
    return out;
  }

  /** Position of (i, j), i < j, in {@link #upperCorrelations()}. */
  public static int upperIndex(int n, int i, int j) {
    if (i > j) {
      return upperIndex(n, j, i);
    }
    return i * (2 * n - i - 1) / 2 + (j - i - 1);
  }

  private double comoment(int i, int j) {
    if (size < 2 || runs[i] >= size || runs[j] >= size) {
      return 0.0;
    }
    double c = comoments[index(i, j)];
    return i == j ? Math.max(c, 0.0) : c;
  }

  private int index(int i, int j) {
    if (i > j) {
      return index(j, i);
    }
    return i * (2 * n - i + 1) / 2 + (j - i);
  }

  private void scratch() {
    if (before == null || before.length != n) {
      before = new double[n];
      after = new double[n];
      oldBefore = new double[n];
      oldAfter = new double[n];
    }
  }

  private void recompute() {
    int start = size < capacity ? 0 : next;
    double[] fresh = new double[n];
    for (int t = 0; t < size; t++) {
      int row = ((start + t) % capacity) * n;
      for (int i = 0; i < n; i++) {
        fresh[i] += values[row + i];
      }
    }
    for (int i = 0; i < n; i++) {
      fresh[i] /= size;
    }
    double[] sums = new double[comoments.length];
    double[] centred = new double[n];
    for (int t = 0; t < size; t++) {
      int row = ((start + t) % capacity) * n;
      for (int i = 0; i < n; i++) {
        centred[i] = values[row + i] - fresh[i];
      }
      int k = 0;
      for (int i = 0; i < n; i++) {
        double ci = centred[i];
        for (int j = i; j < n; j++) {
          sums[k++] += ci * centred[j];
        }
      }
    }
    means = fresh;
    comoments = sums;
    for (int i = 0; i < n; i++) {
      peaks[i] = comoments[index(i, i)];
    }
    updatesSinceRecompute = 0;
  }

  // Accessors for Flink's POJO serializer.

  public int getN() {
    return n;
  }

  public void setN(int n) {
    this.n = n;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

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

  public double[] getMeans() {
    return means;
  }

  public void setMeans(double[] means) {
    this.means = means;
  }

  public double[] getComoments() {
    return comoments;
  }

  public void setComoments(double[] comoments) {
    this.comoments = comoments;
  }

  public double[] getPeaks() {
    return peaks;
  }

  public void setPeaks(double[] peaks) {
    this.peaks = peaks;
  }

  public int[] getRuns() {
    return runs;
  }

  public void setRuns(int[] runs) {
    this.runs = runs;
  }
}
