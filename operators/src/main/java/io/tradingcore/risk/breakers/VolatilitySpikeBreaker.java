package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.util.Locale;
import java.util.Map;

/**
 * A warm bar whose |log return| exceeds {@code volatility_spike_sigmas} × the per-bar σ of the
 * returns before it pauses new entries (VOLATILITY_SPIKE). The σ excludes the bar itself; see
 * {@link MarketSignals}.
 */
public final class VolatilitySpikeBreaker {
  private VolatilitySpikeBreaker() {}

  /** The bar's |log return| in units of the σ before it (NaN or ∞ when that σ is unknown or 0). */
  public static double sigmas(MarketReturnSignal signal) {
    return Math.abs(signal.logReturn()) / signal.sigmaBefore();
  }

  public static boolean trips(MarketReturnSignal signal) {
    // Cold features (too few returns) and a flat history (σ = 0) give no yardstick.
    return signal.warm()
        && signal.sigmaBefore() > 0
        && Math.abs(signal.logReturn())
            > signal.thresholds().volatilitySpikeSigmas() * signal.sigmaBefore();
  }

  public static RiskAlert alert(MarketReturnSignal signal) {
    double limit = signal.thresholds().volatilitySpikeSigmas();
    double sigmas = sigmas(signal);
    return MarketAlerts.pause(
        signal.symbol(),
        RiskReason.VOLATILITY_SPIKE,
        String.format(
            Locale.ROOT,
            "%s: log return %.5f is %.2f σ of the bars before it (σ %.5f per bar), beyond %s σ",
            signal.symbol(),
            signal.logReturn(),
            sigmas,
            signal.sigmaBefore(),
            limit),
        Map.of(
            MarketAlerts.OBSERVED,
            sigmas,
            MarketAlerts.LIMIT,
            limit,
            "log_return",
            signal.logReturn(),
            "sigma_before",
            signal.sigmaBefore()),
        MarketAlerts.barId(signal.symbol(), signal.barEnd()),
        signal.barEnd(),
        signal.thresholds().pauseForMillis());
  }
}
