package io.tradingcore.alerts;

import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.breakers.MarketAlerts;
import io.tradingcore.schemas.avro.RiskEvent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The words of an alert: severity and reason first (what a person scans for), then whom it
 * concerns, the event's own explanation, its numbers, and the ids to look it up by.
 *
 * <pre>
 * :rotating_light: *HALT DRAWDOWN* · portfolio main · now HALTED
 * equity 97800.00 is 2.20 % below its high-water mark 100000.00, …
 * equity=97800 · highWaterMark=100000 · limit=0.02 · observed=0.022
 * 2019-02-04T15:31:00Z · event gate-main-… · caused by …
 * </pre>
 */
final class AlertText {
  /** Values with more decimals than this are shown to {@link #SHOWN} significant digits. */
  private static final int MAX_SCALE = 6;

  private static final MathContext SHOWN = new MathContext(6, RoundingMode.HALF_EVEN);

  private AlertText() {}

  static String of(RiskEvent event, WebhookFormat format) {
    StringJoiner head = new StringJoiner(" · ");
    head.add(
        emoji(event)
            + " "
            + format.bold(format.escape(event.getSeverity() + " " + event.getReason())));
    String portfolio = event.getPortfolio();
    head.add(
        OperatorCommand.ALL_PORTFOLIOS.equals(portfolio)
            ? "all portfolios"
            : "portfolio " + format.escape(portfolio));
    if (event.getSymbol() != null) {
      head.add(format.escape(event.getSymbol()));
    }
    if (event.getTradingState() != null) {
      head.add("now " + event.getTradingState());
    }
    StringBuilder text = new StringBuilder(head.toString());
    text.append('\n').append(format.escape(event.getCause()));
    if (!event.getValues().isEmpty()) {
      StringJoiner values = new StringJoiner(" · ");
      new TreeMap<>(event.getValues())
          .forEach((name, value) -> values.add(format.escape(name + "=" + show(name, value))));
      text.append('\n').append(values);
    }
    StringJoiner ids = new StringJoiner(" · ");
    ids.add(event.getTsEvent().toString());
    ids.add("event " + format.escape(event.getEventId()));
    if (event.getCausationId() != null) {
      ids.add("caused by " + format.escape(event.getCausationId()));
    }
    return text.append('\n').append(ids).toString();
  }

  private static String emoji(RiskEvent event) {
    return switch (event.getSeverity()) {
      case HALT -> ":rotating_light:";
      case PAUSE, REDUCE -> ":warning:";
      case DENY -> ":no_entry:";
      default -> ":information_source:";
    };
  }

  private static String show(String name, Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return String.valueOf(value);
    }
    if (MarketAlerts.UNTIL.equals(name)) {
      return Instant.ofEpochMilli(value.longValue()).toString();
    }
    BigDecimal exact = BigDecimal.valueOf(value);
    // A measured ratio such as 0.0019950716628064145 reads as 0.00199507; money keeps its cents.
    BigDecimal shown = exact.scale() > MAX_SCALE ? exact.round(SHOWN) : exact;
    return shown.stripTrailingZeros().toPlainString();
  }
}
