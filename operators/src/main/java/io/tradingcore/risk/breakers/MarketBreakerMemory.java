package io.tradingcore.risk.breakers;

import io.tradingcore.features.RollingWindow;

/**
 * What the market breakers' annotate step remembers of one symbol: the volatility of its previous
 * bar and the volumes of its last {@link MarketSignals#VOLUME_BARS} bars. Fixed size, kept in Flink
 * keyed state with a TTL.
 *
 * <p>A Flink POJO: the accessors exist for the serializer (and let the state evolve); treat them as
 * the serializer's, not an API.
 */
public final class MarketBreakerMemory {
  /** Annualised volatility as of the previous bar's features; NaN before the first. */
  private double previousVolatility = Double.NaN;

  private RollingWindow volumes;

  /** For Flink's POJO serializer. */
  public MarketBreakerMemory() {}

  static MarketBreakerMemory create(int volumeBars) {
    MarketBreakerMemory memory = new MarketBreakerMemory();
    memory.volumes = new RollingWindow(volumeBars);
    return memory;
  }

  public double getPreviousVolatility() {
    return previousVolatility;
  }

  public void setPreviousVolatility(double previousVolatility) {
    this.previousVolatility = previousVolatility;
  }

  public RollingWindow getVolumes() {
    return volumes;
  }

  public void setVolumes(RollingWindow volumes) {
    this.volumes = volumes;
  }
}
