package io.tradingcore.replay;

import io.tradingcore.marketdata.Tick;
import java.util.List;
import java.util.Optional;

/**
 * A pull-based stream of ticks, in the order the replayer publishes them (event time, as the venue
 * reported them). {@link #next()} returns {@link Optional#empty()} once the source is exhausted.
 * Input it cannot read is reported to its {@link BadInputListener} and skipped; whether a tick is
 * plausible is the trading job's check, as for any feed. Not thread-safe.
 */
public interface TickSource extends AutoCloseable {

  /** The symbols this source yields ticks for. */
  List<String> symbols();

  /** The next tick, or empty at the end of input. */
  Optional<Tick> next();

  /** Releases files and readers; never throws a checked exception. */
  @Override
  void close();
}
