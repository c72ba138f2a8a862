/**
 * Market-data sources the replayer publishes from, in plain Java with no Flink types.
 *
 * <p>Every source is a {@link io.tradingcore.replay.BarSource}: a pull-based stream of bars in
 * event-time order, ties broken by symbol, so a replay is deterministic. {@link
 * io.tradingcore.replay.SyntheticBarSource} is the default (seeded, regime-switching, correlated
 * bars over the NYSE regular session, holidays skipped and early closes at 13:00, as {@link
 * io.tradingcore.marketdata.UsEquityCalendar} has them); {@link io.tradingcore.replay.CsvBarSource}
 * replays real one-minute bars from a folder of per-symbol files; {@link
 * io.tradingcore.replay.BitstampTradesSource} aggregates the Bitstamp BTC/USD trades bundled with
 * ta4j-examples. Input a source cannot use goes to a {@link io.tradingcore.replay.BadInputListener}
 * with file, line and reason, for the quarantine topic.
 */
package io.tradingcore.replay;
