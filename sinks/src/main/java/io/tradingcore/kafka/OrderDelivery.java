package io.tradingcore.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the trading job writes {@code orders.v1}.
 *
 * <p>Either way the broker bridge places each client order id once: it looks every order up at the
 * broker before submitting it, so a record it sees twice is skipped.
 */
public enum OrderDelivery {
  /**
   * One Kafka transaction per checkpoint: an order becomes visible to the bridge (which reads
   * committed) when the checkpoint that produced it completes, so {@code orders.v1} never holds a
   * duplicate or an order a failure took back. Latency: up to a checkpoint interval.
   */
  EXACTLY_ONCE,
  /**
   * At least once, each order sent as soon as the gate releases it: visible in milliseconds. After
   * a failure the job replays from its last checkpoint and may write an order again (the same
   * client order id, as ids are deterministic); the bridge drops the repeat.
   */
  IDEMPOTENT;

  /** The option's spelling: {@code exactly-once} or {@code idempotent}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Reads {@link #optionValue()}, case-insensitively. */
  public static OrderDelivery parse(String text) {
    for (OrderDelivery delivery : values()) {
      if (delivery.optionValue().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return delivery;
      }
    }
    throw new IllegalArgumentException(
        "order delivery must be one of "
            + Arrays.stream(values())
                .map(OrderDelivery::optionValue)
                .collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }
}
