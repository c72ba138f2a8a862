package io.tradingcore.jobs;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.CrossAssetFunction;
import io.tradingcore.features.PortfolioFeatures;
import io.tradingcore.features.RollingFeaturesFunction;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.kafka.Decoded;
import io.tradingcore.kafka.SplitDecoded;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.BarQualityGateFunction;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickAggregationFunction;
import io.tradingcore.portfolio.PortfolioRouting;
import io.tradingcore.portfolio.RouteToPortfolios;
import io.tradingcore.schemas.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The market-data half of every job: bars (read, or aggregated from ticks in event time) → quality
 * gate → per-symbol features. The trading job, the feature export and the pipeline benchmark build
 * it here, so they compute the same features with the same operator uids.
 */
public final class MarketDataGraph {
  private final TradingJobConfig config;

  public MarketDataGraph(TradingJobConfig config) {
    this.config = config;
  }

  /**
   * What the market-data graph produces.
   *
   * @param bars bars the quality gate accepted, in time order per symbol
   * @param features one feature vector per accepted bar
   * @param quarantined every record refused on the way, with its reason
   * @param feedBars the bar feed's bars before the quality gate, or {@code null} without a bar
   *     source: the gate may refuse one of two feeds' bars for an interval as a duplicate, so the
   *     feed-divergence breaker compares the feeds here
   * @param tickBars the bars built from ticks before the quality gate, or {@code null} without a
   *     tick source
   */
  public record Output(
      SingleOutputStreamOperator<Bar> bars,
      SingleOutputStreamOperator<BarFeatures> features,
      DataStream<Quarantined> quarantined,
      DataStream<Bar> feedBars,
      DataStream<Bar> tickBars) {}

  /**
   * From Kafka-style sources of decoded records.
   *
   * @param barSource bars, or {@code null} for none
   * @param tickSource trades and quotes to aggregate into bars, or {@code null} for none
   */
  public Output fromSources(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource) {
    return fromSources(env, barSource, tickSource, true);
  }

  /**
   * As {@link #fromSources}, for bounded sources (a backtest's range of offsets): no partition is
   * ever marked idle. A finished split stops holding event time back by itself, and idleness runs
   * on wall time, so a partition the fetcher did not serve for {@code --source-idleness} would be
   * passed by the watermark and its later bars dropped as late, differently from run to run.
   */
  public Output fromBoundedSources(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource) {
    return fromSources(env, barSource, tickSource, false);
  }

  private Output fromSources(
      StreamExecutionEnvironment env,
      Source<Decoded<Bar>, ?, ?> barSource,
      Source<Decoded<Tick>, ?, ?> tickSource,
      boolean idleness) {
    if (barSource == null && tickSource == null) {
      throw new IllegalArgumentException("a bar source, a tick source or both are needed");
    }
    List<DataStream<Quarantined>> refused = new ArrayList<>();
    DataStream<Bar> bars = null;
    DataStream<Bar> feedBars = null;
    DataStream<Bar> tickBars = null;
    if (barSource != null) {
      WatermarkStrategy<Decoded<Bar>> barTime =
          WatermarkStrategy.<Decoded<Bar>>forBoundedOutOfOrderness(config.outOfOrderness())
              // An undecodable record has no event time; it must not move the watermark.
              .withTimestampAssigner(
                  (d, kafkaTime) -> d.isOk() ? d.value().endMillis() : Long.MIN_VALUE);
      if (idleness) {
        barTime = barTime.withIdleness(config.sourceIdleness());
      }
      SingleOutputStreamOperator<Bar> decodedBars =
          env.fromSource(barSource, barTime, "bars: md.bars.1m.v1")
              .uid("source-bars")
              .process(new SplitDecoded<Bar>())
              .returns(Bar.class)
              .name("decode bars")
              .uid("decode-bars");
      refused.add(decodedBars.getSideOutput(SplitDecoded.QUARANTINE));
      feedBars = decodedBars;
      bars = decodedBars;
    }
    if (tickSource != null) {
      tickBars = barsFromTicks(env, tickSource, idleness, refused);
      bars = bars == null ? tickBars : bars.union(tickBars);
    }
    return fromBars(bars, feedBars, tickBars, refused);
  }

  /**
   * A bounded history as a stream with event time at each bar's end: {@code bars} must be in
   * end-time order, as every {@code BarSource} yields them. The feature export and the backtest
   * start here. The list is read and stamped by one subtask, chained, so each symbol's bars leave
   * in their order: stamped at the job's parallelism, the source's records would be dealt out
   * round-robin and a symbol's bars could overtake one another on their way to the keyed steps.
   */
  public static SingleOutputStreamOperator<Bar> boundedHistory(
      StreamExecutionEnvironment env, List<Bar> bars, String name) {
    return env.fromData(bars, TypeInformation.of(Bar.class))
        .name("bars: " + name)
        .uid("source-bars")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Bar>forMonotonousTimestamps()
                .withTimestampAssigner((bar, ignored) -> bar.endMillis()))
        .setParallelism(1)
        .name("event time: bar end")
        .uid("bar-event-time");
  }

  /**
   * A bounded history of ticks as a stream with event time at each tick: {@code ticks} in the order
   * a venue printed them. Watermarks trail the newest tick by the tick out-of-orderness, as from
   * {@code md.ticks.v1}, without idleness (a bounded list never goes quiet). The backtest over
   * ticks starts here.
   */
  public DataStream<Tick> boundedTicks(
      StreamExecutionEnvironment env, List<Tick> ticks, String name) {
    return env.fromData(ticks, TypeInformation.of(Tick.class))
        .name("ticks: " + name)
        .uid("source-ticks")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Tick>forBoundedOutOfOrderness(config.tickOutOfOrderness())
                .withTimestampAssigner((tick, ignored) -> tick.eventTimeMillis()))
        .name("event time: tick")
        .uid("tick-event-time");
  }

  /**
   * From a feature export (the backtest's {@code --data features:FOLDER}): the quality gate and the
   * rolling features ran when the export was written, so its gated bars are the bar feed as they
   * are, and its features are read instead of computed. {@code gatedBars} and {@code features} must
   * be in end-time order (bar end, then symbol); both get event time at each bar's end, the
   * timestamps the gate and the rolling features give them in the live graph.
   *
   * @param quarantined the records the export's quality gate refused
   */
  public Output fromExport(
      StreamExecutionEnvironment env,
      List<Bar> gatedBars,
      List<BarFeatures> features,
      List<Quarantined> quarantined) {
    // Each symbol's bars and features must reach every operator in bar order, as the quality gate
    // and the rolling features (keyed by symbol) emit them: the market breakers remember a
    // symbol's previous volume and volatility in the order they arrive. So each list is read and
    // stamped by one subtask (as boundedHistory does), and a keyed pass-through hands each symbol
    // to one subtask of the job's parallelism; a plain operator there would deal them out
    // round-robin instead, and a symbol's records could overtake one another.
    SingleOutputStreamOperator<Bar> bars =
        boundedHistory(env, gatedBars, "feature export")
            .keyBy(Bar::symbol)
            .map(bar -> bar)
            .returns(Bar.class)
            .name("gated bars by symbol")
            .uid("export-bars-by-symbol");
    SingleOutputStreamOperator<BarFeatures> read =
        env.fromData(features, TypeInformation.of(BarFeatures.class))
            .name("features: feature export")
            .uid("source-features")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<BarFeatures>forMonotonousTimestamps()
                    .withTimestampAssigner((f, ignored) -> f.barEnd()))
            .setParallelism(1)
            .name("event time: features' bar end")
            .uid("features-event-time")
            .keyBy(BarFeatures::symbol)
            .map(f -> f)
            .returns(BarFeatures.class)
            .name("features by symbol")
            .uid("export-features-by-symbol");
    DataStream<Quarantined> refused =
        quarantined.isEmpty()
            ? TradingJob.none(
                env, Quarantined.class, "quarantine: feature export", "source-quarantine")
            : env.fromData(quarantined, TypeInformation.of(Quarantined.class))
                .name("quarantine: feature export")
                .uid("source-quarantine");
    return new Output(bars, read, refused, bars, null);
  }

  /**
   * From ticks that already carry event-time timestamps and watermarks (a bounded history): the
   * live job's tick-bar aggregation builds the bars, which are the only feed (no bar feed), as in a
   * job reading {@code md.ticks.v1} alone.
   */
  public Output fromTicks(DataStream<Tick> ticks) {
    List<DataStream<Quarantined>> refused = new ArrayList<>();
    DataStream<Bar> tickBars = aggregateTicks(ticks, refused);
    return fromBars(tickBars, null, tickBars, refused);
  }

  /**
   * From bars that already carry event-time timestamps and watermarks (a bounded history): they are
   * the bar feed; there are no tick bars.
   */
  public Output fromBars(DataStream<Bar> bars) {
    return fromBars(bars, bars, null, new ArrayList<>());
  }

  private Output fromBars(
      DataStream<Bar> bars,
      DataStream<Bar> feedBars,
      DataStream<Bar> tickBars,
      List<DataStream<Quarantined>> refused) {
    SingleOutputStreamOperator<Bar> accepted =
        bars.keyBy(Bar::symbol)
            .process(new BarQualityGateFunction(config.gate()))
            .name("bar quality gate")
            .uid("bar-quality-gate");
    refused.add(accepted.getSideOutput(BarQualityGateFunction.QUARANTINE));
    // The gate emits each bar on its own symbol's subtask, so its output is keyed by symbol
    // already: read as such, the edge is a forward one and the features run chained with the gate,
    // in its thread, without serialising every bar between them.
    SingleOutputStreamOperator<BarFeatures> features =
        DataStreamUtils.reinterpretAsKeyedStream(accepted, Bar::symbol, Types.STRING)
            .process(new RollingFeaturesFunction(config.featureWindows()))
            .name("rolling features")
            .uid("rolling-features");
    DataStream<Quarantined> quarantined = refused.get(0);
    for (DataStream<Quarantined> more : refused.subList(1, refused.size())) {
      quarantined = quarantined.union(more);
    }
    return new Output(accepted, features, quarantined, feedBars, tickBars);
  }

  /**
   * Routes every symbol's features to the portfolios that trade it (the benchmark to all of them)
   * and aligns each portfolio bar by bar, with its cross-asset features.
   */
  public SingleOutputStreamOperator<PortfolioObservation> alignPortfolios(
      DataStream<BarFeatures> features) {
    return alignPortfolios(features, Variant.LIVE);
  }

  /**
   * {@link #alignPortfolios(DataStream)} as a second copy in the same job (the backtest's extra
   * runs), its uids and names marked with {@code variant}.
   */
  public SingleOutputStreamOperator<PortfolioObservation> alignPortfolios(
      DataStream<BarFeatures> features, Variant variant) {
    PortfolioRouting routing = PortfolioRouting.of(config.portfolios());
    return features
        // The benchmark reaches every portfolio, traded or not: betas need it aligned.
        .flatMap(RouteToPortfolios.features(routing.including(config.crossAsset().benchmark())))
        .returns(PortfolioFeatures.class)
        .name(variant.name("route features to portfolios"))
        .uid(variant.uid("route-features"))
        .keyBy(PortfolioFeatures::portfolio)
        .process(new CrossAssetFunction(config.crossAsset(), config.portfolios()))
        .name(variant.name("align portfolio: cross-asset features"))
        .uid(variant.uid("cross-asset"));
  }

  /**
   * Which copy of an operator a graph builds: the live one ({@link #LIVE}: the released uids and
   * names), or another copy in the same job, whose uids and names carry a suffix so that they stay
   * unique (the backtest's look-ahead and baseline-strategy runs).
   *
   * @param suffix empty for the live copy, else lower-case words joined by hyphens
   */
  public record Variant(String suffix) {
    public static final Variant LIVE = new Variant("");

    public Variant {
      if (suffix == null || !suffix.matches("|[a-z0-9]+(-[a-z0-9]+)*")) {
        throw new IllegalArgumentException(
            "a variant is lower-case words joined by hyphens, got '" + suffix + "'");
      }
    }

    /** {@code uid}, or {@code uid-suffix}. */
    public String uid(String uid) {
      return suffix.isEmpty() ? uid : uid + "-" + suffix;
    }

    /** {@code name}, or {@code name [suffix]}. */
    public String name(String name) {
      return suffix.isEmpty() ? name : name + " [" + suffix + "]";
    }
  }

  /**
   * Ticks → decode → keyBy(symbol): event-time bars. Watermarks trail the newest tick by the tick
   * out-of-orderness, and a partition without ticks for the source idleness stops holding them
   * back, so a quiet partition or symbol does not stall the bars of the others.
   */
  private DataStream<Bar> barsFromTicks(
      StreamExecutionEnvironment env,
      Source<Decoded<Tick>, ?, ?> tickSource,
      boolean idleness,
      List<DataStream<Quarantined>> refused) {
    WatermarkStrategy<Decoded<Tick>> tickTime =
        WatermarkStrategy.<Decoded<Tick>>forBoundedOutOfOrderness(config.tickOutOfOrderness())
            // An undecodable record has no event time; it must not move the watermark.
            .withTimestampAssigner(
                (d, kafkaTime) -> d.isOk() ? d.value().eventTimeMillis() : Long.MIN_VALUE);
    if (idleness) {
      tickTime = tickTime.withIdleness(config.sourceIdleness());
    }
    SingleOutputStreamOperator<Tick> decodedTicks =
        env.fromSource(tickSource, tickTime, "ticks: md.ticks.v1")
            .uid("source-ticks")
            .process(new SplitDecoded<Tick>())
            .returns(Tick.class)
            .name("decode ticks")
            .uid("decode-ticks");
    refused.add(decodedTicks.getSideOutput(SplitDecoded.QUARANTINE));
    return aggregateTicks(decodedTicks, refused);
  }

  /** Ticks with event-time timestamps → keyBy(symbol): bars, the live job's aggregation. */
  private DataStream<Bar> aggregateTicks(
      DataStream<Tick> ticks, List<DataStream<Quarantined>> refused) {
    SingleOutputStreamOperator<Bar> tickBars =
        ticks
            .keyBy(Tick::symbol)
            .process(new TickAggregationFunction(config.tickBars(), Topic.TICKS.topicName()))
            .name("tick bar aggregation")
            .uid("tick-bar-aggregation");
    refused.add(tickBars.getSideOutput(TickAggregationFunction.QUARANTINE));
    return tickBars;
  }
}
