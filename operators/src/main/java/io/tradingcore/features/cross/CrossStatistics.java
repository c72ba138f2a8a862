package io.tradingcore.features.cross;

/** The formulas shared by the pair and the matrix, on co-moments (sums of centred products). */
final class CrossStatistics {
  private CrossStatistics() {}

  /**
   * C_xy / √(C_xx · C_yy), clamped to [−1, 1] against rounding; 0 when either co-moment is not
   * positive (a constant series has no defined correlation, and 0 is what a consumer can use).
   */
  static double correlation(double cxx, double cyy, double cxy) {
    if (!(cxx > 0) || !(cyy > 0)) {
      return 0.0;
    }
    // Two roots, not √(C_xx·C_yy): the product underflows for tiny returns.
    double r = cxy / (Math.sqrt(cxx) * Math.sqrt(cyy));
    return Math.max(-1.0, Math.min(1.0, r));
  }

  /** C_xb / C_bb: the slope of x on the benchmark b; 0 when the benchmark does not move. */
  static double beta(double cxb, double cbb) {
    return cbb > 0 ? cxb / cbb : 0.0;
  }
}
