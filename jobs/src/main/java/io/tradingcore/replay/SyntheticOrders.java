package io.tradingcore.replay;

import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Market orders on a known market, for exercising the broker bridge without the trading job: the
 * i-th order decides on the start of bar {@code i × stride} (cycling), buys on even i and sells on
 * odd, 1 to 5 units, priced at the bar's open. A paper broker that has the bars fills each one on
 * its decision bar, within its own submit.
 */
public final class SyntheticOrders {
  private SyntheticOrders() {}

  /**
   * {@code count} orders of {@code portfolio} numbered 1, 2, 3… with deterministic client order
   * ids; {@code tag} goes into the model version and the reason.
   */
  public static List<Order> onBars(
      String portfolio, List<Bar> bars, int count, int stride, String tag) {
    List<Order> orders = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Bar bar = bars.get((int) ((long) i * stride % bars.size()));
      long sequence = i + 1L;
      orders.add(
          new Order(
              ClientOrderIds.of(portfolio, bar.startMillis(), bar.symbol(), sequence),
              portfolio,
              sequence,
              bar.symbol(),
              i % 2 == 0 ? Side.BUY : Side.SELL,
              BigDecimal.valueOf(1 + i % 5),
              OrderType.MARKET,
              null,
              TimeInForce.DAY,
              bar.open(),
              bar.startMillis(),
              tag,
              "synthetic order: " + tag));
    }
    return orders;
  }
}
