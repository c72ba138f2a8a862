package io.tradingcore.execution;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.execution.PaperFillModel.Outcome;
import io.tradingcore.execution.PaperFillModel.PaperFill;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.testing.TestBars;
import io.tradingcore.testing.TestOrders;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperFillModelTest {
  private static final long DECIDED = minute(3);

  private final PaperFillModel model = PaperFillModel.DEFAULT;

  @Test
  void neverFillsOnTheBarTheDecisionWasTakenOn() {
    SimulatedOrder order = working(market(Side.BUY, "100"));

    assertThat(model.onBar(order, bar("AAPL").atMinute(3).build())).isEqualTo(Outcome.NOTHING);
    assertThat(order.filledQuantity()).isEqualByComparingTo("0");
  }

  @Test
  void fillsAtTheOpenOfTheNextBarWithTheCostModelFee() {
    SimulatedOrder order = working(market(Side.BUY, "100"));

    PaperFill fill = fillOn(order, bar("AAPL").atMinute(4).ohlc("150", "151", "149", "150.5"));

    assertThat(fill.price()).isEqualByComparingTo("150");
    assertThat(fill.quantity()).isEqualByComparingTo("100");
    // 15,000 × (1.0 + 0.5 × 0.15) bp = 1.6125 → 1.61
    assertThat(fill.fee()).isEqualByComparingTo("1.61");
    assertThat(fill.tsEvent()).isEqualTo(minute(3));
    assertThat(order.leavesQuantity()).isEqualByComparingTo("0");
  }

  @Test
  void ignoresOtherSymbols() {
    assertThat(model.onBar(working(market(Side.BUY, "100")), bar("MSFT").atMinute(4).build()))
        .isEqualTo(Outcome.NOTHING);
  }

  @Test
  void fillsAtMostTenPercentOfEachBarsVolumeAndAveragesThePrice() {
    SimulatedOrder order = working(market(Side.BUY, "100"));

    PaperFill first = fillOn(order, bar("AAPL").atMinute(4).flatAt("150").volume("600"));
    assertThat(order.leavesQuantity()).isEqualByComparingTo("40");
    PaperFill second = fillOn(order, bar("AAPL").atMinute(5).flatAt("151").volume("300"));
    assertThat(order.averagePrice()).isEqualByComparingTo("150.33333333");
    PaperFill third = fillOn(order, bar("AAPL").atMinute(6).flatAt("152").volume("5000"));

    assertThat(List.of(first.quantity(), second.quantity(), third.quantity()))
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("60"), new BigDecimal("30"), new BigDecimal("10"));
    // 9,000 × 1.045 bp = 0.9405; 4,530 × 1.02265 bp = 0.4633; 1,520 × 1.0076 bp = 0.1532
    assertThat(List.of(first.fee(), second.fee(), third.fee()))
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.94"), new BigDecimal("0.46"), new BigDecimal("0.15"));
    // (9,000 + 4,530 + 1,520) / 100
    assertThat(order.averagePrice()).isEqualByComparingTo("150.5");
    assertThat(order.fees()).isEqualByComparingTo("1.55");
    assertThat(order.leavesQuantity()).isEqualByComparingTo("0");
  }

  @Test
  void roundsTheParticipationDownToTheOrdersDecimalsAndFillsNothingOnAZeroVolumeBar() {
    SimulatedOrder shares = working(market(Side.BUY, "100"));
    SimulatedOrder coins = working(market(Side.BUY, "100.000"));

    assertThat(model.onBar(shares, bar("AAPL").atMinute(4).volume("0").build()))
        .isEqualTo(Outcome.NOTHING);
    assertThat(fillOn(shares, bar("AAPL").atMinute(5).volume("55")).quantity())
        .isEqualByComparingTo("5");
    assertThat(fillOn(coins, bar("AAPL").atMinute(5).volume("55")).quantity())
        .isEqualByComparingTo("5.5");
  }

  @Test
  void takesTheParticipationCapFromConfiguration() {
    PaperFillModel quarter = PaperFillModel.withParticipation(new BigDecimal("0.25"));
    SimulatedOrder order = working(market(Side.BUY, "100"));

    assertThat(
            quarter.onBar(order, bar("AAPL").atMinute(4).volume("200").build()).fill().quantity())
        .isEqualByComparingTo("50");
  }

  @Test
  void fillsALimitSellAtTheOpenWhenTheOpenIsBetter() {
    SimulatedOrder sell = working(limit(Side.SELL, "148.5"));

    assertThat(fillOn(sell, bar("AAPL").atMinute(4).ohlc("149", "149.5", "147", "148")).price())
        .isEqualByComparingTo("149");
  }

  @Test
  void fillsALimitSellAtItsLimitWhenTheBarRisesToIt() {
    SimulatedOrder sell = working(limit(Side.SELL, "148.5"));

    assertThat(fillOn(sell, bar("AAPL").atMinute(4).ohlc("148", "148.7", "147", "148")).price())
        .isEqualByComparingTo("148.5");
  }

  @Test
  void leavesALimitOrderWorkingWhenTheBarNeverReachesIt() {
    SimulatedOrder sell = working(limit(Side.SELL, "148.5"));
    SimulatedOrder buy = working(limit(Side.BUY, "146"));
    Bar quiet = bar("AAPL").atMinute(4).ohlc("148", "148.4", "147", "148").build();

    assertThat(model.onBar(sell, quiet)).isEqualTo(Outcome.NOTHING);
    assertThat(model.onBar(buy, quiet)).isEqualTo(Outcome.NOTHING);
    assertThat(fillOn(buy, bar("AAPL").atMinute(5).ohlc("147", "147", "145", "146")).price())
        .isEqualByComparingTo("146");
  }

  @Test
  void aSellStopFillsAtTheStopWhenTheBarTradesThroughIt() {
    SimulatedOrder stop = working(stop(Side.SELL, "148"));

    assertThat(
            model.onBar(stop, bar("AAPL").atMinute(4).ohlc("149", "150", "148.5", "149").build()))
        .isEqualTo(Outcome.NOTHING);
    assertThat(stop.isTriggered()).isFalse();
    assertThat(fillOn(stop, bar("AAPL").atMinute(5).ohlc("149", "149", "147", "147.5")).price())
        .isEqualByComparingTo("148");
  }

  @Test
  void aStopFillsAtTheOpenWhenTheBarGapsThroughIt() {
    SimulatedOrder sell = working(stop(Side.SELL, "148"));
    SimulatedOrder buy = working(stop(Side.BUY, "152"));

    assertThat(fillOn(sell, bar("AAPL").atMinute(4).ohlc("146", "147", "145", "146")).price())
        .isEqualByComparingTo("146");
    assertThat(fillOn(buy, bar("AAPL").atMinute(4).ohlc("153.2", "154", "153", "153")).price())
        .isEqualByComparingTo("153.2");
  }

  @Test
  void aTriggeredStopFillsTheRestAtLaterOpens() {
    SimulatedOrder stop = working(stop(Side.SELL, "148"));

    fillOn(stop, bar("AAPL").atMinute(4).ohlc("149", "149", "147", "147").volume("500"));
    PaperFill rest = fillOn(stop, bar("AAPL").atMinute(5).ohlc("146.5", "147", "146", "147"));

    assertThat(rest.quantity()).isEqualByComparingTo("50");
    assertThat(rest.price()).isEqualByComparingTo("146.5");
    // (50 × 148 + 50 × 146.5) / 100
    assertThat(stop.averagePrice()).isEqualByComparingTo("147.25");
  }

  @Test
  void aStopLimitTriggersThenFillsOnlyWithinItsLimit() {
    SimulatedOrder reaches = working(stopLimit(Side.SELL, "148", "147.5"));
    SimulatedOrder waits = working(stopLimit(Side.SELL, "148", "147.5"));

    // Gaps to 146 (triggered), then trades back up to the limit.
    assertThat(fillOn(reaches, bar("AAPL").atMinute(4).ohlc("146", "147.8", "145", "147")).price())
        .isEqualByComparingTo("147.5");
    // Gaps to 146 and never reaches 147.5: triggered, working as a limit.
    assertThat(model.onBar(waits, bar("AAPL").atMinute(4).ohlc("146", "147", "145", "147").build()))
        .isEqualTo(Outcome.NOTHING);
    assertThat(waits.isTriggered()).isTrue();
    assertThat(fillOn(waits, bar("AAPL").atMinute(5).ohlc("148", "148.2", "147.9", "148")).price())
        .isEqualByComparingTo("148");
  }

  @Test
  void aTrailingStopRatchetsWithTheBestPriceAndFillsWhenPriceFallsBack() {
    SimulatedOrder trailing =
        working(market(Side.SELL, "100").withTrail(new BigDecimal("2.00"), null));
    assertThat(trailing.trailingStop()).as("150 − 2").isEqualByComparingTo("148");

    assertThat(
            model.onBar(
                trailing, bar("AAPL").atMinute(4).ohlc("150", "153", "149.5", "152.5").build()))
        .isEqualTo(Outcome.NOTHING);
    assertThat(trailing.trailingStop()).as("153 − 2").isEqualByComparingTo("151");
    assertThat(
            fillOn(trailing, bar("AAPL").atMinute(5).ohlc("152.5", "152.8", "150.5", "150.6"))
                .price())
        .isEqualByComparingTo("151");
  }

  @Test
  void aPercentTrailingStopGapsThroughAtTheOpen() {
    SimulatedOrder trailing =
        working(market(Side.SELL, "100").withTrail(null, new BigDecimal("1")));
    assertThat(trailing.trailingStop()).as("150 × 0.99").isEqualByComparingTo("148.5");

    model.onBar(trailing, bar("AAPL").atMinute(4).ohlc("150", "160", "149", "159").build());
    assertThat(trailing.trailingStop()).as("160 × 0.99").isEqualByComparingTo("158.4");
    assertThat(fillOn(trailing, bar("AAPL").atMinute(5).ohlc("157", "158", "156", "157")).price())
        .isEqualByComparingTo("157");
  }

  @Test
  void aBuyTrailingStopFollowsTheLow() {
    SimulatedOrder trailing =
        working(market(Side.BUY, "100").withTrail(new BigDecimal("1.5"), null));

    model.onBar(trailing, bar("AAPL").atMinute(4).ohlc("149", "150", "146", "146.5").build());
    assertThat(trailing.trailingStop()).as("146 + 1.5").isEqualByComparingTo("147.5");
    assertThat(fillOn(trailing, bar("AAPL").atMinute(5).ohlc("147", "148", "146.8", "148")).price())
        .isEqualByComparingTo("147.5");
  }

  @Test
  void iocFillsWhatItsFirstBarAllowsAndExpiresTheRest() {
    SimulatedOrder ioc = working(market(Side.BUY, "100", TimeInForce.IOC));

    Outcome outcome = model.onBar(ioc, bar("AAPL").atMinute(4).flatAt("150").volume("500").build());

    assertThat(outcome.fill().quantity()).isEqualByComparingTo("50");
    assertThat(outcome.expired()).contains("IOC").contains("50");
    assertThat(ioc.leavesQuantity()).isEqualByComparingTo("50");
  }

  @Test
  void iocExpiresWhollyWhenItsLimitIsNotReachedOnTheFirstBar() {
    SimulatedOrder ioc =
        working(TestOrders.withTimeInForce(limit(Side.BUY, "140"), TimeInForce.IOC));

    Outcome outcome = model.onBar(ioc, bar("AAPL").atMinute(4).flatAt("150").build());

    assertThat(outcome.fill()).isNull();
    assertThat(outcome.isExpired()).isTrue();
  }

  @Test
  void fokFillsAllOnItsFirstBarOrNothing() {
    SimulatedOrder tooBig = working(market(Side.BUY, "100", TimeInForce.FOK));
    SimulatedOrder fits = working(market(Side.BUY, "100", TimeInForce.FOK));

    Outcome refused =
        model.onBar(tooBig, bar("AAPL").atMinute(4).flatAt("150").volume("999").build());
    Outcome filled =
        model.onBar(fits, bar("AAPL").atMinute(4).flatAt("150").volume("1000").build());

    assertThat(refused.fill()).isNull();
    assertThat(refused.expired()).contains("FOK").contains("room 99");
    assertThat(tooBig.filledQuantity()).isEqualByComparingTo("0");
    assertThat(filled.fill().quantity()).isEqualByComparingTo("100");
    assertThat(filled.isExpired()).isFalse();
  }

  @Test
  void aDayOrderExpiresAtItsSessionClose() {
    SimulatedOrder day = working(limit(Side.BUY, "140"));
    // Decided Monday 2024-01-08 09:33 New York: the session closes at 16:00 = 21:00 UTC.
    long close = Instant.parse("2024-01-08T21:00:00Z").toEpochMilli();

    assertThat(model.expiry(day.order())).isEqualTo(close);
    assertThat(model.onBar(day, bar("AAPL").endingAt(close).flatAt("139").build()).fill())
        .as("the last bar of the session still fills")
        .isNotNull();
    SimulatedOrder late = working(limit(Side.BUY, "140"));
    Outcome expired =
        model.onBar(late, bar("AAPL").endingAt(close + TestBars.ONE_MINUTE).flatAt("139").build());
    assertThat(expired.fill()).isNull();
    assertThat(expired.expired()).contains("2024-01-08T21:00:00Z");
  }

  @Test
  void aDayOrderDecidedAfterTheCloseWorksTheNextSessionAndCryptoDaysEndAtMidnightUtc() {
    long fridayEvening = Instant.parse("2024-01-05T22:00:00Z").toEpochMilli();
    Order afterClose = TestOrders.withDecisionTime(limit(Side.BUY, "140"), fridayEvening);
    Order crypto =
        new Order(
            "btc",
            "main",
            1,
            "BTCUSD",
            Side.BUY,
            new BigDecimal("0.5"),
            OrderType.MARKET,
            null,
            TimeInForce.DAY,
            new BigDecimal("42000"),
            fridayEvening,
            "m@1",
            "test");
    Order gtc = TestOrders.withTimeInForce(limit(Side.BUY, "140"), TimeInForce.GTC);

    assertThat(Instant.ofEpochMilli(model.expiry(afterClose)))
        .as("Monday's close")
        .isEqualTo(Instant.parse("2024-01-08T21:00:00Z"));
    assertThat(Instant.ofEpochMilli(model.expiry(crypto)))
        .isEqualTo(Instant.parse("2024-01-06T00:00:00Z"));
    assertThat(model.expiry(gtc)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusesWhatItCannotWorkSayingWhy() {
    assertThat(model.refusal(TestOrders.withTimeInForce(market(Side.BUY, "100"), TimeInForce.OPG)))
        .hasValueSatisfying(why -> assertThat(why).contains("OPG is not supported"));
    assertThat(model.refusal(TestOrders.withTimeInForce(market(Side.BUY, "100"), TimeInForce.CLS)))
        .isPresent();
    assertThat(model.refusal(stop(Side.SELL, "148").withTrail(null, null))).isPresent();
    assertThat(
            model.refusal(
                market(Side.SELL, "1").withTrail(new BigDecimal("1"), new BigDecimal("1"))))
        .hasValueSatisfying(why -> assertThat(why).contains("exactly one"));
    assertThat(
            model.refusal(
                market(Side.BUY, "1").withExits(new BigDecimal("140"), new BigDecimal("160"))))
        .hasValueSatisfying(why -> assertThat(why).contains("above its stop-loss"));
    assertThat(model.refusal(market(Side.BUY, "1"))).isEmpty();
  }

  @Test
  void aFilledBracketEntryYieldsOneCancelsOtherExitsForTheFilledQuantity() {
    SimulatedOrder entry =
        working(market(Side.BUY, "100").withExits(new BigDecimal("155"), new BigDecimal("148")));
    Bar fillBar = bar("AAPL").atMinute(4).flatAt("150").volume("600").build();
    model.onBar(entry, fillBar);

    List<Order> exits = model.exits(entry, fillBar);

    assertThat(exits).hasSize(2);
    Order takeProfit = exits.get(0);
    Order stopLoss = exits.get(1);
    assertThat(takeProfit.clientOrderId()).isEqualTo(ClientOrderIds.exit("id", "take-profit"));
    assertThat(takeProfit.orderType()).isEqualTo(OrderType.LIMIT);
    assertThat(takeProfit.side()).isEqualTo(Side.SELL);
    assertThat(takeProfit.limitPrice()).isEqualByComparingTo("155");
    assertThat(takeProfit.quantity()).isEqualByComparingTo("60");
    assertThat(takeProfit.decisionTime()).as("not on the entry's fill bar").isEqualTo(minute(4));
    assertThat(stopLoss.orderType()).isEqualTo(OrderType.STOP);
    assertThat(stopLoss.stopPrice()).isEqualByComparingTo("148");
    assertThat(stopLoss.clientOrderId()).isEqualTo(ClientOrderIds.exit("id", "stop-loss"));
  }

  @Test
  void sameBarsGiveTheSameFills() {
    List<Bar> bars =
        List.of(
            bar("AAPL").atMinute(4).ohlc("150", "153", "149.5", "152").volume("300").build(),
            bar("AAPL").atMinute(5).ohlc("152", "152", "150", "150").volume("700").build(),
            bar("AAPL").atMinute(6).ohlc("150", "151", "149", "150").volume("900").build());
    Order order = market(Side.SELL, "100").withTrail(new BigDecimal("1.5"), null);

    assertThat(run(order, bars)).isEqualTo(run(order, bars)).isNotEmpty();
  }

  private List<PaperFill> run(Order order, List<Bar> bars) {
    SimulatedOrder working = working(order);
    return bars.stream().map(b -> model.onBar(working, b).fill()).filter(f -> f != null).toList();
  }

  private PaperFill fillOn(SimulatedOrder order, TestBars bar) {
    return fillOn(order, bar.build());
  }

  private PaperFill fillOn(SimulatedOrder order, Bar bar) {
    Outcome outcome = model.onBar(order, bar);
    assertThat(outcome.fill()).as("a fill on %s", bar).isNotNull();
    return outcome.fill();
  }

  private static SimulatedOrder working(Order order) {
    return new SimulatedOrder(order);
  }

  private static Order market(Side side, String quantity) {
    return market(side, quantity, TimeInForce.DAY);
  }

  private static Order market(Side side, String quantity, TimeInForce tif) {
    return order(side, quantity, OrderType.MARKET, null, null, tif);
  }

  private static Order limit(Side side, String limitPrice) {
    return order(side, "100", OrderType.LIMIT, limitPrice, null, TimeInForce.DAY);
  }

  private static Order stop(Side side, String stopPrice) {
    return order(side, "100", OrderType.STOP, null, stopPrice, TimeInForce.DAY);
  }

  private static Order stopLimit(Side side, String stopPrice, String limitPrice) {
    return order(side, "100", OrderType.STOP_LIMIT, limitPrice, stopPrice, TimeInForce.DAY);
  }

  private static Order order(
      Side side,
      String quantity,
      OrderType type,
      String limitPrice,
      String stopPrice,
      TimeInForce tif) {
    return new Order(
        "id",
        "main",
        1,
        "AAPL",
        side,
        new BigDecimal(quantity),
        type,
        limitPrice == null ? null : new BigDecimal(limitPrice),
        stopPrice == null ? null : new BigDecimal(stopPrice),
        tif,
        new BigDecimal("150"),
        DECIDED,
        "momentum@1",
        "test");
  }

  @Test
  void aTradeIsTheSmallestBarAtItsPriceWithItsSizeAsVolume() {
    Tick trade =
        new Tick(
            "BTCUSD",
            io.tradingcore.schemas.avro.TickKind.TRADE,
            1_000L,
            new BigDecimal("1089.5"),
            new BigDecimal("0.25"),
            null,
            null,
            null,
            null,
            null,
            "bitstamp",
            "t-1");

    Bar bar = PaperFillModel.tradeAsBar(trade);

    assertThat(bar.startMillis()).isEqualTo(1_000L);
    assertThat(bar.endMillis()).isEqualTo(1_001L);
    assertThat(List.of(bar.open(), bar.high(), bar.low(), bar.close(), bar.vwap()))
        .allSatisfy(p -> assertThat(p).isEqualByComparingTo("1089.5"));
    assertThat(bar.volume()).isEqualByComparingTo("0.25");
    assertThat(bar.source()).isEqualTo("bitstamp");
    assertThatThrownBy(
            () ->
                PaperFillModel.tradeAsBar(
                    Tick.quote(
                        "BTCUSD",
                        1_000L,
                        BigDecimal.ONE,
                        BigDecimal.TEN,
                        BigDecimal.ONE,
                        BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
