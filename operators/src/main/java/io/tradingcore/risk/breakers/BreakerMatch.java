package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns a breaker's match into its alert, counted in {@code breaker_alerts_total} with the label
 * {@code reason}: one process function for the portfolio and the market breakers.
 */
final class BreakerMatch<T> extends PatternProcessFunction<T, RiskAlert> {
  private static final long serialVersionUID = 1L;

  /** A match's alert. */
  @FunctionalInterface
  interface ToAlert<T> extends Serializable {
    RiskAlert alert(Map<String, List<T>> match);
  }

  private final RiskReason reason;
  private final ToAlert<T> toAlert;
  private transient Counter raised;

  BreakerMatch(RiskReason reason, ToAlert<T> toAlert) {
    this.reason = reason;
    this.toAlert = toAlert;
  }

  /** For {@link MarketBreakerPatterns#volatilitySpike()}. */
  static BreakerMatch<MarketReturnSignal> volatilitySpike() {
    return new BreakerMatch<>(
        RiskReason.VOLATILITY_SPIKE,
        match -> VolatilitySpikeBreaker.alert(match.get(MarketBreakerPatterns.SPIKE).get(0)));
  }

  /** For {@link MarketBreakerPatterns#priceJump()}. */
  static BreakerMatch<MarketBarSignal> priceJump() {
    return new BreakerMatch<>(
        RiskReason.PRICE_JUMP,
        match ->
            PriceJumpBreaker.alert(
                match.get(MarketBreakerPatterns.PREVIOUS).get(0),
                match.get(MarketBreakerPatterns.JUMP).get(0)));
  }

  /** For {@link MarketBreakerPatterns#feedDivergence()}. */
  static BreakerMatch<MarketFeedSignal> feedDivergence() {
    return new BreakerMatch<>(
        RiskReason.FEED_DIVERGENCE,
        match ->
            FeedDivergenceBreaker.alert(
                match.get(MarketBreakerPatterns.FIRST).get(0),
                match.get(MarketBreakerPatterns.SECOND).get(0)));
  }

  /** For {@link MarketBreakerPatterns#unusualVolume()}. */
  static BreakerMatch<MarketBarSignal> unusualVolume() {
    return new BreakerMatch<>(
        RiskReason.UNUSUAL_VOLUME,
        match -> UnusualVolumeBreaker.alert(match.get(MarketBreakerPatterns.BAR).get(0)));
  }

  @Override
  public void open(OpenContext context) {
    raised = BreakerMatch.counter(this, reason);
  }

  @Override
  public void processMatch(Map<String, List<T>> match, Context ctx, Collector<RiskAlert> out) {
    out.collect(toAlert.alert(match));
    raised.inc();
  }

  static Counter counter(PatternProcessFunction<?, ?> function, RiskReason reason) {
    return function
        .getRuntimeContext()
        .getMetricGroup()
        .addGroup("reason", reason.name())
        .counter("breaker_alerts_total");
  }
}
