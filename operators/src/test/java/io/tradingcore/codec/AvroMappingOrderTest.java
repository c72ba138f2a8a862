package io.tradingcore.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.Order;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AvroMappingOrderTest {
  private static final long DECISION = 1_767_225_600_000L;

  @Test
  void aStopLimitOrderKeepsBothPricesOverTheWire() {
    Order order =
        new Order(
            "c1",
            "main",
            3,
            "AAPL",
            Side.SELL,
            new BigDecimal("12.5"),
            OrderType.STOP_LIMIT,
            new BigDecimal("149.10"),
            new BigDecimal("149.25"),
            TimeInForce.GTC,
            new BigDecimal("150"),
            DECISION,
            "momentum@1",
            "stop");

    io.tradingcore.schemas.avro.Order wire = AvroMapping.toAvro(order);
    Order back = AvroMapping.toDomain(wire);

    assertThat(wire.getStopPrice()).isEqualByComparingTo("149.25");
    assertThat(wire.getLimitPrice()).isEqualByComparingTo("149.1");
    assertThat(back.stopPrice()).isEqualTo(new BigDecimal("149.25"));
    assertThat(back.limitPrice()).isEqualTo(new BigDecimal("149.1"));
    assertThat(back.orderType()).isEqualTo(OrderType.STOP_LIMIT);
  }

  @Test
  void aMarketOrderFromTheRiskGateHasNoPrices() {
    Order order =
        new Order(
            "c2",
            "main",
            4,
            "AAPL",
            Side.BUY,
            BigDecimal.TEN,
            OrderType.MARKET,
            null,
            TimeInForce.DAY,
            new BigDecimal("150"),
            DECISION,
            "momentum@1",
            "entry");

    Order back = AvroMapping.toDomain(AvroMapping.toAvro(order));

    assertThat(back.limitPrice()).isNull();
    assertThat(back.stopPrice()).isNull();
    assertThat(back).isEqualTo(order);
  }

  @Test
  void actionsTrailsAndExitsTravelOverTheWire() {
    Order replace =
        new Order(
                "c3",
                "main",
                5,
                "AAPL",
                Side.SELL,
                BigDecimal.TEN,
                OrderType.MARKET,
                null,
                TimeInForce.GTC,
                new BigDecimal("150"),
                DECISION,
                "momentum@1",
                "trail")
            .withTrail(null, new BigDecimal("1.25"))
            .withExits(new BigDecimal("140"), new BigDecimal("155"))
            .acting(OrderAction.REPLACE, "c1");

    io.tradingcore.schemas.avro.Order wire = AvroMapping.toAvro(replace);
    Order back = AvroMapping.toDomain(wire);

    assertThat(wire.getAction()).isEqualTo(OrderAction.REPLACE);
    assertThat(wire.getTargetClientOrderId()).isEqualTo("c1");
    assertThat(wire.getTrailPercent()).isEqualByComparingTo("1.25");
    assertThat(wire.getTrailPrice()).isNull();
    assertThat(back).isEqualTo(replace);
    assertThat(back.orderType()).isEqualTo(OrderType.TRAILING_STOP);
    assertThat(back.takeProfitPrice()).isEqualTo(new BigDecimal("140"));
  }
}
