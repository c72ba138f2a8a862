package io.tradingcore.strategy;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.money.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The baseline strategy: time-series momentum per symbol against its short moving average.
 *
 * <p>A symbol goes long a fixed notional when its close is more than {@code entryThreshold} above
 * its moving average, and back to flat (or short, when allowed) when it falls more than {@code
 * exitThreshold} below it; in between it keeps what it holds, so noise around the average does not
 * churn orders. The quantity is fixed on entry (notional / close, rounded down to the lot) and held
 * until the signal flips.
 *
 * <p>It decides only the traded symbols with fresh features for the observed bar: a symbol carried
 * forward has no news, and one past the staleness limit must not be traded at all.
 */
public final class MomentumStrategy implements Strategy {
  private static final long serialVersionUID = 1L;
  public static final String ID = "momentum@1";

  private final MomentumParameters parameters;
  private final LotSizes lotSizes;

  public MomentumStrategy(MomentumParameters parameters, LotSizes lotSizes) {
    this.parameters = parameters;
    this.lotSizes = lotSizes;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<TargetPosition> decide(
      String portfolio, PortfolioObservation observation, Map<String, TargetPosition> current) {
    List<TargetPosition> targets = new ArrayList<>(observation.symbols().size());
    observation.symbols().stream()
        .filter(s -> s.traded() && s.fresh())
        .sorted(Comparator.comparing(ObservedSymbol::symbol))
        .forEach(
            s -> {
              TargetPosition previous = current.get(s.symbol());
              BigDecimal held = previous == null ? BigDecimal.ZERO : previous.quantity();
              targets.add(decideOne(portfolio, s.features(), held));
            });
    return targets;
  }

  private TargetPosition decideOne(String portfolio, BarFeatures f, BigDecimal held) {
    if (!f.warm() || !Double.isFinite(f.momentum())) {
      return target(portfolio, f, held, "warming up: holding " + held.toPlainString());
    }
    double m = f.momentum();
    String signal = String.format("momentum %+.5f vs MA%d", m, parameters.maWindowForDisplay());
    if (m > parameters.entryThreshold()) {
      if (held.signum() > 0) {
        return target(portfolio, f, held, signal + ": stay long");
      }
      BigDecimal quantity = sizeFor(f);
      return target(
          portfolio,
          f,
          quantity,
          String.format(
              "%s > entry %.5f: long %s %s (notional %s at %s)",
              signal,
              parameters.entryThreshold(),
              quantity.toPlainString(),
              f.symbol(),
              parameters.notionalPerSymbol().toPlainString(),
              f.close().toPlainString()));
    }
    if (m < -parameters.exitThreshold()) {
      if (parameters.allowShort()) {
        if (held.signum() < 0) {
          return target(portfolio, f, held, signal + ": stay short");
        }
        BigDecimal quantity = sizeFor(f).negate();
        return target(portfolio, f, quantity, signal + ": short " + quantity.abs().toPlainString());
      }
      return target(
          portfolio,
          f,
          BigDecimal.ZERO,
          String.format("%s < -exit %.5f: flat", signal, parameters.exitThreshold()));
    }
    return target(portfolio, f, held, signal + ": inside band, holding " + held.toPlainString());
  }

  private BigDecimal sizeFor(BarFeatures f) {
    BigDecimal lot = lotSizes.of(f.symbol());
    BigDecimal lots =
        parameters.notionalPerSymbol().divide(f.close().multiply(lot), 0, RoundingMode.DOWN);
    return Decimals.normalize(lots.multiply(lot));
  }

  private TargetPosition target(
      String portfolio, BarFeatures f, BigDecimal quantity, String reason) {
    return new TargetPosition(portfolio, f.symbol(), f.barEnd(), quantity, f.close(), ID, reason);
  }
}
