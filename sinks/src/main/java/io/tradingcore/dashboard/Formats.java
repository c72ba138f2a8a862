package io.tradingcore.dashboard;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the dashboard writes numbers: money to the cent from the exact decimals (rounded half even,
 * never through a double), quantities and prices without trailing zeros, and percentages.
 */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  /** {@code 100,000.00}, {@code -1,234.57}. */
  static String money(BigDecimal amount) {
    if (amount == null) {
      return "";
    }
    return grouped("#,##0.00").format(amount.setScale(2, RoundingMode.HALF_EVEN));
  }

  /** {@code +1,234.57} or {@code -12.00}: a change in money, with its sign. */
  static String signedMoney(BigDecimal amount) {
    if (amount == null) {
      return "";
    }
    String text = money(amount);
    return amount.setScale(2, RoundingMode.HALF_EVEN).signum() > 0 ? "+" + text : text;
  }

  /** A price with at least two and at most four decimals: {@code 172.50}, {@code 0.1234}. */
  static String price(BigDecimal price) {
    if (price == null) {
      return "";
    }
    BigDecimal rounded = price.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return grouped("#,##0.00##").format(rounded);
  }

  /** A quantity as exact as it is, without trailing zeros: {@code 57}, {@code -0.5}. */
  static String quantity(BigDecimal quantity) {
    if (quantity == null) {
      return "";
    }
    BigDecimal stripped = quantity.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** {@code part / whole} as a percentage with two decimals, e.g. {@code -1.23 %}. */
  static String percent(BigDecimal part, BigDecimal whole) {
    if (part == null || whole == null || whole.signum() == 0) {
      return "";
    }
    BigDecimal percent =
        part.multiply(BigDecimal.valueOf(100))
            .divide(whole, MathContext.DECIMAL64)
            .setScale(2, RoundingMode.HALF_EVEN);
    return (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + " %";
  }

  /** A market or wall-clock instant, UTC, to the second. */
  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  private static DecimalFormat grouped(String pattern) {
    // DecimalFormat is not thread-safe: one per call is cheap next to a JSON write.
    DecimalFormat format =
        new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setRoundingMode(RoundingMode.HALF_EVEN);
    format.setParseBigDecimal(true);
    return format;
  }
}
