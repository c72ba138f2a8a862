package io.tradingcore.backtest;

import io.tradingcore.execution.SimulatedOrder;

/**
 * An order working at the backtest's simulated venue: the fill model's {@link SimulatedOrder}, when
 * it expires, and how many reports it has produced (for deterministic execution ids). A Flink POJO,
 * kept in keyed state.
 */
public final class VenueOrder {
  public SimulatedOrder simulated;

  /** Market time the order stops working ({@code Long.MAX_VALUE}: never). */
  public long expiry;

  /** Reports produced so far; the next one is numbered {@code reports + 1}. */
  public int reports;

  /**
   * Event time at which the venue received the order: only a bar ending after it may fill it, so an
   * order released while the bars of one time are handled (a flatten after a fill) waits for the
   * next bar, as it would waiting for the bridge.
   */
  public long placedAt;

  public VenueOrder() {}

  public VenueOrder(SimulatedOrder simulated, long expiry, long placedAt) {
    this.simulated = simulated;
    this.expiry = expiry;
    this.placedAt = placedAt;
  }
}
