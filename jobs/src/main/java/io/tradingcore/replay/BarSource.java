package io.tradingcore.replay;

import io.tradingcore.marketdata.Bar;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A pull-based stream of bars over one or more symbols, in the order the replayer publishes them.
 *
 * <p>Bars come in {@link #ORDER}: by {@code endMillis} (their event time), ties broken by symbol,
 * so two runs over the same input publish the same sequence. {@link #next()} returns {@link
 * Optional#empty()} once the source is exhausted, and keeps returning it; an unbounded source never
 * does. Input it cannot use is reported to the {@link BadInputListener} it was built with and
 * skipped. I/O failures surface as {@link java.io.UncheckedIOException}. Not thread-safe.
 */
public interface BarSource extends AutoCloseable {

  /** The publication order every source follows. */
  Comparator<Bar> ORDER = Comparator.comparingLong(Bar::endMillis).thenComparing(Bar::symbol);

  /** The symbols this source yields bars for. */
  List<String> symbols();

  /** The next bar in {@link #ORDER}, or empty at the end of input. */
  Optional<Bar> next();

  /** Releases files and readers; never throws a checked exception. */
  @Override
  void close();
}
