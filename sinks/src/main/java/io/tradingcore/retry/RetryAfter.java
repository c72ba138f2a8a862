package io.tradingcore.retry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds ({@code 7}; a
 * fraction such as Discord's {@code 0.5} is honoured too) or an HTTP date ({@code Wed, 21 Oct 2026
 * 07:28:00 GMT}), as the wait from {@code now}. A date in the past is no wait; a value that is
 * neither is no hint at all.
 */
public final class RetryAfter {
  private RetryAfter() {}

  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    try {
      BigDecimal seconds = new BigDecimal(value);
      if (seconds.signum() < 0) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(seconds.movePointRight(3).longValue()));
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      // An HTTP date, then.
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration until = Duration.between(now, at);
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
