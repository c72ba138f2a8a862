package io.tradingcore.features;

import java.math.BigDecimal;

/**
 * Per-symbol memory of the feature calculator, kept in Flink keyed state.
 *
 * <p>A Flink POJO: the accessors exist for the serializer (and let the state evolve). Fields added
 * since a savepoint was taken restore as null; {@link FeatureCalculator#fits(FeatureState)} tells
 * the function to start such a state afresh.
 */
public final class FeatureState {
  private long lastBarEnd = Long.MIN_VALUE;
  private BigDecimal lastCloseDecimal;
  private long barsSeen;
  private RollingWindow closes;
  private RollingWindow returns;
  private RollingWindow priceVolume;
  private RollingWindow volume;
  private RollingSum volumeShort;
  private RollingSum volumeLong;
  private RollingWindow volatilities;
  private RollingMoments returnMoments;
  private double ema = Double.NaN;
  private double averageGain;
  private double averageLoss;
  private RollingWindow priceChanges;
  private RollingSum vpinImbalance;
  private RollingSum vpinVolume;

  /** For Flink's POJO serializer. */
  public FeatureState() {}

  static FeatureState create(FeatureWindows windows) {
    FeatureState state = new FeatureState();
    state.closes = new RollingWindow(windows.momentum());
    state.returns = new RollingWindow(windows.volatility());
    state.priceVolume = new RollingWindow(windows.vwap());
    state.volume = new RollingWindow(windows.vwap());
    state.volumeShort = new RollingSum(windows.intensityShort());
    state.volumeLong = new RollingSum(windows.intensityLong());
    state.volatilities = new RollingWindow(windows.volOfVol());
    state.returnMoments = new RollingMoments(windows.moments());
    state.priceChanges = new RollingWindow(windows.vpin());
    state.vpinImbalance = new RollingSum(windows.vpin());
    state.vpinVolume = new RollingSum(windows.vpin());
    return state;
  }

  public long getLastBarEnd() {
    return lastBarEnd;
  }

  public void setLastBarEnd(long lastBarEnd) {
    this.lastBarEnd = lastBarEnd;
  }

  public BigDecimal getLastCloseDecimal() {
    return lastCloseDecimal;
  }

  public void setLastCloseDecimal(BigDecimal lastCloseDecimal) {
    this.lastCloseDecimal = lastCloseDecimal;
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

  public RollingSum getVolumeShort() {
    return volumeShort;
  }

  public void setVolumeShort(RollingSum volumeShort) {
    this.volumeShort = volumeShort;
  }

  public RollingSum getVolumeLong() {
    return volumeLong;
  }

  public void setVolumeLong(RollingSum volumeLong) {
    this.volumeLong = volumeLong;
  }

  public RollingWindow getVolatilities() {
    return volatilities;
  }

  public void setVolatilities(RollingWindow volatilities) {
    this.volatilities = volatilities;
  }

  public RollingMoments getReturnMoments() {
    return returnMoments;
  }

  public void setReturnMoments(RollingMoments returnMoments) {
    this.returnMoments = returnMoments;
  }

  public double getEma() {
    return ema;
  }

  public void setEma(double ema) {
    this.ema = ema;
  }

  public double getAverageGain() {
    return averageGain;
  }

  public void setAverageGain(double averageGain) {
    this.averageGain = averageGain;
  }

  public double getAverageLoss() {
    return averageLoss;
  }

  public void setAverageLoss(double averageLoss) {
    this.averageLoss = averageLoss;
  }

  public RollingWindow getPriceChanges() {
    return priceChanges;
  }

  public void setPriceChanges(RollingWindow priceChanges) {
    this.priceChanges = priceChanges;
  }

  public RollingSum getVpinImbalance() {
    return vpinImbalance;
  }

  public void setVpinImbalance(RollingSum vpinImbalance) {
    this.vpinImbalance = vpinImbalance;
  }

  public RollingSum getVpinVolume() {
    return vpinVolume;
  }

  public void setVpinVolume(RollingSum vpinVolume) {
    this.vpinVolume = vpinVolume;
  }
}
