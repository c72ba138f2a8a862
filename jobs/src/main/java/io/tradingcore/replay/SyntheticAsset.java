package io.tradingcore.replay;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

/**
 * One synthetic asset's price path: each minute it follows the market factor by its beta plus its
 * own noise over the factor's sub-steps, and turns that path into an exact-decimal bar.
 */
final class SyntheticAsset {

  static final double INTRADAY_GAP_VOL = 0.00005;
  static final double IDIOSYNCRATIC_OVERNIGHT_VOL = 0.004;
  static final double VOLUME_NOISE = 0.35;
  static final double TRADE_SIZE_NOISE = 0.25;
  static final long MIN_VOLUME = 100;

  private static final BigDecimal CENT = new BigDecimal("0.01");
  private static final int VWAP_SCALE = 8;

  private final AssetProfile profile;
  private final Random random;
  private final double referenceVolPerMinute;
  private double lastClose = Double.NaN;

  SyntheticAsset(AssetProfile profile, long seed) {
    this.profile = profile;
    this.random = new Random(Seeds.forSymbol(seed, profile.symbol(), Seeds.PATH));
    this.referenceVolPerMinute =
        StrictMath.hypot(
            profile.beta() * MarketRegime.TREND.factorVolPerMinute(),
            profile.idiosyncraticVolPerMinute());
  }

  String symbol() {
    return profile.symbol();
  }

  Bar nextBar(UsEquitySession.Minute minute, MarketFactor.Minute market) {
    double previousClose = Double.isNaN(lastClose) ? profile.startPrice() : lastClose;
    double open =
        Double.isNaN(lastClose) ? profile.startPrice() : previousClose * gap(minute, market);

    double[] steps = market.steps();
    double idiosyncraticVol =
        profile.idiosyncraticVolPerMinute()
            * market.regime().idiosyncraticVolMultiplier()
            / StrictMath.sqrt(steps.length);
    BigDecimal[] path = new BigDecimal[steps.length + 1];
    double logPrice = StrictMath.log(open);
    path[0] = toCents(open);
    for (int k = 0; k < steps.length; k++) {
      logPrice += profile.beta() * steps[k] + idiosyncraticVol * random.nextGaussian();
      path[k + 1] = toCents(StrictMath.exp(logPrice));
    }
    lastClose = StrictMath.exp(logPrice);

    BigDecimal high = path[0];
    BigDecimal low = path[0];
    for (BigDecimal price : path) {
      high = high.max(price);
      low = low.min(price);
    }
    long volume = volume(minute, market.regime(), StrictMath.log(lastClose / previousClose));
    return new Bar(
        profile.symbol(),
        minute.startMillis(),
        minute.endMillis(),
        path[0],
        high,
        low,
        path[steps.length],
        BigDecimal.valueOf(volume),
        vwap(path, volume),
        tradeCount(volume),
        SyntheticBarSource.SOURCE);
  }

  // The open is the previous close moved by a tiny gap, or by the overnight news at the bell.
  private double gap(UsEquitySession.Minute minute, MarketFactor.Minute market) {
    double logGap =
        minute.firstOfDay()
            ? profile.beta() * market.overnightGap()
                + IDIOSYNCRATIC_OVERNIGHT_VOL * random.nextGaussian()
            : INTRADAY_GAP_VOL * random.nextGaussian();
    return StrictMath.exp(logGap);
  }

  // Volume is U-shaped over the day (rising into the close, 13:00 on an early-close day), heavier
  // in turbulent regimes and on big moves.
  private long volume(UsEquitySession.Minute minute, MarketRegime regime, double logReturn) {
    int m = minute.minuteOfSession();
    double intraday =
        1
            + 2.0 * StrictMath.exp(-m / 15.0)
            + 1.2 * StrictMath.exp(-(minute.sessionMinutes() - 1 - m) / 10.0);
    double move = 0.6 + 0.4 * Math.abs(logReturn) / referenceVolPerMinute;
    double noise =
        StrictMath.exp(VOLUME_NOISE * random.nextGaussian() - VOLUME_NOISE * VOLUME_NOISE / 2);
    double shares =
        profile.baseVolumePerMinute() * intraday * regime.volumeMultiplier() * move * noise;
    return Math.max(MIN_VOLUME, Math.round(shares));
  }

  private long tradeCount(long volume) {
    double tradeSize =
        profile.averageTradeSize() * StrictMath.exp(TRADE_SIZE_NOISE * random.nextGaussian());
    return Math.min(volume, Math.max(1, Math.round(volume / tradeSize)));
  }

  // Shares are spread over the path's prices with random weights; every price is inside
  // [low, high], so the exact weighted average is too.
  private BigDecimal vwap(BigDecimal[] path, long volume) {
    double[] weights = new double[path.length];
    double total = 0;
    int heaviest = 0;
    for (int k = 0; k < path.length; k++) {
      weights[k] = -StrictMath.log(1 - random.nextDouble());
      total += weights[k];
      if (weights[k] > weights[heaviest]) {
        heaviest = k;
      }
    }
    long[] shares = new long[path.length];
    long allocated = 0;
    for (int k = 0; k < path.length; k++) {
      shares[k] = (long) Math.floor(volume * weights[k] / total);
      allocated += shares[k];
    }
    shares[heaviest] += volume - allocated;
    BigDecimal notional = BigDecimal.ZERO;
    for (int k = 0; k < path.length; k++) {
      notional = notional.add(path[k].multiply(BigDecimal.valueOf(shares[k])));
    }
    return notional.divide(BigDecimal.valueOf(volume), VWAP_SCALE, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal toCents(double price) {
    return BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_EVEN).max(CENT);
  }
}
