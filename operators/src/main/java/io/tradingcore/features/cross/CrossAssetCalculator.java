package io.tradingcore.features.cross;

import io.tradingcore.features.BarFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns the features that arrived for one bar end into a {@link PortfolioObservation}, carrying
 * missing symbols forward, and folds the bar's aligned log returns into the correlation window.
 *
 * <p>Definitions, per symbol of the portfolio's universe (its traded symbols, then the benchmark
 * when it does not trade it):
 *
 * <ul>
 *   <li>A symbol without features for this bar carries its last ones forward, stale, with the
 *       number of bars since its own last bar; at most {@code stalenessLimit} bars old it is still
 *       usable, beyond that (or before its first bar) it is not, and the observation is incomplete
 *       either way.
 *   <li>Aligned log return: the symbol's own when fresh, 0 when carried (the price did not print);
 *       its next bar's log return spans the whole gap, so the window's sum of returns stays the
 *       true price change.
 *   <li>Correlation and beta: over the last {@code window} aligned returns; beta = cov(r_i, r_b) /
 *       var(r_b); both 0 when a variance is 0, never NaN.
 *   <li>Momentum divergence: momentum − the mean momentum of the usable traded symbols (0 for a
 *       symbol that is not usable, or when it is the only one).
 *   <li>Spread ratio: spread proxy (high − low) / close ÷ the mean spread proxy of the usable
 *       traded symbols, 0 when that mean is 0. Chosen over the log price ratio of a pair because it
 *       is defined for any number of symbols, has no arbitrary pairing or price level, and says how
 *       expensive a symbol is to trade now relative to its siblings.
 * </ul>
 */
public final class CrossAssetCalculator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final CrossAssetParameters parameters;

  public CrossAssetCalculator(CrossAssetParameters parameters) {
    this.parameters = parameters;
  }

  /** Traded symbols in order, then the benchmark when not among them. */
  public List<String> universe(List<String> traded) {
    LinkedHashSet<String> all = new LinkedHashSet<>(traded);
    all.add(parameters.benchmark());
    if (all.size() > CrossAssetParameters.MAX_SYMBOLS) {
      throw new IllegalArgumentException(
          "a portfolio aligns at most "
              + CrossAssetParameters.MAX_SYMBOLS
              + " symbols, benchmark included; got "
              + all.size());
    }
    return List.copyOf(all);
  }

  /** A fresh state for a portfolio. */
  public CrossAssetState initialState(List<String> universe) {
    CrossAssetState state = new CrossAssetState();
    state.setSymbols(new ArrayList<>(universe));
    state.setMatrix(new CorrelationMatrix(universe.size(), parameters.window()));
    return state;
  }

  /**
   * The observation of bar end {@code barEnd} from the features that arrived for it, updating
   * {@code state}. Bar ends must increase.
   */
  public PortfolioObservation observe(
      CrossAssetState state,
      String portfolio,
      List<String> traded,
      long barEnd,
      Map<String, BarFeatures> arrived) {
    if (barEnd <= state.getLastDecision()) {
      throw new IllegalStateException(
          "bar end " + barEnd + " observed after " + state.getLastDecision() + " in " + portfolio);
    }
    List<String> universe = universe(traded);
    if (!universe.equals(state.getSymbols()) || state.getMatrix() == null) {
      // The portfolio's symbols changed across a restart: the old window no longer lines up.
      CrossAssetState fresh = initialState(universe);
      state.setSymbols(fresh.getSymbols());
      state.setMatrix(fresh.getMatrix());
    }
    int n = universe.size();
    BarFeatures[] features = new BarFeatures[n];
    boolean[] stale = new boolean[n];
    int[] barsStale = new int[n];
    boolean[] usable = new boolean[n];
    double[] returns = new double[n];
    boolean complete = true;
    for (int i = 0; i < n; i++) {
      String symbol = universe.get(i);
      BarFeatures own = arrived.get(symbol);
      if (own != null) {
        features[i] = own;
        // A non-finite return would poison the window's sums until they are rebuilt.
        returns[i] = Double.isFinite(own.logReturn()) ? own.logReturn() : 0.0;
        usable[i] = true;
        state.getLast().put(symbol, own);
        state.getBarsStale().put(symbol, 0);
      } else {
        complete = false;
        features[i] = state.getLast().get(symbol);
        stale[i] = features[i] != null;
        if (features[i] != null) {
          barsStale[i] = state.getBarsStale().getOrDefault(symbol, 0) + 1;
          state.getBarsStale().put(symbol, barsStale[i]);
          usable[i] = barsStale[i] <= parameters.stalenessLimit();
        }
      }
    }
    CorrelationMatrix matrix = state.getMatrix();
    matrix.add(returns);
    state.setLastDecision(barEnd);

    int b = universe.indexOf(parameters.benchmark());
    double meanMomentum = 0;
    int momenta = 0;
    double meanSpread = 0;
    int spreads = 0;
    for (int i = 0; i < traded.size(); i++) {
      if (usable[i] && Double.isFinite(features[i].momentum())) {
        meanMomentum += features[i].momentum();
        momenta++;
      }
      if (usable[i] && Double.isFinite(features[i].spread())) {
        meanSpread += features[i].spread();
        spreads++;
      }
    }
    meanMomentum = momenta > 0 ? meanMomentum / momenta : 0.0;
    meanSpread = spreads > 0 ? meanSpread / spreads : 0.0;
    List<ObservedSymbol> observed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean inMeans = i < traded.size() && usable[i];
      double momentum = inMeans ? features[i].momentum() : Double.NaN;
      double spread = inMeans ? features[i].spread() : Double.NaN;
      double divergence = Double.isFinite(momentum) ? momentum - meanMomentum : 0.0;
      double spreadRatio = Double.isFinite(spread) && meanSpread > 0 ? spread / meanSpread : 0.0;
      observed.add(
          new ObservedSymbol(
              universe.get(i),
              features[i],
              i < traded.size(),
              stale[i],
              barsStale[i],
              usable[i],
              returns[i],
              matrix.correlation(i, b),
              matrix.beta(i, b),
              divergence,
              spreadRatio));
    }
    return new PortfolioObservation(
        portfolio, barEnd, parameters.benchmark(), complete, observed, matrix.upperCorrelations());
  }

  /** Symbols the observation of a bar waits for before it is decided without the watermark. */
  public boolean allArrived(List<String> traded, Map<String, BarFeatures> arrived) {
    return arrived.keySet().containsAll(universe(traded));
  }
}
