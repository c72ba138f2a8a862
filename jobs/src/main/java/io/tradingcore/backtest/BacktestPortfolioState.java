package io.tradingcore.backtest;

import io.tradingcore.portfolio.Book;
import io.tradingcore.risk.PortfolioRiskState;
import io.tradingcore.strategy.TargetPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one portfolio's backtest keeps between events: the risk gate's state, the position
 * book, the number of the last book snapshot, the orders working at the simulated venue (in the
 * order they were placed) and targets waiting for the market context of their bar. A Flink POJO.
 */
public final class BacktestPortfolioState {
  public PortfolioRiskState risk;
  public Book book;
  public long snapshotSequence;
  public List<VenueOrder> working = new ArrayList<>();
  public List<TargetPosition> waitingTargets = new ArrayList<>();

  public BacktestPortfolioState() {}
}
