package io.tradingcore.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded equity curve: every point until it holds {@code capacity}, then every second point of
 * what it holds and every second new one, and so on. A long run keeps its whole shape at a coarser
 * step, and the newest point is always shown.
 */
final class EquityCurve {
  /**
   * One point: the snapshot's sequence number (the x axis: market time is not monotonic across a
   * portfolio's symbols, whose bars arrive from different partitions), its market time, equity and
   * drawdown from the high-water mark (0.01 is 1 %).
   */
  record Point(long sequence, long time, double equity, double drawdown) {}

  private final int capacity;
  private final List<Point> points = new ArrayList<>();
  private long stride = 1;
  private long seen;
  private Point last;

  EquityCurve(int capacity) {
    if (capacity < 4) {
      throw new IllegalArgumentException(
          "an equity curve needs room for 4 points, got " + capacity);
    }
    this.capacity = capacity;
  }

  void add(long sequence, long time, double equity, double drawdown) {
    last = new Point(sequence, time, equity, drawdown);
    if (seen++ % stride == 0) {
      points.add(last);
      if (points.size() >= capacity) {
        thin();
      }
    }
  }

  /** The kept points in time order, ending with the newest one. */
  List<Point> points() {
    List<Point> copy = new ArrayList<>(points);
    if (last != null && (copy.isEmpty() || copy.get(copy.size() - 1) != last)) {
      copy.add(last);
    }
    return copy;
  }

  /** The step between kept points, in snapshots. */
  long stride() {
    return stride;
  }

  private void thin() {
    List<Point> kept = new ArrayList<>(points.size() / 2 + 1);
    for (int i = 0; i < points.size(); i += 2) {
      kept.add(points.get(i));
    }
    points.clear();
    points.addAll(kept);
    stride *= 2;
  }
}
