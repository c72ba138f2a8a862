package io.tradingcore.alerts;

import java.util.concurrent.atomic.AtomicLong;

/** What one webhook's channel did with the events it read; read from any thread. */
public final class AlertStats {
  final AtomicLong read = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong deadLettered = new AtomicLong();
  final AtomicLong undecodable = new AtomicLong();
  final AtomicLong attempts = new AtomicLong();

  /** Events read from {@code risk.events.v1}, decodable or not. */
  public long read() {
    return read.get();
  }

  /** Events the filter left out. */
  public long skipped() {
    return skipped.get();
  }

  public long delivered() {
    return delivered.get();
  }

  /** Alerts given up on and written to the dead-letter log (undecodable records included). */
  public long deadLettered() {
    return deadLettered.get();
  }

  public long undecodable() {
    return undecodable.get();
  }

  /** HTTP requests sent, retries included. */
  public long attempts() {
    return attempts.get();
  }

  @Override
  public String toString() {
    return delivered()
        + " delivered, "
        + deadLettered()
        + " dead-lettered, "
        + skipped()
        + " filtered out of "
        + read()
        + " read ("
        + attempts()
        + " requests)";
  }
}
