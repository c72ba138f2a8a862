package io.tradingcore.features;

/**
 * Per-symbol memory of the feature calculator, kept in Flink keyed state.
 *
 * <p>A Flink POJO: the accessors exist for the serializer (and let the state evolve).
 */
public final class FeatureState {
  private long lastBarEnd = Long.MIN_VALUE;
  private double lastClose = Double.NaN;
  private long barsSeen;
  private RollingWindow closes;
  private RollingWindow returns;
  private RollingWindow priceVolume;
  private RollingWindow volume;

  /** For Flink's POJO serializer. */
  public FeatureState() {}

  static FeatureState create(FeatureWindows windows) {
    FeatureState state = new FeatureState();
    state.closes = new RollingWindow(windows.momentum());
    state.returns = new RollingWindow(windows.volatility());
    state.priceVolume = new RollingWindow(windows.vwap());
    state.volume = new RollingWindow(windows.vwap());
    return state;
  }

  public long getLastBarEnd() {
    return lastBarEnd;
  }

  public void setLastBarEnd(long lastBarEnd) {
    this.lastBarEnd = lastBarEnd;
  }

  public double getLastClose() {
    return lastClose;
  }

  public void setLastClose(double lastClose) {
    this.lastClose = lastClose;
  }

  public long getBarsSeen() {
    return barsSeen;
  }

  public void setBarsSeen(long barsSeen) {
    this.barsSeen = barsSeen;
  }

  public RollingWindow getCloses() {
    return closes;
  }

  public void setCloses(RollingWindow closes) {
    this.closes = closes;
  }

  public RollingWindow getReturns() {
    return returns;
  }

  public void setReturns(RollingWindow returns) {
    this.returns = returns;
  }

  public RollingWindow getPriceVolume() {
    return priceVolume;
  }

  public void setPriceVolume(RollingWindow priceVolume) {
    this.priceVolume = priceVolume;
  }

  public RollingWindow getVolume() {
    return volume;
  }

  public void setVolume(RollingWindow volume) {
    this.volume = volume;
  }
}
