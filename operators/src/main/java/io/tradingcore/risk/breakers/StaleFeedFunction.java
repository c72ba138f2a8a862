package io.tradingcore.risk.breakers;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stale-feed breaker's end of {@link MarketBreakerPatterns#staleFeed}: a bar followed by the
 * next is the feed moving on (nothing to do); a partial match that timed out is a silence of the
 * pattern's window after the symbol's last bar, a PAUSE when the symbol's session was open at some
 * instant of it. CEP hands timed-out partial matches only to side outputs, so the alerts leave on
 * {@link #ALERTS}, timestamped at the end of the window.
 *
 * <p>The timeout fires when the watermark passes the window's end, and the watermark moves only
 * with data: it takes other symbols' bars (or idle-marked partitions) to notice a silent one, and a
 * feed that stops entirely stops event time with it, so this breaker cannot see it. At the end of a
 * bounded input, Flink moves event time to its end, so every symbol whose session was open after
 * its last bar is reported once, after that bar.
 */
public final class StaleFeedFunction extends PatternProcessFunction<MarketBarSignal, RiskAlert>
    implements TimedOutPartialMatchHandler<MarketBarSignal> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<RiskAlert> ALERTS =
      new OutputTag<>("market-breaker-stale-feed", TypeInformation.of(RiskAlert.class));

  private final MarketSessions sessions;
  private transient Counter raised;

  public StaleFeedFunction(MarketSessions sessions) {
    this.sessions = requireNonNull(sessions, "sessions");
  }

  @Override
  public void open(OpenContext context) {
    raised = BreakerMatch.counter(this, RiskReason.STALE_FEED);
  }

  @Override
  public void processMatch(
      Map<String, List<MarketBarSignal>> match, Context ctx, Collector<RiskAlert> out) {
    // The next bar came in time.
  }

  @Override
  public void processTimedOutMatch(Map<String, List<MarketBarSignal>> match, Context ctx) {
    MarketBarSignal last = match.get(MarketBreakerPatterns.LAST).get(0);
    long silentUntil = ctx.timestamp();
    if (StaleFeedBreaker.trips(last, silentUntil, sessions.of(last.symbol()))) {
      ctx.output(ALERTS, StaleFeedBreaker.alert(last, silentUntil));
      raised.inc();
    }
  }
}
