package io.tradingcore.testing;

import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Execution reports a broker could send of its own accord, for tests to put on fills.v1. */
public final class Reports {
  private Reports() {}

  /** {@code count} REJECTED reports one second apart from {@code from}, for unknown orders. */
  public static List<ExecutionReport> rejects(String portfolio, int count, long from) {
    List<ExecutionReport> rejects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rejects.add(
          report(portfolio, "AAPL", Side.BUY, ExecutionStatus.REJECTED, BigDecimal.ZERO, null)
              .setText("insufficient buying power")
              .setTsEvent(Instant.ofEpochMilli(from + i * 1000L))
              .build());
    }
    return rejects;
  }

  /** A buy fill of an order the job did not send: a trade done by hand at the broker. */
  public static ExecutionReport manualFill(
      String portfolio, String symbol, BigDecimal quantity, BigDecimal price, long time) {
    return report(portfolio, symbol, Side.BUY, ExecutionStatus.FILLED, quantity, price)
        .setTsEvent(Instant.ofEpochMilli(time))
        .build();
  }

  private static ExecutionReport.Builder report(
      String portfolio,
      String symbol,
      Side side,
      ExecutionStatus status,
      BigDecimal filled,
      BigDecimal price) {
    String orderId = "manual-" + UUID.randomUUID();
    BigDecimal wirePrice = price == null ? null : Decimals.toWireExact(price);
    return ExecutionReport.newBuilder()
        .setExecutionId(orderId + "-1")
        .setClientOrderId(orderId)
        .setPortfolio(portfolio)
        .setSymbol(symbol)
        .setSide(side)
        .setStatus(status)
        .setLastQuantity(Decimals.toWireExact(filled))
        .setLastPrice(wirePrice)
        .setCumulativeQuantity(Decimals.toWireExact(filled))
        .setLeavesQuantity(Decimals.toWireExact(BigDecimal.ZERO))
        .setAveragePrice(wirePrice)
        .setFee(Decimals.toWireExact(BigDecimal.ZERO))
        .setBroker("paper")
        .setTsInit(Instant.now());
  }
}
