/**
 * The backtest report: performance metrics, baselines, design gates and the files a backtest leaves
 * behind ({@code report.json}, {@code report.html}, {@code equity.png}).
 *
 * <p>Plain Java, no Flink: the backtest runner feeds {@link
 * io.tradingcore.backtest.report.RunRecorder} the records the job wrote to {@code portfolio.v1} and
 * {@code fills.v1}, builds baselines from the same bars with {@link
 * io.tradingcore.backtest.report.Baselines}, and hands every {@link
 * io.tradingcore.backtest.report.BacktestRun} to {@link
 * io.tradingcore.backtest.report.BacktestReport}.
 */
package io.tradingcore.backtest.report;
