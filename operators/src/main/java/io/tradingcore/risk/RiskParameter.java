package io.tradingcore.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every limit of the pre-trade gate and every circuit-breaker threshold, by the name an operator
 * uses on the command line ({@code --risk-limit name=value}) and in {@code control.v1} SET_LIMIT.
 *
 * <p>Each parameter has a {@link Kind} that says how its value is written and which values are
 * valid, a default, and a {@link Scope}: gate limits and portfolio breakers are per portfolio,
 * market breakers watch symbols and are job-wide. A parameter that shapes a CEP pattern's time
 * window is {@linkplain #fixedAtStart() fixed at start}: changing it takes a savepoint restart.
 */
public enum RiskParameter {
  // Pre-trade gate.
  MAX_ORDER_QUANTITY(Kind.QUANTITY, "10000", Scope.GATE, "largest quantity one order may carry"),
  MAX_ORDER_NOTIONAL(Kind.MONEY, "50000", Scope.GATE, "largest quantity × price of one order"),
  MAX_POSITION_QUANTITY(
      Kind.QUANTITY,
      "10000",
      Scope.GATE,
      "largest absolute position in a symbol, counting working orders as filled"),
  PRICE_COLLAR(
      Kind.FRACTION,
      "0.01",
      Scope.GATE,
      "largest distance of an order's price from the last trade"),
  MAX_GROSS_EXPOSURE(
      Kind.MULTIPLE, "1.0", Scope.GATE, "largest Σ |position × price| as a multiple of equity"),
  MAX_NET_EXPOSURE(
      Kind.MULTIPLE, "1.0", Scope.GATE, "largest |Σ position × price| as a multiple of equity"),
  DAILY_LOSS_LIMIT(
      Kind.FRACTION,
      "0.02",
      Scope.GATE,
      "loss since the day's first equity beyond which only risk-reducing orders pass"),
  MAX_DRAWDOWN(
      Kind.FRACTION,
      "0.02",
      Scope.GATE,
      "fall of equity from its high-water mark that flattens every position and halts (hard)"),
  MAX_ORDERS_PER_WINDOW(
      Kind.COUNT, "30", Scope.GATE, "orders a portfolio may send within order_rate_window"),
  ORDER_RATE_WINDOW(Kind.DURATION, "1m", Scope.GATE, "window of max_orders_per_window"),
  DUPLICATE_WINDOW(
      Kind.DURATION,
      "5s",
      Scope.GATE,
      "an order with the symbol, side and quantity of one sent this recently is a duplicate"),
  MAX_CORRELATION(
      Kind.FRACTION,
      "0.7",
      Scope.GATE,
      "largest correlation between two symbols a portfolio may add exposure to in the same"
          + " direction (hedges pass)"),
  MAX_CONCENTRATION(
      Kind.FRACTION, "0.5", Scope.GATE, "largest share of equity one symbol's position may take"),
  VAR_LIMIT(
      Kind.FRACTION,
      "0.01",
      Scope.GATE,
      "largest one-bar historical-simulation value at risk as a fraction of equity"),
  VAR_CONFIDENCE(Kind.FRACTION, "0.95", Scope.GATE, "confidence level of the value at risk"),
  VAR_WINDOW(
      Kind.COUNT, "500", Scope.GATE, "aligned bars of returns the value at risk is simulated over"),

  // Circuit breakers watching a portfolio.
  BREAKER_DAILY_LOSS(
      Kind.FRACTION, "0.02", Scope.PORTFOLIO_BREAKER, "loss since the day's start that halts"),
  LOSING_DAYS(Kind.COUNT, "3", Scope.PORTFOLIO_BREAKER, "losing days in a row that halt"),
  REJECT_BURST(
      Kind.COUNT, "10", Scope.PORTFOLIO_BREAKER, "broker rejects within reject_window that halt"),
  REJECT_WINDOW(Kind.DURATION, "1m", Scope.PORTFOLIO_BREAKER, "window of reject_burst", true),
  RUNAWAY_ORDERS(
      Kind.COUNT,
      "60",
      Scope.PORTFOLIO_BREAKER,
      "orders reaching the broker within runaway_window that halt"),
  RUNAWAY_WINDOW(Kind.DURATION, "1m", Scope.PORTFOLIO_BREAKER, "window of runaway_orders", true),
  PROFIT_LOCK(
      Kind.FRACTION,
      "0.03",
      Scope.PORTFOLIO_BREAKER,
      "intraday gain that locks profits in (REDUCING)"),

  // Circuit breakers watching market data, job-wide.
  VOLATILITY_SPIKE_SIGMAS(
      Kind.MULTIPLE,
      "3",
      Scope.MARKET_BREAKER,
      "a bar's log return beyond this many rolling σ pauses new entries"),
  STALE_FEED_AFTER(
      Kind.DURATION,
      "5m",
      Scope.MARKET_BREAKER,
      "no bar of a symbol for this long inside its session pauses it",
      true),
  PRICE_JUMP(
      Kind.FRACTION, "0.03", Scope.MARKET_BREAKER, "close-to-close move that pauses a symbol"),
  FEED_DIVERGENCE(
      Kind.FRACTION,
      "0.005",
      Scope.MARKET_BREAKER,
      "relative difference of a bar's close and the close built from ticks that pauses a symbol"),
  UNUSUAL_VOLUME(
      Kind.MULTIPLE,
      "5",
      Scope.MARKET_BREAKER,
      "a bar's volume beyond this multiple of the recent mean is reported"),
  PAUSE_FOR(Kind.DURATION, "15m", Scope.MARKET_BREAKER, "how long a PAUSE lasts");

  /** How a value is written and which values are valid. */
  public enum Kind {
    /** A positive decimal quantity of an instrument. */
    QUANTITY,
    /** A positive amount of the account currency. */
    MONEY,
    /** A share in (0, 1]. */
    FRACTION,
    /** A positive decimal factor. */
    MULTIPLE,
    /** A whole number ≥ 1. */
    COUNT,
    /** A positive duration: 250ms, 30s, 5m, 2h, 1d, or ISO-8601 (PT5M); held as milliseconds. */
    DURATION
  }

  /** Which operator reads the parameter, and so what a SET_LIMIT of it may name as portfolio. */
  public enum Scope {
    GATE,
    PORTFOLIO_BREAKER,
    MARKET_BREAKER
  }

  private final Kind kind;
  private final BigDecimal defaultValue;
  private final Scope scope;
  private final String description;
  private final boolean fixedAtStart;

  RiskParameter(Kind kind, String defaultValue, Scope scope, String description) {
    this(kind, defaultValue, scope, description, false);
  }

  RiskParameter(
      Kind kind, String defaultValue, Scope scope, String description, boolean fixedAtStart) {
    this.kind = kind;
    this.scope = scope;
    this.description = description;
    this.fixedAtStart = fixedAtStart;
    this.defaultValue = parseUnchecked(kind, defaultValue);
  }

  /** The name used on the command line and in SET_LIMIT, e.g. {@code max_drawdown}. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  public Scope scope() {
    return scope;
  }

  public String description() {
    return description;
  }

  /** Whether the parameter shapes a CEP window, so SET_LIMIT cannot change it in a running job. */
  public boolean fixedAtStart() {
    return fixedAtStart;
  }

  BigDecimal defaultValue() {
    return defaultValue;
  }

  /** The parameter called {@code name} (case-insensitive, '-' or '_'), or empty. */
  public static Optional<RiskParameter> byName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(values()).filter(p -> p.name().equals(normalized)).findFirst();
  }

  /** The parameter called {@code name}, or an error that lists the names there are. */
  public static RiskParameter named(String name) {
    return byName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown risk limit '"
                        + name
                        + "'; known limits: "
                        + Arrays.stream(values())
                            .map(RiskParameter::externalName)
                            .collect(Collectors.joining(", "))));
  }

  /**
   * {@code text} read as this parameter's value (durations as milliseconds).
   *
   * @throws IllegalArgumentException naming the parameter, what was given and what is valid
   */
  public BigDecimal parse(String text) {
    BigDecimal value;
    try {
      value = parseUnchecked(kind, text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          externalName() + " must be " + expectation() + ", got '" + text + "'");
    }
    validate(value);
    return value;
  }

  /** Throws unless {@code value} is valid for this parameter. */
  public void validate(BigDecimal value) {
    boolean valid =
        value != null
            && value.signum() > 0
            && switch (kind) {
              case FRACTION -> value.compareTo(BigDecimal.ONE) <= 0;
              case COUNT, DURATION ->
                  value.stripTrailingZeros().scale() <= 0
                      && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
              default -> true;
            };
    if (!valid) {
      throw new IllegalArgumentException(
          externalName()
              + " must be "
              + expectation()
              + ", got "
              + (value == null ? "nothing" : display(value)));
    }
  }

  /** The value as people write it: durations as 90s, 5m; the rest as plain decimals. */
  public String display(BigDecimal value) {
    if (kind != Kind.DURATION) {
      return value.stripTrailingZeros().toPlainString();
    }
    return duration(value.longValue());
  }

  /** {@code millis} as people write a duration: 1d, 2h, 5m, 90s, 250ms. */
  public static String duration(long millis) {
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }

  private String expectation() {
    return switch (kind) {
      case QUANTITY -> "a positive quantity";
      case MONEY -> "a positive amount";
      case FRACTION -> "a fraction in (0, 1], e.g. 0.02 for 2 %";
      case MULTIPLE -> "a positive number";
      case COUNT -> "a whole number of at least 1";
      case DURATION -> "a positive duration such as 500ms, 30s, 5m, 2h or PT5M";
    };
  }

  private static BigDecimal parseUnchecked(Kind kind, String text) {
    String trimmed = text.trim();
    if (kind != Kind.DURATION) {
      return new BigDecimal(trimmed);
    }
    Matcher matcher = Patterns.SHORT_DURATION.matcher(trimmed);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      long unit =
          switch (matcher.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
          };
      return BigDecimal.valueOf(Math.multiplyExact(amount, unit));
    }
    try {
      return BigDecimal.valueOf(Duration.parse(trimmed).toMillis());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Enum constants are built before the enum's own static fields: the pattern lives here. */
  private static final class Patterns {
    static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  }
}
