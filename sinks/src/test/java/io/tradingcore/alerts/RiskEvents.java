package io.tradingcore.alerts;

import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.TradingState;
import java.time.Instant;
import java.util.Map;

/** Risk events as the trading job raises them, for the alerts tests. */
public final class RiskEvents {
  /** 15:31 UTC on Monday 2019-02-04, a bar of the bundled real data. */
  public static final Instant MARKET_TIME = Instant.parse("2019-02-04T15:31:00Z");

  private RiskEvents() {}

  /** The drawdown limit tripped: flatten and halt (what the gate raises). */
  public static RiskEvent drawdownHalt(String portfolio) {
    return base("gate-" + portfolio + "-DRAWDOWN-1549294260000", portfolio)
        .setReason(RiskReason.DRAWDOWN)
        .setSeverity(Severity.HALT)
        .setCause(
            "equity 97800.00 is 2.20 % below its high-water mark 100000.00, the limit is 2.00 %:"
                + " flattening every position and halting")
        .setValues(Map.of("observed", 0.022, "limit", 0.02))
        .setTradingState(TradingState.HALTED)
        .build();
  }

  /** A stale feed pauses entries in one symbol of every portfolio until a time. */
  public static RiskEvent staleFeedPause(String symbol) {
    return base("market-STALE_FEED-" + symbol + "-1549294260000", "*")
        .setSymbol(symbol)
        .setReason(RiskReason.STALE_FEED)
        .setSeverity(Severity.PAUSE)
        .setCause("no bar of " + symbol + " for 5 minutes")
        .setValues(Map.of("until", (double) MARKET_TIME.plusSeconds(900).toEpochMilli()))
        .setCausationId(symbol + "@1549294260000")
        .build();
  }

  /** An order refused because the portfolio is halted: a consequence, not news. */
  public static RiskEvent haltedDenial(String portfolio, String clientOrderId) {
    return base("gate-" + portfolio + "-TRADING_HALTED-" + clientOrderId, portfolio)
        .setSymbol("AAPL")
        .setReason(RiskReason.TRADING_HALTED)
        .setSeverity(Severity.DENY)
        .setCause("portfolio " + portfolio + " is HALTED")
        .setCausationId(clientOrderId)
        .setTradingState(TradingState.HALTED)
        .build();
  }

  /** An operator's RESUME: trading state back to ACTIVE. */
  public static RiskEvent resume(String portfolio, String commandId) {
    return base("gate-" + portfolio + "-TRADING_STATE-" + commandId, portfolio)
        .setReason(RiskReason.TRADING_STATE)
        .setSeverity(Severity.INFO)
        .setCause("HALTED → ACTIVE after RESUME by alice: losses understood")
        .setCausationId(commandId)
        .setTradingState(TradingState.ACTIVE)
        .build();
  }

  /** The gate's acknowledgement of a command: left out by default. */
  public static RiskEvent controlAccepted(String portfolio, String commandId) {
    return base("gate-" + portfolio + "-CONTROL_ACCEPTED-" + commandId, portfolio)
        .setReason(RiskReason.CONTROL_ACCEPTED)
        .setSeverity(Severity.INFO)
        .setCause("RESUME by alice: losses understood")
        .setCausationId(commandId)
        .setTradingState(TradingState.ACTIVE)
        .build();
  }

  /** An order over the position limit. */
  public static RiskEvent positionLimitDenial(String portfolio) {
    return base("gate-" + portfolio + "-POSITION_LIMIT-o7", portfolio)
        .setSymbol("MSFT")
        .setReason(RiskReason.POSITION_LIMIT)
        .setSeverity(Severity.DENY)
        .setCause("position 1200 would exceed the limit 1000")
        .setValues(Map.of("observed", 1200.0, "limit", 1000.0))
        .setCausationId("o7")
        .setTradingState(TradingState.ACTIVE)
        .build();
  }

  private static RiskEvent.Builder base(String eventId, String portfolio) {
    return RiskEvent.newBuilder()
        .setEventId(eventId)
        .setPortfolio(portfolio)
        .setSymbol(null)
        .setValues(Map.of())
        .setCausationId(null)
        .setTradingState(null)
        .setTsEvent(MARKET_TIME)
        .setTsInit(MARKET_TIME);
  }
}
