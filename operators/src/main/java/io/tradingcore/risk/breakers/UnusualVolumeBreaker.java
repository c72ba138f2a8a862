package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.util.Locale;
import java.util.Map;

/**
 * A bar whose volume exceeds {@code unusual_volume} × the mean volume of the symbol's previous
 * {@value MarketSignals#VOLUME_BARS} bars is reported (UNUSUAL_VOLUME, INFO): nothing is paused.
 */
public final class UnusualVolumeBreaker {
  private UnusualVolumeBreaker() {}

  public static boolean trips(MarketBarSignal signal) {
    // NaN until 20 bars were seen; a history without volume has no mean to be a multiple of.
    return signal.meanVolume() > 0
        && signal.volume().doubleValue()
            > signal.thresholds().unusualVolume() * signal.meanVolume();
  }

  public static RiskAlert alert(MarketBarSignal signal) {
    double volume = signal.volume().doubleValue();
    double multiple = volume / signal.meanVolume();
    double limit = signal.thresholds().unusualVolume();
    return MarketAlerts.info(
        signal.symbol(),
        RiskReason.UNUSUAL_VOLUME,
        String.format(
            Locale.ROOT,
            "%s: volume %s is %.1f× the mean of the last %d bars (%.1f), beyond %s×",
            signal.symbol(),
            signal.volume().toPlainString(),
            multiple,
            MarketSignals.VOLUME_BARS,
            signal.meanVolume(),
            limit),
        Map.of(
            MarketAlerts.OBSERVED,
            multiple,
            MarketAlerts.LIMIT,
            limit,
            "volume",
            volume,
            "mean_volume",
            signal.meanVolume()),
        MarketAlerts.barId(signal.symbol(), signal.endMillis()),
        signal.endMillis());
  }
}
