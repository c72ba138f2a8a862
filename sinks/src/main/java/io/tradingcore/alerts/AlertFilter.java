package io.tradingcore.alerts;

import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which risk events become alerts: every event at or above {@code minSeverity}, and every event
 * whose reason is one of {@code reasons} whatever its severity.
 *
 * <p>The default ({@link #DEFAULT}) sends what a person should look at and leaves out what follows
 * from it: with {@code REDUCE} and above go breaker trips (daily loss, drawdown, losing streak,
 * reject burst, runaway orders: HALT; volatility spike, stale feed, price jump, feed divergence:
 * PAUSE; profit lock: REDUCE), reconciliation breaks (HALT) and the halts of KILL and FLATTEN; of
 * the INFO and DENY events only {@link #DEFAULT_REASONS}: RESUME ({@code TRADING_STATE}), a refused
 * control command or model release, invalid model output, and the denials that are limit
 * violations. Left out by default: denials that only repeat a state already alerted ({@code
 * TRADING_HALTED}, {@code REDUCING_ONLY}, {@code ENTRIES_PAUSED}), session, duplicate and no-price
 * denials, {@code CONTROL_ACCEPTED} (a KILL's or RESUME's own state change is already sent), {@code
 * MODEL_ACTIVATED} and {@code UNUSUAL_VOLUME}.
 */
public record AlertFilter(Severity minSeverity, Set<RiskReason> reasons) {

  /** The INFO and DENY reasons sent by default. */
  public static final Set<RiskReason> DEFAULT_REASONS =
      Collections.unmodifiableSet(
          EnumSet.of(
              RiskReason.TRADING_STATE,
              RiskReason.CONTROL_REJECTED,
              RiskReason.MODEL_REFUSED,
              RiskReason.MODEL_OUTPUT_INVALID,
              RiskReason.POSITION_LIMIT,
              RiskReason.ORDER_QUANTITY,
              RiskReason.ORDER_NOTIONAL,
              RiskReason.PRICE_COLLAR,
              RiskReason.GROSS_EXPOSURE,
              RiskReason.NET_EXPOSURE,
              RiskReason.DAILY_LOSS,
              RiskReason.ORDER_RATE,
              RiskReason.CORRELATION,
              RiskReason.CONCENTRATION,
              RiskReason.VALUE_AT_RISK));

  public static final Severity DEFAULT_MIN_SEVERITY = Severity.REDUCE;

  public static final AlertFilter DEFAULT = new AlertFilter(DEFAULT_MIN_SEVERITY, DEFAULT_REASONS);

  public AlertFilter {
    if (minSeverity == null) {
      throw new IllegalArgumentException("the minimum severity is required");
    }
    reasons =
        reasons == null || reasons.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(reasons));
  }

  public boolean accepts(RiskEvent event) {
    return event.getSeverity().ordinal() >= minSeverity.ordinal()
        || reasons.contains(event.getReason());
  }

  /** For banners and logs, e.g. {@code severity ≥ REDUCE and 15 more reasons}. */
  public String describe() {
    String severity =
        minSeverity == Severity.values()[0] ? "every event" : "severity ≥ " + minSeverity;
    return reasons.isEmpty() || minSeverity == Severity.values()[0]
        ? severity
        : severity
            + " and "
            + reasons.size()
            + (reasons.size() == 1 ? " more reason" : " more reasons");
  }
}
