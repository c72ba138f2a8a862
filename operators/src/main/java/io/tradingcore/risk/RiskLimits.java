package io.tradingcore.risk;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One value for every {@link RiskParameter}: a portfolio's gate limits and breaker thresholds (and,
 * for the job-wide market breakers, the job's). Immutable; a SET_LIMIT gives a new instance.
 */
public final class RiskLimits implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every parameter at its default. */
  public static final RiskLimits DEFAULT = new RiskLimits(new EnumMap<>(RiskParameter.class));

  /**
   * Values by parameter name (not an EnumMap, which Flink's Kryo cannot restore; and by name, so
   * state written before a parameter existed restores with that parameter at its default).
   */
  private final TreeMap<String, BigDecimal> values;

  private RiskLimits(Map<RiskParameter, BigDecimal> overrides) {
    TreeMap<String, BigDecimal> all = new TreeMap<>();
    for (RiskParameter parameter : RiskParameter.values()) {
      all.put(parameter.name(), overrides.getOrDefault(parameter, parameter.defaultValue()));
    }
    this.values = all;
  }

  private Map<RiskParameter, BigDecimal> asMap() {
    Map<RiskParameter, BigDecimal> map = new EnumMap<>(RiskParameter.class);
    for (RiskParameter parameter : RiskParameter.values()) {
      map.put(parameter, get(parameter));
    }
    return map;
  }

  /** The defaults with the three per-order and per-position limits set. */
  public RiskLimits(
      BigDecimal maxOrderQuantity, BigDecimal maxOrderNotional, BigDecimal maxPositionQuantity) {
    this(
        validated(
            Map.of(
                RiskParameter.MAX_ORDER_QUANTITY, maxOrderQuantity,
                RiskParameter.MAX_ORDER_NOTIONAL, maxOrderNotional,
                RiskParameter.MAX_POSITION_QUANTITY, maxPositionQuantity)));
  }

  /**
   * The defaults with {@code overrides} ({@code name → value text}) applied, every invalid entry
   * reported in one message.
   */
  public static RiskLimits of(Map<String, String> overrides) {
    return DEFAULT.with(overrides);
  }

  /** These limits with {@code overrides} applied, every invalid entry reported together. */
  public RiskLimits with(Map<String, String> overrides) {
    Map<RiskParameter, BigDecimal> next = asMap();
    List<String> errors = new ArrayList<>();
    overrides.forEach(
        (name, text) -> {
          try {
            RiskParameter parameter = RiskParameter.named(name);
            next.put(parameter, parameter.parse(text));
          } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
          }
        });
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid risk limits: " + String.join("; ", errors));
    }
    return new RiskLimits(next);
  }

  /**
   * These limits with {@code byName} (values by {@link RiskParameter#name()}, already valid)
   * applied; names of parameters this version does not know are ignored.
   */
  public RiskLimits withValues(Map<String, BigDecimal> byName) {
    if (byName.isEmpty()) {
      return this;
    }
    Map<RiskParameter, BigDecimal> next = asMap();
    byName.forEach((name, value) -> RiskParameter.byName(name).ifPresent(p -> next.put(p, value)));
    return new RiskLimits(next);
  }

  /** These limits with one parameter changed. */
  public RiskLimits with(RiskParameter parameter, BigDecimal value) {
    parameter.validate(value);
    Map<RiskParameter, BigDecimal> next = asMap();
    next.put(parameter, value);
    return new RiskLimits(next);
  }

  private static Map<RiskParameter, BigDecimal> validated(Map<RiskParameter, BigDecimal> given) {
    List<String> errors = new ArrayList<>();
    given.forEach(
        (parameter, value) -> {
          try {
            parameter.validate(value);
          } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
          }
        });
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid risk limits: " + String.join("; ", errors));
    }
    return given;
  }

  public BigDecimal get(RiskParameter parameter) {
    BigDecimal value = values.get(parameter.name());
    return value == null ? parameter.defaultValue() : value;
  }

  public double asDouble(RiskParameter parameter) {
    return get(parameter).doubleValue();
  }

  public int count(RiskParameter parameter) {
    requireKind(parameter, RiskParameter.Kind.COUNT);
    return get(parameter).intValueExact();
  }

  public long millis(RiskParameter parameter) {
    requireKind(parameter, RiskParameter.Kind.DURATION);
    return get(parameter).longValueExact();
  }

  public Duration duration(RiskParameter parameter) {
    return Duration.ofMillis(millis(parameter));
  }

  public BigDecimal maxOrderQuantity() {
    return get(RiskParameter.MAX_ORDER_QUANTITY);
  }

  public BigDecimal maxOrderNotional() {
    return get(RiskParameter.MAX_ORDER_NOTIONAL);
  }

  public BigDecimal maxPositionQuantity() {
    return get(RiskParameter.MAX_POSITION_QUANTITY);
  }

  /** Parameters that differ from their default, by external name, as people write them. */
  public Map<String, String> changed() {
    Map<String, String> changed = new LinkedHashMap<>();
    for (RiskParameter parameter : RiskParameter.values()) {
      BigDecimal value = get(parameter);
      if (value.compareTo(parameter.defaultValue()) != 0) {
        changed.put(parameter.externalName(), parameter.display(value));
      }
    }
    return Collections.unmodifiableMap(changed);
  }

  private static void requireKind(RiskParameter parameter, RiskParameter.Kind kind) {
    if (parameter.kind() != kind) {
      throw new IllegalArgumentException(parameter.externalName() + " is not a " + kind);
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RiskLimits)) {
      return false;
    }
    RiskLimits that = (RiskLimits) other;
    for (RiskParameter parameter : RiskParameter.values()) {
      if (get(parameter).compareTo(that.get(parameter)) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (RiskParameter parameter : RiskParameter.values()) {
      hash = 31 * hash + Objects.hashCode(get(parameter).stripTrailingZeros());
    }
    return hash;
  }

  @Override
  public String toString() {
    return "RiskLimits" + changed();
  }
}
