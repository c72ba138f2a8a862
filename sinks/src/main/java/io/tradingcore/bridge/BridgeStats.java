package io.tradingcore.bridge;

import java.util.concurrent.atomic.AtomicLong;

/** Running counts of what the bridge did, for progress displays and tests. Thread-safe. */
public final class BridgeStats {
  final AtomicLong ordersReceived = new AtomicLong();
  final AtomicLong ordersSkippedAsKnown = new AtomicLong();
  final AtomicLong barsReceived = new AtomicLong();
  final AtomicLong reportsPublished = new AtomicLong();
  final AtomicLong fills = new AtomicLong();
  final AtomicLong rejects = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();

  public long ordersReceived() {
    return ordersReceived.get();
  }

  /** Orders the broker already knew (replays after a restart): not submitted again. */
  public long ordersSkippedAsKnown() {
    return ordersSkippedAsKnown.get();
  }

  public long barsReceived() {
    return barsReceived.get();
  }

  public long reportsPublished() {
    return reportsPublished.get();
  }

  public long fills() {
    return fills.get();
  }

  public long rejects() {
    return rejects.get();
  }

  public long quarantined() {
    return quarantined.get();
  }
}
