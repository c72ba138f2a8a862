package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import io.tradingcore.schemas.avro.QuarantineReason;

/**
 * What {@link TickBarBuilder#onTick} did with one tick: merged it into its interval, or refused it
 * with a reason (implausible, duplicate, or late). A refused tick is never dropped silently: the
 * caller quarantines and counts it.
 */
public sealed interface TickOutcome permits TickOutcome.Accepted, TickOutcome.Refused {

  /**
   * The tick is in the interval ending at {@code barEndMillis}.
   *
   * @param openedBar whether it opened that interval: the caller arranges to be told when the
   *     watermark passes {@code barEndMillis} (an event-time timer)
   */
  record Accepted(long barEndMillis, boolean openedBar) implements TickOutcome {}

  /** The tick was not merged; {@link QuarantineReason#LATE} when its bar was already emitted. */
  record Refused(QuarantineReason reason, String detail) implements TickOutcome {
    public Refused {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
    }

    public boolean isLate() {
      return reason == QuarantineReason.LATE;
    }
  }
}
