package io.tradingcore.execution;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaperFillModelTest {
  private final PaperFillModel model = PaperFillModel.DEFAULT;

  @Test
  void neverFillsOnTheBarTheDecisionWasTakenOn() {
    Order decidedAtMinute3 = order(minute(3));

    assertThat(model.fill(decidedAtMinute3, bar("AAPL").atMinute(3).build())).isEmpty();
  }

  @Test
  void fillsAtTheOpenOfTheNextBarWithTheCostModelFee() {
    Order decidedAtMinute3 = order(minute(3));

    PaperFillModel.PaperFill fill =
        model
            .fill(
                decidedAtMinute3,
                bar("AAPL").atMinute(4).ohlc("150", "151", "149", "150.5").build())
            .orElseThrow();

    assertThat(fill.price()).isEqualByComparingTo("150");
    assertThat(fill.quantity()).isEqualByComparingTo("100");
    assertThat(fill.fee()).isEqualByComparingTo("1.61");
    assertThat(fill.tsEvent()).isEqualTo(minute(3));
  }

  @Test
  void ignoresOtherSymbols() {
    assertThat(model.fill(order(minute(3)), bar("MSFT").atMinute(4).build())).isEmpty();
  }

  @Test
  void fillsALimitSellAtTheOpenWhenTheOpenIsBetter() {
    Order sell = limit(Side.SELL, "148.5");

    assertThat(
            model
                .fill(sell, bar("AAPL").atMinute(4).ohlc("149", "149.5", "147", "148").build())
                .orElseThrow()
                .price())
        .isEqualByComparingTo("149");
  }

  @Test
  void fillsALimitSellAtItsLimitWhenTheBarRisesToIt() {
    Order sell = limit(Side.SELL, "148.5");

    assertThat(
            model
                .fill(sell, bar("AAPL").atMinute(4).ohlc("148", "148.7", "147", "148").build())
                .orElseThrow()
                .price())
        .isEqualByComparingTo("148.5");
  }

  @Test
  void leavesALimitOrderWorkingWhenTheBarNeverReachesIt() {
    Order sell = limit(Side.SELL, "148.5");
    Order buy = limit(Side.BUY, "146");

    assertThat(model.fill(sell, bar("AAPL").atMinute(4).ohlc("148", "148.4", "147", "148").build()))
        .isEmpty();
    assertThat(model.fill(buy, bar("AAPL").atMinute(4).ohlc("148", "148.4", "147", "148").build()))
        .isEmpty();
    assertThat(
            model
                .fill(buy, bar("AAPL").atMinute(5).ohlc("147", "147", "145", "146").build())
                .orElseThrow()
                .price())
        .isEqualByComparingTo("146");
  }

  private static Order limit(Side side, String limitPrice) {
    return new Order(
        "id",
        "main",
        1,
        "AAPL",
        side,
        new BigDecimal("100"),
        OrderType.LIMIT,
        new BigDecimal(limitPrice),
        TimeInForce.DAY,
        new BigDecimal("150"),
        minute(3),
        "risk-gate",
        "flatten");
  }

  private static Order order(long decisionTime) {
    return new Order(
        "id",
        "main",
        1,
        "AAPL",
        Side.BUY,
        new BigDecimal("100"),
        OrderType.MARKET,
        null,
        TimeInForce.DAY,
        new BigDecimal("150"),
        decisionTime,
        "momentum@1",
        "test");
  }
}
