package io.tradingcore.backtest;

import io.tradingcore.export.ExportedFeatures;
import io.tradingcore.jobs.MarketDataGraph;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.kafka.Decoded;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickBarBuilder;
import io.tradingcore.portfolio.PortfolioSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a backtest's market data comes from, and how it enters the live job's {@link
 * MarketDataGraph}: a list of bars (synthetic, CSV), a list of ticks the live job's tick-bar
 * aggregation turns into bars, or bounded Kafka sources. The runner builds the rest of the job on
 * the graph's output the same way for each.
 */
public interface BacktestFeed {

  /** The market-data graph over this history: bars → quality gate → features. */
  MarketDataGraph.Output market(StreamExecutionEnvironment env, MarketDataGraph graph);

  /**
   * The history's bars in end-time order, the benchmark's included, when they are known before the
   * run: the report's baselines are priced on them. {@code null} when the job builds or reads the
   * bars itself (ticks, Kafka): the baselines are then priced on the bars the quality gate
   * accepted, collected from the job.
   */
  List<Bar> bars();

  /**
   * Traded symbols' bars the book will be marked with, one per portfolio that trades the symbol:
   * what a progress line counts towards; {@code 0} when unknown before the run.
   */
  long barsToMark(TradingJobConfig config);

  /** How big the history is, in words, e.g. "2,340 bars". */
  String size();

  /**
   * When the history starts (the first bar's start, the first tick's time), for the progress line's
   * share of the date range, or {@code Long.MIN_VALUE} when unknown.
   */
  long firstMillis();

  /** Event time of the history's last record, or {@code Long.MIN_VALUE} when unknown. */
  long lastMillis();

  /** Bars in end-time order, the benchmark's included (synthetic or CSV data). */
  static BacktestFeed of(List<Bar> bars) {
    return new Bars(List.copyOf(bars));
  }

  /**
   * Ticks in the order the venue printed them: the live job's tick-bar aggregation ({@link
   * MarketDataGraph#fromTicks}) makes the bars.
   */
  static BacktestFeed ofTicks(List<Tick> ticks) {
    return new Ticks(List.copyOf(ticks));
  }

  /**
   * Bounded Kafka sources of decoded bars, ticks or both, entering as the live job's do ({@link
   * MarketDataGraph#fromBoundedSources}): decoding, quarantine of undecodable records, event time
   * with the job's out-of-orderness (no idleness: the sources are bounded), the tick-bar
   * aggregation.
   *
   * @param describe what the sources read, e.g. the topic and its offsets
   */
  static BacktestFeed ofKafka(
      Source<Decoded<Bar>, ?, ?> bars, Source<Decoded<Tick>, ?, ?> ticks, String describe) {
    return new Kafka(bars, ticks, describe);
  }

  /**
   * A feature export's gated bars and features, in end-time order ({@link
   * MarketDataGraph#fromExport}): the quality gate and the rolling features are not run again.
   */
  static BacktestFeed ofExport(ExportedFeatures.Contents contents) {
    return new Export(contents);
  }

  /** Counts what a portfolio marks: one per portfolio trading the symbol. */
  private static long marks(TradingJobConfig config, String symbol) {
    long marks = 0;
    for (PortfolioSpec spec : config.portfolios()) {
      if (spec.symbols().contains(symbol)) {
        marks++;
      }
    }
    return marks;
  }

  /** A list of bars, entering as {@link MarketDataGraph#boundedHistory}. */
  record Bars(List<Bar> bars) implements BacktestFeed {
    public Bars {
      if (bars.isEmpty()) {
        throw new IllegalArgumentException("no bars to backtest");
      }
    }

    @Override
    public MarketDataGraph.Output market(StreamExecutionEnvironment env, MarketDataGraph graph) {
      return graph.fromBars(MarketDataGraph.boundedHistory(env, bars, "history"));
    }

    @Override
    public long barsToMark(TradingJobConfig config) {
      long total = 0;
      for (Bar bar : bars) {
        total += marks(config, bar.symbol());
      }
      return total;
    }

    @Override
    public String size() {
      return String.format(Locale.ROOT, "%,d bars", bars.size());
    }

    @Override
    public long firstMillis() {
      return bars.get(0).startMillis();
    }

    @Override
    public long lastMillis() {
      return bars.get(bars.size() - 1).endMillis();
    }
  }

  /**
   * An export's gated bars, features and refused records: the bars are known before the run (the
   * report's baselines are priced on them), as they are for a list of bars.
   */
  record Export(ExportedFeatures.Contents contents) implements BacktestFeed {
    public Export {
      if (contents.bars().isEmpty()) {
        throw new IllegalArgumentException("no bars to backtest");
      }
    }

    @Override
    public MarketDataGraph.Output market(StreamExecutionEnvironment env, MarketDataGraph graph) {
      return graph.fromExport(env, contents.bars(), contents.features(), contents.quarantined());
    }

    @Override
    public List<Bar> bars() {
      return contents.bars();
    }

    @Override
    public long barsToMark(TradingJobConfig config) {
      return new Bars(contents.bars()).barsToMark(config);
    }

    @Override
    public String size() {
      return String.format(
          Locale.ROOT, "%,d bars with their exported features", contents.bars().size());
    }

    @Override
    public long firstMillis() {
      return contents.bars().get(0).startMillis();
    }

    @Override
    public long lastMillis() {
      return contents.bars().get(contents.bars().size() - 1).endMillis();
    }
  }

  /** Bounded Kafka sources: nothing is known about the bars before the job reads them. */
  record Kafka(
      Source<Decoded<Bar>, ?, ?> barSource, Source<Decoded<Tick>, ?, ?> tickSource, String size)
      implements BacktestFeed {
    @Override
    public MarketDataGraph.Output market(StreamExecutionEnvironment env, MarketDataGraph graph) {
      return graph.fromBoundedSources(env, barSource, tickSource);
    }

    @Override
    public List<Bar> bars() {
      return null;
    }

    @Override
    public long barsToMark(TradingJobConfig config) {
      return 0;
    }

    @Override
    public long firstMillis() {
      return Long.MIN_VALUE;
    }

    @Override
    public long lastMillis() {
      return Long.MIN_VALUE;
    }
  }

  /** A list of ticks, entering as {@link MarketDataGraph#boundedTicks}. */
  record Ticks(List<Tick> ticks) implements BacktestFeed {
    public Ticks {
      if (ticks.isEmpty()) {
        throw new IllegalArgumentException("no ticks to backtest");
      }
    }

    @Override
    public MarketDataGraph.Output market(StreamExecutionEnvironment env, MarketDataGraph graph) {
      return graph.fromTicks(graph.boundedTicks(env, ticks, "history"));
    }

    @Override
    public List<Bar> bars() {
      return null;
    }

    /**
     * One bar per symbol and interval with a trade (the aggregation's bars before the quality gate
     * and its tick checks, so an upper bound).
     */
    @Override
    public long barsToMark(TradingJobConfig config) {
      TickBarBuilder builder = config.tickBars();
      Set<String> intervals = new HashSet<>();
      long total = 0;
      for (Tick tick : ticks) {
        if (tick.isTrade()
            && intervals.add(tick.symbol() + "@" + builder.barEnd(tick.eventTimeMillis()))) {
          total += marks(config, tick.symbol());
        }
      }
      return total;
    }

    @Override
    public String size() {
      return String.format(Locale.ROOT, "%,d ticks", ticks.size());
    }

    @Override
    public long firstMillis() {
      return ticks.get(0).eventTimeMillis();
    }

    @Override
    public long lastMillis() {
      return ticks.get(ticks.size() - 1).eventTimeMillis();
    }
  }
}
