package io.tradingcore.risk.breakers;

import static java.util.Objects.requireNonNull;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The circuit breakers that watch market data: Flink CEP patterns keyed by symbol in event time,
 * with job-wide thresholds that a SET_LIMIT changes at run time.
 *
 * <pre>
 * gated bars ─┐
 * features ───┼─► keyBy(symbol) ─► signals with thresholds ─┬─► stale feed     (CEP, timeouts)
 * feed bars ──┤     (commands broadcast)                      ├─► price jump     (CEP)
 * tick bars ──┘                                               ├─► unusual volume (CEP)
 *                                                             ├─► volatility     (CEP, on RETURNS)
 *                                                             └─► divergence     (CEP, on FEEDS)
 * </pre>
 *
 * Every alert is a {@link RiskAlert} from {@value MarketAlerts#ORIGIN} for portfolio {@code *}; the
 * job fans it out to the portfolios that trade the symbol. Operator uids: {@value #INPUT_BARS},
 * {@value #INPUT_FEATURES}, {@value #INPUT_FEED_BARS}, {@value #INPUT_TICK_BARS}, {@value
 * #COMMANDS}, {@value #SIGNALS}, {@value #VOLATILITY_SPIKE}, {@value #STALE_FEED}, {@value
 * #PRICE_JUMP}, {@value #FEED_DIVERGENCE}, {@value #UNUSUAL_VOLUME}.
 */
public final class MarketBreakers {
  public static final String INPUT_BARS = "breaker-input-bars";
  public static final String INPUT_FEATURES = "breaker-input-features";
  public static final String INPUT_FEED_BARS = "breaker-input-feed-bars";
  public static final String INPUT_TICK_BARS = "breaker-input-tick-bars";
  public static final String COMMANDS = "breaker-commands";
  public static final String SIGNALS = "breaker-market-signals";
  public static final String VOLATILITY_SPIKE = "breaker-volatility-spike";
  public static final String STALE_FEED = "breaker-stale-feed";
  public static final String PRICE_JUMP = "breaker-price-jump";
  public static final String FEED_DIVERGENCE = "breaker-feed-divergence";
  public static final String UNUSUAL_VOLUME = "breaker-unusual-volume";

  private static final TypeInformation<RiskAlert> ALERT = TypeInformation.of(RiskAlert.class);

  private MarketBreakers() {}

  /**
   * Attaches the five market breakers.
   *
   * @param bars bars the quality gate accepted, timestamped at their end, with watermarks
   * @param features the features of those bars
   * @param feedBars the bar feed's bars before the gate, or {@code null}
   * @param tickBars the bars built from ticks before the gate, or {@code null}; the feed-divergence
   *     breaker compares the two and watches nothing when either is missing
   * @param commands verified operator commands; SET_LIMITs of market-breaker parameters apply
   * @param limits the thresholds before any SET_LIMIT; {@code stale_feed_after} is the stale
   *     pattern's window, fixed for the job's life
   * @param sessions each symbol's trading calendar: silence outside it is not stale
   * @return every breaker's alerts, PAUSE and INFO
   */
  public static DataStream<RiskAlert> attach(
      DataStream<Bar> bars,
      DataStream<BarFeatures> features,
      DataStream<Bar> feedBars,
      DataStream<Bar> tickBars,
      DataStream<OperatorCommand> commands,
      RiskLimits limits,
      MarketSessions sessions) {
    return detect(annotate(bars, features, feedBars, tickBars, commands, limits), limits, sessions);
  }

  /**
   * The first half of {@link #attach}: the signals with the thresholds in force, keyed by symbol.
   * Late records are on the result's side output {@link MarketSignalFunction#LATE}.
   */
  public static SingleOutputStreamOperator<MarketBarSignal> annotate(
      DataStream<Bar> bars,
      DataStream<BarFeatures> features,
      DataStream<Bar> feedBars,
      DataStream<Bar> tickBars,
      DataStream<OperatorCommand> commands,
      RiskLimits limits) {
    requireNonNull(bars, "bars");
    requireNonNull(features, "features");
    requireNonNull(commands, "commands");
    requireNonNull(limits, "limits");
    DataStream<MarketBreakerInput> inputs =
        bars.map(MarketBreakerInput::gated)
            .returns(MarketBreakerInput.class)
            .name("market breakers: gated bars")
            .uid(INPUT_BARS)
            .union(
                features
                    .map(MarketBreakerInput::features)
                    .returns(MarketBreakerInput.class)
                    .name("market breakers: features")
                    .uid(INPUT_FEATURES));
    if (feedBars != null && tickBars != null) {
      inputs =
          inputs.union(
              feedBars
                  .map(MarketBreakerInput::feedBar)
                  .returns(MarketBreakerInput.class)
                  .name("market breakers: bar feed before the gate")
                  .uid(INPUT_FEED_BARS),
              tickBars
                  .map(MarketBreakerInput::tickBar)
                  .returns(MarketBreakerInput.class)
                  .name("market breakers: tick bars before the gate")
                  .uid(INPUT_TICK_BARS));
    }
    DataStream<OperatorCommand> control =
        commands
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.forGenerator(context -> new CommandsCarryNoMarketTime()))
            .name("market breakers: commands carry no market time")
            .uid(COMMANDS);
    return inputs
        .keyBy(MarketBreakerInput::symbol)
        .connect(control.broadcast(MarketSignalFunction.LIMITS))
        .process(new MarketSignalFunction(limits))
        .name("market breakers: signals with thresholds")
        .uid(SIGNALS);
  }

  /**
   * The second half of {@link #attach}: the five patterns over {@link #annotate}'s signals, which
   * must be that operator's output as it is (its partitioning by symbol is relied on: the patterns
   * are chained with it).
   */
  public static DataStream<RiskAlert> detect(
      SingleOutputStreamOperator<MarketBarSignal> signals,
      RiskLimits limits,
      MarketSessions sessions) {
    requireNonNull(sessions, "sessions");
    // The signals step is keyed by symbol and emits each signal on its symbol's subtask, so its
    // outputs are keyed by symbol already: read as such, the patterns run chained with it, in its
    // thread, instead of a network hop and a copy of every signal per pattern.
    KeyedStream<MarketBarSignal, String> bars = bySymbol(signals, MarketBarSignal::symbol);
    KeyedStream<MarketReturnSignal, String> returns =
        bySymbol(signals.getSideOutput(MarketSignalFunction.RETURNS), MarketReturnSignal::symbol);
    KeyedStream<MarketFeedSignal, String> feeds =
        bySymbol(signals.getSideOutput(MarketSignalFunction.FEEDS), MarketFeedSignal::symbol);

    SingleOutputStreamOperator<RiskAlert> volatility =
        cep(returns, MarketBreakerPatterns.volatilitySpike())
            .process(BreakerMatch.volatilitySpike(), ALERT)
            .name("breaker: volatility spike (CEP)")
            .uid(VOLATILITY_SPIKE);
    SingleOutputStreamOperator<RiskAlert> stale =
        cep(bars, MarketBreakerPatterns.staleFeed(limits.duration(RiskParameter.STALE_FEED_AFTER)))
            .process(new StaleFeedFunction(sessions), ALERT)
            .name("breaker: stale feed (CEP)")
            .uid(STALE_FEED);
    SingleOutputStreamOperator<RiskAlert> priceJump =
        cep(bars, MarketBreakerPatterns.priceJump())
            .process(BreakerMatch.priceJump(), ALERT)
            .name("breaker: price jump (CEP)")
            .uid(PRICE_JUMP);
    SingleOutputStreamOperator<RiskAlert> divergence =
        cep(feeds, MarketBreakerPatterns.feedDivergence())
            .process(BreakerMatch.feedDivergence(), ALERT)
            .name("breaker: feed divergence (CEP)")
            .uid(FEED_DIVERGENCE);
    SingleOutputStreamOperator<RiskAlert> volume =
        cep(bars, MarketBreakerPatterns.unusualVolume())
            .process(BreakerMatch.unusualVolume(), ALERT)
            .name("breaker: unusual volume (CEP)")
            .uid(UNUSUAL_VOLUME);
    return volatility.union(
        stale.getSideOutput(StaleFeedFunction.ALERTS), priceJump, divergence, volume);
  }

  private static <T> KeyedStream<T, String> bySymbol(
      DataStream<T> keyedBySymbol, KeySelector<T, String> symbol) {
    return DataStreamUtils.reinterpretAsKeyedStream(keyedBySymbol, symbol, Types.STRING);
  }

  private static <T> PatternStream<T> cep(KeyedStream<T, String> input, Pattern<T, ?> pattern) {
    return CEP.pattern(input, pattern).inEventTime();
  }

  /**
   * Operator commands are not market data: their input is marked idle for good, so the watermark of
   * the signals is the market data's alone. (A watermark at the end of time would do the same while
   * market data flows, but would become the operator's watermark the moment every market partition
   * went idle, say overnight, and make every later bar late.) Idleness is re-asserted at each
   * periodic emission and with each command.
   */
  private static final class CommandsCarryNoMarketTime
      implements WatermarkGenerator<OperatorCommand> {
    @Override
    public void onEvent(OperatorCommand command, long timestamp, WatermarkOutput output) {
      output.markIdle();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }
}
