package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskParameter;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The SET_LIMIT values one portfolio's breakers received while the job ran, layered over its
 * configured thresholds. Only the overrides are kept (in broadcast state), not the whole set: a
 * restart with another configuration changes every threshold no operator has set at run time.
 *
 * @param values run-time value by parameter, each {@linkplain
 *     BreakerThresholds#changeableAtRunTime(RiskParameter) changeable at run time}
 */
public record ThresholdOverrides(Map<RiskParameter, BigDecimal> values) {

  /** No SET_LIMIT yet. */
  public static final ThresholdOverrides NONE = new ThresholdOverrides(Map.of());

  public ThresholdOverrides {
    values.forEach(
        (parameter, value) -> {
          if (!BreakerThresholds.changeableAtRunTime(parameter)) {
            throw new IllegalArgumentException(
                parameter.externalName() + " cannot be changed in a running breaker");
          }
          parameter.validate(value);
        });
    values = Map.copyOf(values);
  }

  /** These overrides with {@code parameter} now {@code value}. */
  public ThresholdOverrides with(RiskParameter parameter, BigDecimal value) {
    Map<RiskParameter, BigDecimal> next = new EnumMap<>(RiskParameter.class);
    next.putAll(values);
    next.put(parameter, value);
    return new ThresholdOverrides(next);
  }

  /** {@code configured} with every override applied. */
  public BreakerThresholds applyTo(BreakerThresholds configured) {
    BreakerThresholds thresholds = configured;
    for (Map.Entry<RiskParameter, BigDecimal> override : values.entrySet()) {
      thresholds = thresholds.with(override.getKey(), override.getValue());
    }
    return thresholds;
  }
}
