package io.tradingcore.risk;

import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TradingState;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PortfolioRiskTest {

  @Test
  void passesAnOrderInsideEveryLimit() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    gate.bar(1, "AAPL", "100", "MSFT", "50");

    Order order = gate.target("AAPL", "40").orElseThrow();

    assertThat(order.side()).isEqualTo(Side.BUY);
    assertThat(order.quantity()).isEqualByComparingTo("40");
    assertThat(order.orderType()).isEqualTo(OrderType.MARKET);
    assertThat(order.sequence()).isEqualTo(1);
    assertThat(gate.violations).isEmpty();
  }

  @Test
  void aHaltedPortfolioSendsNothingUntilResume() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100").command(ControlCommand.KILL);

    assertThat(gate.state()).isEqualTo(TradingState.HALTED);
    assertThat(gate.target("AAPL", "40")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.TRADING_HALTED);

    gate.bar(2, "AAPL", "100").command(ControlCommand.RESUME);
    assertThat(gate.state()).isEqualTo(TradingState.ACTIVE);
    assertThat(gate.target("AAPL", "40")).isPresent();
    assertThat(gate.alerts(RiskReason.CONTROL_ACCEPTED)).hasSize(2);
    assertThat(gate.alerts(RiskReason.KILL_SWITCH))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.HALT);
              assertThat(a.tradingState()).isEqualTo(TradingState.HALTED);
            });
  }

  @Test
  void reducingLetsOnlyOrdersThatShrinkAPositionThrough() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100");
    gate.fill(gate.target("AAPL", "40").orElseThrow(), "100");
    gate.bar(2, "AAPL", "101").breaker(RiskReason.PROFIT_LOCK, Severity.REDUCE, null, 0);

    assertThat(gate.state()).isEqualTo(TradingState.REDUCING);
    assertThat(gate.target("AAPL", "60")).as("adding").isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.REDUCING_ONLY);
    assertThat(gate.target("AAPL", "-10")).as("crossing through zero").isEmpty();
    assertThat(gate.target("AAPL", "10")).as("reducing 40 → 10").isPresent();
  }

  @Test
  void aPausedSymbolRefusesEntriesButNotExitsUntilThePauseEnds() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    gate.bar(1, "AAPL", "100", "MSFT", "50");
    gate.fill(gate.target("AAPL", "40").orElseThrow(), "100");
    gate.bar(2, "AAPL", "100", "MSFT", "50")
        .breaker(RiskReason.STALE_FEED, Severity.PAUSE, "AAPL", minute(5));

    assertThat(gate.target("AAPL", "60")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.ENTRIES_PAUSED);
    assertThat(gate.target("MSFT", "10")).as("other symbols trade on").isPresent();
    assertThat(gate.target("AAPL", "0")).as("closing is allowed").isPresent();

    GateScenario later = GateScenario.trading("AAPL");
    later.bar(1, "AAPL", "100").breaker(RiskReason.PRICE_JUMP, Severity.PAUSE, "AAPL", minute(5));
    later.bar(4, "AAPL", "100");
    assertThat(later.target("AAPL", "10")).isEmpty();
    later.bar(5, "AAPL", "100");
    assertThat(later.target("AAPL", "10")).as("the pause ends at its until").isPresent();
  }

  @Test
  void aVolatilitySpikePausesEntriesOfTheWholePortfolio() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    gate.bar(1, "AAPL", "100", "MSFT", "50")
        .breaker(RiskReason.VOLATILITY_SPIKE, Severity.PAUSE, "AAPL", minute(16));

    assertThat(gate.target("MSFT", "10")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.ENTRIES_PAUSED);
    assertThat(gate.state()).as("a pause is not a state change").isEqualTo(TradingState.ACTIVE);
  }

  @Test
  void aPauseRaisedLaterInEventTimeDoesNotPauseEarlierDecisions() {
    // In a fast replay the breakers' path can run ahead of the strategy's: the gate hears of a
    // volatility spike at minute 20 while it still judges minute 2's targets.
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    gate.bar(2, "AAPL", "100", "MSFT", "50")
        .breakerAt(minute(20), RiskReason.VOLATILITY_SPIKE, Severity.PAUSE, "AAPL", minute(35))
        .breakerAt(minute(10), RiskReason.STALE_FEED, Severity.PAUSE, "MSFT", minute(25));

    gate.fill(gate.target("AAPL", "10").orElseThrow(), "100");
    gate.fill(gate.target("MSFT", "10").orElseThrow(), "50");

    gate.bar(12, "AAPL", "100", "MSFT", "50");
    gate.fill(
        gate.target("AAPL", "20").orElseThrow(() -> new AssertionError("minute 12: AAPL trades")),
        "100");
    assertThat(gate.target("MSFT", "20")).as("minute 12: MSFT is paused").isEmpty();
    assertThat(gate.lastViolation().explanation()).contains("new entries in MSFT are paused until");

    gate.bar(20, "AAPL", "100", "MSFT", "50");
    assertThat(gate.target("AAPL", "30")).as("minute 20: the spike pauses everything").isEmpty();
    assertThat(gate.lastViolation().explanation()).contains("new entries of main are paused until");

    gate.bar(35, "AAPL", "100", "MSFT", "50");
    assertThat(gate.target("AAPL", "30")).as("minute 35: both pauses are over").isPresent();
    assertThat(gate.target("MSFT", "30")).isPresent();
    assertThat(gate.risk().state().pauses).as("ended pauses are dropped").isEmpty();
  }

  @Test
  void refusesOrdersOutsideTheSymbolsSession() {
    TradingCalendar closesAfterMinute3 =
        new TradingCalendar() {
          @Override
          public String name() {
            return "test-session";
          }

          @Override
          public boolean isOpen(long t) {
            return t <= minute(3);
          }

          @Override
          public boolean isOpenDuring(long from, long to) {
            return from <= minute(3);
          }
        };
    GateScenario gate =
        GateScenario.trading("AAPL").sessions(MarketSessions.all(closesAfterMinute3));
    gate.bar(3, "AAPL", "100");
    gate.fill(gate.target("AAPL", "10").orElseThrow(), "100");

    gate.bar(4, "AAPL", "100");
    assertThat(gate.target("AAPL", "20")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.TRADING_SESSION);
  }

  @Test
  void refusesAPriceOutsideTheCollarAroundTheLastTrade() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    gate.bar(1, "AAPL", "100", "MSFT", "50");
    // A decision priced off a stale 98.9 while the last trade is 100: 1.1 % away, collar 1 %.
    Order order = gate.target("AAPL", "10").orElseThrow();
    assertThat(order.referencePrice()).isEqualByComparingTo("100");

    GateScenario stale = GateScenario.trading("AAPL");
    stale.bar(1, "AAPL", "100");
    stale
        .risk()
        .onTarget(
            new io.tradingcore.strategy.TargetPosition(
                "main", "AAPL", minute(1), BigDecimal.TEN, new BigDecimal("98.9"), "t", "r"),
            stale);
    assertThat(stale.orders).isEmpty();
    assertThat(stale.lastViolation().reason()).isEqualTo(RiskReason.PRICE_COLLAR);
    assertThat(stale.lastViolation().values().get("observed")).isEqualTo(0.011);
  }

  @Test
  void refusesTheSameOrderTwiceWithinTheDuplicateWindow() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100");
    Order first = gate.target("AAPL", "10").orElseThrow();
    gate.report(io.tradingcore.testing.TestReports.rejected(first));

    assertThat(gate.target("AAPL", "10")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.DUPLICATE_ORDER);

    gate.bar(2, "AAPL", "100");
    assertThat(gate.target("AAPL", "10")).as("a minute later it is a new order").isPresent();
  }

  @Test
  void limitsHowManyOrdersGoOutPerWindow() {
    GateScenario gate =
        GateScenario.trading("AAPL", "MSFT", "IBM").limit("max_orders_per_window", "2");
    gate.bar(1, "AAPL", "100", "MSFT", "50", "IBM", "120");
    gate.target("AAPL", "10").orElseThrow();
    gate.target("MSFT", "10").orElseThrow();

    assertThat(gate.target("IBM", "10")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.ORDER_RATE);

    gate.bar(2, "AAPL", "100", "MSFT", "50", "IBM", "120");
    assertThat(gate.target("IBM", "10")).as("the window moved on").isPresent();
  }

  @Test
  void afterTheDailyLossLimitOnlyExitsPass() {
    GateScenario gate =
        GateScenario.trading("AAPL", "MSFT").cash("10000").limit("daily_loss_limit", "0.01");
    gate.bar(1, "AAPL", "100", "MSFT", "50");
    gate.fill(gate.target("AAPL", "50").orElseThrow(), "100");
    // 50 × (100 − 97.9) = 105 lost plus the fee: −1.06 % of 10,000, under the 2 % drawdown.
    gate.bar(2, "AAPL", "97.9", "MSFT", "50");

    assertThat(gate.target("MSFT", "10")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.DAILY_LOSS);
    assertThat(gate.target("AAPL", "20")).as("reducing").isPresent();
  }

  @Test
  void capsGrossExposureAtAMultipleOfEquity() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT").limit("max_gross_exposure", "0.3");
    gate.bar(1, "AAPL", "100", "MSFT", "100");
    gate.fill(gate.target("AAPL", "200").orElseThrow(), "100");

    // 20,000 held + 15,000 more = 35,000 > 0.3 × ~99,996.
    assertThat(gate.target("MSFT", "150")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.GROSS_EXPOSURE);
    assertThat(gate.target("MSFT", "90")).as("29,000 fits").isPresent();
  }

  @Test
  void netExposureLetsAHedgeThroughThatGrossWouldCount() {
    GateScenario gate =
        GateScenario.trading("AAPL", "MSFT")
            .limit("max_net_exposure", "0.25")
            .limit("max_gross_exposure", "1");
    gate.bar(1, "AAPL", "100", "MSFT", "100");
    gate.fill(gate.target("AAPL", "200").orElseThrow(), "100");

    assertThat(gate.target("MSFT", "100")).as("net 30,000").isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.NET_EXPOSURE);
    assertThat(gate.target("MSFT", "-100")).as("net 10,000").isPresent();
  }

  @Test
  void capsOneSymbolsShareOfEquity() {
    GateScenario gate = GateScenario.trading("AAPL").limit("max_concentration", "0.1");
    gate.bar(1, "AAPL", "100");

    assertThat(gate.target("AAPL", "150")).as("15,000 of 100,000").isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.CONCENTRATION);
    assertThat(gate.target("AAPL", "90")).isPresent();
  }

  @Test
  void refusesToRepeatABetInACorrelatedSymbolButAllowsTheHedge() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT").correlation("AAPL", "MSFT", 0.9);
    gate.bar(1, "AAPL", "100", "MSFT", "100");
    gate.fill(gate.target("AAPL", "50").orElseThrow(), "100");
    gate.bar(2, "AAPL", "100", "MSFT", "100");

    assertThat(gate.target("MSFT", "50")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.CORRELATION);
    assertThat(gate.target("MSFT", "-50")).as("the hedge").isPresent();

    GateScenario inverse = GateScenario.trading("AAPL", "MSFT").correlation("AAPL", "MSFT", -0.9);
    inverse.bar(1, "AAPL", "100", "MSFT", "100");
    inverse.fill(inverse.target("AAPL", "50").orElseThrow(), "100");
    inverse.bar(2, "AAPL", "100", "MSFT", "100");
    assertThat(inverse.target("MSFT", "-50")).as("short an inverse twin: same bet").isEmpty();
    assertThat(inverse.target("MSFT", "50")).as("long an inverse twin: a hedge").isPresent();

    GateScenario loose = GateScenario.trading("AAPL", "MSFT").correlation("AAPL", "MSFT", 0.6);
    loose.bar(1, "AAPL", "100", "MSFT", "100");
    loose.fill(loose.target("AAPL", "50").orElseThrow(), "100");
    loose.bar(2, "AAPL", "100", "MSFT", "100");
    assertThat(loose.target("MSFT", "50")).as("0.6 is below 0.7").isPresent();
  }

  @Test
  void refusesAnOrderThatRaisesValueAtRiskPastTheLimit() {
    GateScenario gate = GateScenario.trading("AAPL").limit("var_limit", "0.005");
    // 40 bars alternating +2 % and −2 %: a long position loses 2 % in the 95 % tail.
    for (int i = 1; i <= 40; i++) {
      gate.bar(i, "AAPL", i % 2 == 0 ? "100" : "102");
    }
    gate.bar(41, "AAPL", "100");

    // 40,000 long: VaR ≈ 40,000 × 1.96 % = 784 > 500 (0.5 % of 100,000).
    assertThat(gate.target("AAPL", "400")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.VALUE_AT_RISK);
    // 20,000 long: VaR ≈ 392.
    assertThat(gate.target("AAPL", "200")).isPresent();
  }

  @Test
  void setLimitChangesAGateLimitAtRunTime() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100").setLimit("max_concentration", "0.05");

    assertThat(gate.target("AAPL", "60")).isEmpty();
    assertThat(gate.lastViolation().reason()).isEqualTo(RiskReason.CONCENTRATION);
    assertThat(gate.alerts(RiskReason.CONTROL_ACCEPTED).get(0).cause())
        .contains("max_concentration 0.5 → 0.05");
  }

  @Test
  void flattenClosesEveryPositionWithLimitOrdersInsideTheCollarAndHalts() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT").limit("max_gross_exposure", "2");
    gate.bar(1, "AAPL", "100", "MSFT", "50");
    gate.fill(gate.target("AAPL", "40").orElseThrow(), "100");
    gate.fill(gate.target("MSFT", "-30").orElseThrow(), "50");
    gate.bar(2, "AAPL", "101", "MSFT", "49").command(ControlCommand.FLATTEN);

    assertThat(gate.state()).isEqualTo(TradingState.HALTED);
    java.util.List<Order> closing = gate.orders.subList(2, gate.orders.size());
    assertThat(closing).hasSize(2);
    Order aapl = closing.get(0);
    assertThat(aapl.side()).isEqualTo(Side.SELL);
    assertThat(aapl.quantity()).isEqualByComparingTo("40");
    assertThat(aapl.orderType()).isEqualTo(OrderType.LIMIT);
    assertThat(aapl.limitPrice()).as("101 × 0.99").isEqualByComparingTo("99.99");
    Order msft = closing.get(1);
    assertThat(msft.side()).isEqualTo(Side.BUY);
    assertThat(msft.limitPrice()).as("49 × 1.01").isEqualByComparingTo("49.49");

    assertThat(gate.target("AAPL", "100")).as("no entries while halted").isEmpty();
    gate.fill(aapl, "100.5").fill(msft, "49.2");
    gate.bar(3, "AAPL", "101", "MSFT", "49");
    assertThat(gate.position("AAPL")).isZero();
    assertThat(gate.position("MSFT")).isZero();
    assertThat(gate.alerts(RiskReason.FLATTEN))
        .extracting(RiskAlert::severity)
        .containsExactly(Severity.HALT, Severity.INFO);
    assertThat(gate.orders).hasSize(4);
  }

  @Test
  void theDrawdownLimitFlattensAndHaltsOnce() {
    GateScenario gate = GateScenario.trading("AAPL").cash("10000");
    gate.bar(1, "AAPL", "100");
    gate.fill(gate.target("AAPL", "50").orElseThrow(), "100");
    gate.bar(2, "AAPL", "99");
    assertThat(gate.state()).isEqualTo(TradingState.ACTIVE);

    // 50 × (100 − 95.9) = 205 + 0.81 fees ≥ 2 % of the 10,000 high-water mark.
    gate.bar(3, "AAPL", "95.9");

    assertThat(gate.state()).isEqualTo(TradingState.HALTED);
    assertThat(gate.alerts(RiskReason.DRAWDOWN))
        .singleElement()
        .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.HALT));
    Order close = gate.orders.get(1);
    assertThat(close.side()).isEqualTo(Side.SELL);
    assertThat(close.quantity()).isEqualByComparingTo("50");
    gate.bar(4, "AAPL", "95");
    assertThat(gate.orders).as("one closing order while it works").hasSize(2);
    assertThat(gate.alerts(RiskReason.DRAWDOWN)).as("raised once").hasSize(1);
  }

  @Test
  void aBreakerHaltStopsEntriesAndSaysWhy() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100").breaker(RiskReason.REJECT_BURST, Severity.HALT, null, 0);

    assertThat(gate.state()).isEqualTo(TradingState.HALTED);
    assertThat(gate.alerts(RiskReason.REJECT_BURST))
        .singleElement()
        .satisfies(a -> assertThat(a.tradingState()).isEqualTo(TradingState.HALTED));
    assertThat(gate.target("AAPL", "10")).isEmpty();
  }

  @Test
  void repeatedDenialsAreCountedEveryTimeButReportedOncePerQuarterHour() {
    GateScenario gate = GateScenario.trading("AAPL");
    gate.bar(1, "AAPL", "100").command(ControlCommand.KILL);
    for (int minute = 1; minute <= 20; minute++) {
      gate.bar(minute, "AAPL", "100");
      gate.target("AAPL", "10");
    }

    assertThat(gate.violations).hasSize(20);
    assertThat(gate.alerts(RiskReason.TRADING_HALTED)).as("minutes 1 and 16").hasSize(2);
  }
}
