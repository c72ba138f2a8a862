package io.tradingcore.features.cross;

/**
 * The last {@code capacity} pairs (x, y) of two aligned series with their means, variances and
 * covariance, updated in O(1) per pair.
 *
 * <p>The co-moment C = Σ (x − x̄)(y − ȳ) follows Welford's add/replace updates: adding x to a
 * window that still fills is {@code C += (x − x̄_old)(y − ȳ_new)}; replacing the oldest pair (o, p)
 * by (x, y) is {@code C += (x − x̄_old)(y − ȳ_new) − (o − x̄_old)(p − ȳ_new)}, the same as removing
 * then adding but without a catastrophic Σxy − n·x̄ȳ. As in {@link
 * io.tradingcore.features.RollingWindow}, rounding in a sliding mean never decays, so everything is
 * rebuilt from the buffers every {@code capacity} updates (O(1) amortised).
 *
 * <p>A series whose whole window holds one value is detected exactly (a run length), so its
 * variance is exactly 0 and every correlation or beta against it is defined as 0, never NaN or the
 * noise left over from the values it replaced.
 *
 * <p>A mutable Flink POJO; the getters and setters are the serializer's, not an API.
 */
public final class RollingCoMoment {
  private double[] xs;
  private double[] ys;
  private int next;
  private int size;
  private int updatesSinceRecompute;
  private double meanX;
  private double meanY;
  private double m2x;
  private double m2y;
  private double cxy;
  private int runX;
  private int runY;
  private double peakX;
  private double peakY;

  /** For Flink's POJO serializer. */
  public RollingCoMoment() {}

  public RollingCoMoment(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("co-moment window must be at least 2, got " + capacity);
    }
    xs = new double[capacity];
    ys = new double[capacity];
  }

  /** Adds the pair (x, y), evicting the oldest pair when the window is full. */
  public void add(double x, double y) {
    int capacity = xs.length;
    if (size > 0) {
      int last = (next - 1 + capacity) % capacity;
      runX = xs[last] == x ? runX + 1 : 1;
      runY = ys[last] == y ? runY + 1 : 1;
    } else {
      runX = 1;
      runY = 1;
    }
    if (size < capacity) {
      size++;
      double dx = x - meanX;
      double dy = y - meanY;
      meanX += dx / size;
      meanY += dy / size;
      double ex = x - meanX;
      double ey = y - meanY;
      m2x += dx * ex;
      m2y += dy * ey;
      cxy += dx * ey;
    } else {
      double ox = xs[next];
      double oy = ys[next];
      double oldMeanX = meanX;
      double oldMeanY = meanY;
      meanX += (x - ox) / size;
      meanY += (y - oy) / size;
      m2x += (x - oldMeanX) * (x - meanX) - (ox - oldMeanX) * (ox - meanX);
      m2y += (y - oldMeanY) * (y - meanY) - (oy - oldMeanY) * (oy - meanY);
      cxy += (x - oldMeanX) * (y - meanY) - (ox - oldMeanX) * (oy - meanY);
    }
    xs[next] = x;
    ys[next] = y;
    next = (next + 1) % capacity;
    // A variance collapsing under 1% of its peak since the last rebuild has lost that many
    // digits to cancellation (values leaving dwarf those left): rebuild now, as the matrix does.
    if (++updatesSinceRecompute >= capacity || m2x < 1e-2 * peakX || m2y < 1e-2 * peakY) {
      recompute();
    }
    peakX = Math.max(peakX, m2x);
    peakY = Math.max(peakY, m2y);
  }

  public int count() {
    return size;
  }

  public boolean isFull() {
    return size == xs.length;
  }

  /** Sample covariance (n − 1); 0 with fewer than two pairs or when either series is constant. */
  public double covariance() {
    if (size < 2 || constantX() || constantY()) {
      return 0.0;
    }
    return cxy / (size - 1);
  }

  /** Sample variance of x; 0 with fewer than two values or a constant window. */
  public double varianceX() {
    return size < 2 || constantX() ? 0.0 : Math.max(m2x, 0.0) / (size - 1);
  }

  /** Sample variance of y; 0 with fewer than two values or a constant window. */
  public double varianceY() {
    return size < 2 || constantY() ? 0.0 : Math.max(m2y, 0.0) / (size - 1);
  }

  /** Pearson correlation in [−1, 1]; 0 when either variance is 0. */
  public double correlation() {
    return CrossStatistics.correlation(
        size < 2 || constantX() ? 0.0 : m2x, size < 2 || constantY() ? 0.0 : m2y, cxy);
  }

  /** cov(x, y) / var(y): the beta of x against y as the benchmark; 0 when var(y) is 0. */
  public double betaOfXOnY() {
    return CrossStatistics.beta(size < 2 || constantX() ? 0.0 : cxy, constantY() ? 0.0 : m2y);
  }

  private boolean constantX() {
    return runX >= size;
  }

  private boolean constantY() {
    return runY >= size;
  }

  /** Two passes over the buffers: exact up to rounding, and drift is gone. */
  private void recompute() {
    int capacity = xs.length;
    int start = size < capacity ? 0 : next;
    double sx = 0;
    double sy = 0;
    for (int k = 0; k < size; k++) {
      int at = (start + k) % capacity;
      sx += xs[at];
      sy += ys[at];
    }
    double mx = sx / size;
    double my = sy / size;
    double vx = 0;
    double vy = 0;
    double c = 0;
    for (int k = 0; k < size; k++) {
      int at = (start + k) % capacity;
      double ex = xs[at] - mx;
      double ey = ys[at] - my;
      vx += ex * ex;
      vy += ey * ey;
      c += ex * ey;
    }
    meanX = mx;
    meanY = my;
    m2x = vx;
    m2y = vy;
    cxy = c;
    peakX = vx;
    peakY = vy;
    updatesSinceRecompute = 0;
  }

  // Accessors for Flink's POJO serializer.

  public double[] getXs() {
    return xs;
  }

  public void setXs(double[] xs) {
    this.xs = xs;
  }

  public double[] getYs() {
    return ys;
  }

  public void setYs(double[] ys) {
    this.ys = ys;
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

  public double getMeanX() {
    return meanX;
  }

  public void setMeanX(double meanX) {
    this.meanX = meanX;
  }

  public double getMeanY() {
    return meanY;
  }

  public void setMeanY(double meanY) {
    this.meanY = meanY;
  }

  public double getM2x() {
    return m2x;
  }

  public void setM2x(double m2x) {
    this.m2x = m2x;
  }

  public double getM2y() {
    return m2y;
  }

  public void setM2y(double m2y) {
    this.m2y = m2y;
  }

  public double getCxy() {
    return cxy;
  }

  public void setCxy(double cxy) {
    this.cxy = cxy;
  }

  public double getPeakX() {
    return peakX;
  }

  public void setPeakX(double peakX) {
    this.peakX = peakX;
  }

  public double getPeakY() {
    return peakY;
  }

  public void setPeakY(double peakY) {
    this.peakY = peakY;
  }

  public int getRunX() {
    return runX;
  }

  public void setRunX(int runX) {
    this.runX = runX;
  }

  public int getRunY() {
    return runY;
  }

  public void setRunY(int runY) {
    this.runY = runY;
  }
}
