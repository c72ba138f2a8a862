package io.tradingcore.features.cross;

import io.tradingcore.features.BarFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a portfolio's alignment remembers between bars: the last features of each symbol, how stale
 * they are, and the rolling correlation window.
 *
 * <p>A mutable Flink POJO; the getters and setters are the serializer's, not an API.
 */
public final class CrossAssetState {
  private long lastDecision = Long.MIN_VALUE;
  private List<String> symbols = new ArrayList<>();
  private Map<String, BarFeatures> last = new HashMap<>();
  private Map<String, Integer> barsStale = new HashMap<>();
  private CorrelationMatrix matrix;

  public long getLastDecision() {
    return lastDecision;
  }

  public void setLastDecision(long lastDecision) {
    this.lastDecision = lastDecision;
  }

  public List<String> getSymbols() {
    return symbols;
  }

  public void setSymbols(List<String> symbols) {
    this.symbols = symbols;
  }

  public Map<String, BarFeatures> getLast() {
    return last;
  }

  public void setLast(Map<String, BarFeatures> last) {
    this.last = last;
  }

  public Map<String, Integer> getBarsStale() {
    return barsStale;
  }

  public void setBarsStale(Map<String, Integer> barsStale) {
    this.barsStale = barsStale;
  }

  public CorrelationMatrix getMatrix() {
    return matrix;
  }

  public void setMatrix(CorrelationMatrix matrix) {
    this.matrix = matrix;
  }
}
