package io.tradingcore.risk.breakers;

import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The market breakers' CEP patterns, keyed by symbol in event time. Their shapes are fixed; every
 * threshold a condition compares with travels on the event ({@link MarketThresholds}), so a
 * SET_LIMIT never rebuilds a pattern nor drops a partial match. Each keeps at most one or two
 * partial matches per symbol.
 */
public final class MarketBreakerPatterns {
  public static final String SPIKE = "spike";
  public static final String LAST = "last";
  public static final String NEXT = "next";
  public static final String PREVIOUS = "previous";
  public static final String JUMP = "jump";
  public static final String FIRST = "first";
  public static final String SECOND = "second";
  public static final String BAR = "bar";

  /** Bars of the same interval carry the same timestamp (their end): pair them at that instant. */
  static final Duration SAME_INSTANT = Duration.ofMillis(1);

  private MarketBreakerPatterns() {}

  /** One warm return beyond k σ of the returns before it. */
  public static Pattern<MarketReturnSignal, ?> volatilitySpike() {
    return Pattern.<MarketReturnSignal>begin(SPIKE)
        .where(SimpleCondition.of(VolatilitySpikeBreaker::trips));
  }

  /**
   * A bar, then the symbol's next bar within {@code staleAfter}. Nothing is done with a match (the
   * feed moved on); a partial match that times out is a silence of {@code staleAfter} after {@link
   * #LAST}, handled by {@link StaleFeedFunction}. Each bar ends the previous bar's partial match
   * and starts its own, so a silence times out once.
   */
  public static Pattern<MarketBarSignal, ?> staleFeed(Duration staleAfter) {
    return Pattern.<MarketBarSignal>begin(LAST).next(NEXT).within(staleAfter);
  }

  /**
   * Two consecutive bars, the second beyond {@code price_jump} of the first. Strict contiguity:
   * only the very next bar is compared, and every bar starts the next comparison.
   */
  public static Pattern<MarketBarSignal, ?> priceJump() {
    return Pattern.<MarketBarSignal>begin(PREVIOUS).next(JUMP).where(new JumpsFromPrevious());
  }

  /**
   * A bar of one feed, then the same interval's bar of the other feed whose close diverges. Both
   * carry the interval's end as their timestamp, so a partial match lives for one instant; after a
   * match, partial matches begun before its last event are dropped, so a duplicate of the first bar
   * does not raise the same divergence twice.
   */
  public static Pattern<MarketFeedSignal, ?> feedDivergence() {
    return Pattern.<MarketFeedSignal>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
        .followedBy(SECOND)
        .where(new DivergesFromFirst())
        .within(SAME_INSTANT);
  }

  /** One bar with a volume beyond the multiple of the mean before it. */
  public static Pattern<MarketBarSignal, ?> unusualVolume() {
    return Pattern.<MarketBarSignal>begin(BAR)
        .where(SimpleCondition.of(UnusualVolumeBreaker::trips));
  }

  private static final class JumpsFromPrevious extends IterativeCondition<MarketBarSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(MarketBarSignal current, Context<MarketBarSignal> ctx) throws Exception {
      for (MarketBarSignal previous : ctx.getEventsForPattern(PREVIOUS)) {
        return PriceJumpBreaker.trips(previous, current);
      }
      return false;
    }
  }

  private static final class DivergesFromFirst extends IterativeCondition<MarketFeedSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(MarketFeedSignal second, Context<MarketFeedSignal> ctx) throws Exception {
      for (MarketFeedSignal first : ctx.getEventsForPattern(FIRST)) {
        return FeedDivergenceBreaker.trips(first, second);
      }
      return false;
    }
  }
}
