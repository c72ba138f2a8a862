package io.tradingcore.portfolio;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.schemas.avro.SnapshotTrigger;

/**
 * The book after one change, numbered per portfolio, bound for {@code portfolio.v1}.
 *
 * @param sequence snapshot number, from 1, stepping by one
 * @param tsEvent event time of the fill or bar that changed the book
 * @param fill the fill report applied, for a {@link SnapshotTrigger#FILL}; {@code null} otherwise
 */
public record BookSnapshot(
    long sequence, SnapshotTrigger trigger, long tsEvent, Book book, ExecutionReport fill) {

  /** A snapshot that no fill caused (a mark, a new day). */
  public BookSnapshot(long sequence, SnapshotTrigger trigger, long tsEvent, Book book) {
    this(sequence, trigger, tsEvent, book, null);
  }
}
