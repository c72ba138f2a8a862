package io.tradingcore.testing;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.schemas.avro.ExecutionStatus;
import java.math.BigDecimal;

/** Execution reports for tests, built from the order they answer. */
public final class TestReports {
  private TestReports() {}

  /** The whole order filled at {@code price} with {@code fee}. */
  public static ExecutionReport filled(Order order, String price, String fee) {
    return new ExecutionReport(
        "exec-" + order.clientOrderId(),
        order.clientOrderId(),
        order.portfolio(),
        order.symbol(),
        order.side(),
        ExecutionStatus.FILLED,
        order.quantity(),
        new BigDecimal(price),
        order.quantity(),
        BigDecimal.ZERO,
        new BigDecimal(fee),
        order.decisionTime() + TestBars.ONE_MINUTE);
  }

  /** The broker refused the order. */
  public static ExecutionReport rejected(Order order) {
    return new ExecutionReport(
        "reject-" + order.clientOrderId(),
        order.clientOrderId(),
        order.portfolio(),
        order.symbol(),
        order.side(),
        ExecutionStatus.REJECTED,
        BigDecimal.ZERO,
        null,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        order.decisionTime());
  }
}
