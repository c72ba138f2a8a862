package io.tradingcore.risk;

import io.tradingcore.portfolio.Book;
import io.tradingcore.schemas.avro.TradingState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the risk gate remembers of one portfolio: its trading state, pauses, limits as changed at
 * run time, its own exact book (from fills and marks), the orders still working, the recent orders
 * (for the rate and duplicate checks), and the aligned returns and correlations the value-at-risk
 * and correlation checks need. Kept whole in one keyed value; {@link PortfolioRisk} is the logic.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class PortfolioRiskState {
  public TradingState tradingState = TradingState.ACTIVE;

  /** Closing every position (after FLATTEN or the drawdown limit) until flat. */
  public boolean flattening;

  /**
   * The drawdown limit has fired since the last RESUME: it flattens and halts once, not on every
   * bar the equity stays below the line.
   */
  public boolean drawdownTripped;

  /**
   * The breakers' PAUSEs in force or still to come, each over its own stretch of event time: a
   * decision is paused only by a pause that began at or before it. Breaker events reach the gate on
   * a path of their own, so in a fast replay one raised late in the day can arrive before the
   * morning's targets; it must not pause them. Ended pauses are dropped as the market clock passes
   * them.
   */
  public List<Pause> pauses = new ArrayList<>();

  /**
   * The limits SET_LIMIT changed, by parameter name; every other limit is the portfolio's
   * configured one, so a restart with a new configuration changes what no operator touched.
   */
  public Map<String, BigDecimal> limitOverrides = new HashMap<>();

  public Book book;

  /** Event time of the newest observation: the gate's market clock. */
  public long contextTime = Long.MIN_VALUE;

  /** America/New_York date of {@link #contextTime} as epoch days. */
  public long tradingDay = Long.MIN_VALUE;

  /** Equity when the trading day began: the base of the daily loss limit. */
  public BigDecimal dayStartEquity;

  /** Orders released and not yet finished at the broker, by client order id. */
  public Map<String, WorkingOrder> working = new HashMap<>();

  /** Recently released orders, oldest first, for the rate and duplicate checks. */
  public List<SentOrder> recent = new ArrayList<>();

  /** Number of the last released order; the next is {@code sequence + 1}. */
  public long sequence;

  /**
   * Aligned one-bar simple returns (e^r − 1) of the portfolio's symbols (in {@code symbols} order),
   * newest last: the value-at-risk scenarios.
   */
  public List<double[]> returns = new ArrayList<>();

  /** The portfolio's traded symbols in the order of {@link #returns} and {@link #correlations}. */
  public List<String> symbols = new ArrayList<>();

  /** The symbols of the newest observation, in the order of {@link #correlations}. */
  public List<String> correlationSymbols = new ArrayList<>();

  /** Upper triangle of the newest rolling correlation matrix over {@link #correlationSymbols}. */
  public double[] correlations = new double[0];

  /**
   * When a denial of each symbol and reason was last reported: a strategy that asks again every bar
   * while the portfolio is halted is counted every time but reported again only after a quiet
   * period, so risk.events.v1 stays readable.
   */
  public Map<String, Long> lastReportedDenial = new HashMap<>();

  public PortfolioRiskState() {}

  /**
   * New entries paused from {@code from} (inclusive) until {@code until} (exclusive), event time:
   * of one symbol, or of the whole portfolio when {@code symbol} is {@code null}.
   */
  public record Pause(String symbol, long from, long until) {
    /** Whether a new entry in {@code entrySymbol} decided at {@code time} is paused by this. */
    public boolean pauses(String entrySymbol, long time) {
      return (symbol == null || symbol.equals(entrySymbol)) && from <= time && time < until;
    }
  }

  /** An order the gate released, as the rate and duplicate checks remember it. */
  public record SentOrder(
      String symbol, io.tradingcore.schemas.avro.Side side, BigDecimal quantity, long time) {}
}
