package io.tradingcore.bridge;

import java.util.concurrent.atomic.AtomicLong;

/** Running counts of what the bridge did, for progress displays and tests. Thread-safe. */
public final class BridgeStats {
  final AtomicLong ordersReceived = new AtomicLong();
  final AtomicLong ordersSkippedAsKnown = new AtomicLong();
  final AtomicLong reportsRepublished = new AtomicLong();
  final AtomicLong transactions = new AtomicLong();
  final AtomicLong barsReceived = new AtomicLong();
  final AtomicLong tradesReceived = new AtomicLong();
  final AtomicLong reportsPublished = new AtomicLong();
  final AtomicLong fills = new AtomicLong();
  final AtomicLong rejects = new AtomicLong();
  final AtomicLong quarantined = new AtomicLong();
  final AtomicLong controlCommandsReceived = new AtomicLong();
  final AtomicLong controlCommandsRefused = new AtomicLong();
  final AtomicLong controlCommandsIgnored = new AtomicLong();
  final AtomicLong kills = new AtomicLong();
  final AtomicLong statementsPublished = new AtomicLong();
  final AtomicLong statementsFailed = new AtomicLong();

  public long ordersReceived() {
    return ordersReceived.get();
  }

  /** Orders the broker already knew (replays after a restart): not submitted again. */
  public long ordersSkippedAsKnown() {
    return ordersSkippedAsKnown.get();
  }

  /**
   * Reports of known orders published again ({@link Broker#reportsOf}); also counted in {@link
   * #reportsPublished()}.
   */
  public long reportsRepublished() {
    return reportsRepublished.get();
  }

  /** Transactions committed: one per poll that brought records or broker changes. */
  public long transactions() {
    return transactions.get();
  }

  /** Trade ticks read from {@code md.ticks.v1} (with {@link BridgeConfig.Feed#TRADES}). */
  public long tradesReceived() {
    return tradesReceived.get();
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

  /** Commands read from control.v1 and decoded. */
  public long controlCommandsReceived() {
    return controlCommandsReceived.get();
  }

  /** Commands refused: unsigned, wrongly signed, malformed, too old, replayed. */
  public long controlCommandsRefused() {
    return controlCommandsRefused.get();
  }

  /** Verified commands other than KILL: the trading job acts on them, the bridge does not. */
  public long controlCommandsIgnored() {
    return controlCommandsIgnored.get();
  }

  /** Verified KILLs acted on. */
  public long kills() {
    return kills.get();
  }

  /** Position statements published on positions.broker.v1. */
  public long statementsPublished() {
    return statementsPublished.get();
  }

  /** Position statements not published because the broker could not be read. */
  public long statementsFailed() {
    return statementsFailed.get();
  }
}
