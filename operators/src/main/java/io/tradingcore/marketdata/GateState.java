package io.tradingcore.marketdata;

import io.tradingcore.features.RollingWindow;

/**
 * One symbol's memory in the quality gate ({@link BarGate}), kept in Flink keyed state.
 *
 * <p>A Flink POJO: the accessors exist for the serializer (and let the state evolve); treat them as
 * the serializer's, not an API.
 */
public final class GateState {
  /** End of the last bar that took its slot in time (accepted, or refused only by statistics). */
  private long lastEnd = Long.MIN_VALUE;

  /** Close of the last accepted bar, the reference of the jump rule; NaN before the first. */
  private double lastClose = Double.NaN;

  private long lastCloseEnd = Long.MIN_VALUE;

  /** Log returns of accepted bars, each scaled to one interval (divided by √bars elapsed). */
  private RollingWindow returns;

  private RollingWindow volumes;

  /** Consecutive bars refused as price jumps that agree with each other. */
  private int jumpStreak;

  private double pendingClose = Double.NaN;
  private long pendingEnd = Long.MIN_VALUE;

  /** Consecutive bars refused for implausible volume. */
  private int volumeStreak;

  /** For Flink's POJO serializer. */
  public GateState() {}

  static GateState create(int window) {
    GateState state = new GateState();
    state.returns = new RollingWindow(window);
    state.volumes = new RollingWindow(window);
    return state;
  }

  boolean hasLastBar() {
    return lastEnd != Long.MIN_VALUE;
  }

  public long getLastEnd() {
    return lastEnd;
  }

  public void setLastEnd(long lastEnd) {
    this.lastEnd = lastEnd;
  }

  public double getLastClose() {
    return lastClose;
  }

  public void setLastClose(double lastClose) {
    this.lastClose = lastClose;
  }

  public long getLastCloseEnd() {
    return lastCloseEnd;
  }

  public void setLastCloseEnd(long lastCloseEnd) {
    this.lastCloseEnd = lastCloseEnd;
  }

  public RollingWindow getReturns() {
    return returns;
  }

  public void setReturns(RollingWindow returns) {
    this.returns = returns;
  }

  public RollingWindow getVolumes() {
    return volumes;
  }

  public void setVolumes(RollingWindow volumes) {
    this.volumes = volumes;
  }

  public int getJumpStreak() {
    return jumpStreak;
  }

  public void setJumpStreak(int jumpStreak) {
    this.jumpStreak = jumpStreak;
  }

  public double getPendingClose() {
    return pendingClose;
  }

  public void setPendingClose(double pendingClose) {
    this.pendingClose = pendingClose;
  }

  public long getPendingEnd() {
    return pendingEnd;
  }

  public void setPendingEnd(long pendingEnd) {
    this.pendingEnd = pendingEnd;
  }

  public int getVolumeStreak() {
    return volumeStreak;
  }

  public void setVolumeStreak(int volumeStreak) {
    this.volumeStreak = volumeStreak;
  }
}
