package io.tradingcore.portfolio;

import io.tradingcore.schemas.avro.SnapshotTrigger;

/**
 * The book after one change, numbered per portfolio, bound for {@code portfolio.v1}.
 *
 * @param sequence snapshot number, from 1, stepping by one
 * @param tsEvent event time of the fill or bar that changed the book
 */
public record BookSnapshot(long sequence, SnapshotTrigger trigger, long tsEvent, Book book) {}
