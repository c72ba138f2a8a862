package io.tradingcore.dashboard;

import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.schemas.avro.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records as the job and the bridge write them, for the dashboard's tests. */
final class DashboardRecords {
  static final Instant OPEN = Instant.parse("2019-02-11T14:31:00Z");

  private DashboardRecords() {}

  /** A MARK snapshot of portfolio {@code main} with one AAPL position. */
  static PortfolioSnapshot mark(long sequence, String equity, String highWaterMark) {
    return PortfolioSnapshot.newBuilder()
        .setPortfolio("main")
        .setSequence(sequence)
        .setTrigger(SnapshotTrigger.MARK)
        .setTsEvent(OPEN.plusSeconds(60 * sequence))
        .setCash(new BigDecimal("82750.12345678"))
        .setEquity(new BigDecimal(equity))
        .setRealizedPnl(new BigDecimal("-12.005"))
        .setUnrealizedPnl(new BigDecimal("250.125"))
        .setFees(new BigDecimal("3.455"))
        .setHighWaterMark(new BigDecimal(highWaterMark))
        .setPositions(
            List.of(
                PositionSnapshot.newBuilder()
                    .setSymbol("AAPL")
                    .setQuantity(new BigDecimal("100.00000000"))
                    .setCostBasis(new BigDecimal("17000.00"))
                    .setMarketPrice(new BigDecimal("172.50"))
                    .setMarketValue(new BigDecimal("17250.00"))
                    .build(),
                PositionSnapshot.newBuilder()
                    .setSymbol("MSFT")
                    .setQuantity(BigDecimal.ZERO)
                    .setCostBasis(BigDecimal.ZERO)
                    .setMarketPrice(new BigDecimal("105.20"))
                    .setMarketValue(BigDecimal.ZERO)
                    .build()))
        .build();
  }

  static Order order(long sequence, String modelVersion) {
    return Order.newBuilder()
        .setClientOrderId("main-" + sequence)
        .setPortfolio("main")
        .setSequence(sequence)
        .setSymbol("AAPL")
        .setSide(Side.BUY)
        .setQuantity(new BigDecimal("57.00000000"))
        .setOrderType(OrderType.MARKET)
        .setTimeInForce(TimeInForce.DAY)
        .setReferencePrice(new BigDecimal("172.50"))
        .setDecisionTime(OPEN.plusSeconds(60 * sequence))
        .setModelVersion(modelVersion)
        .setReason("momentum up")
        .build();
  }

  static ExecutionReport fill(String orderId, ExecutionStatus status, String quantity) {
    return ExecutionReport.newBuilder()
        .setExecutionId(orderId + "-1")
        .setClientOrderId(orderId)
        .setPortfolio("main")
        .setSymbol("AAPL")
        .setSide(Side.BUY)
        .setStatus(status)
        .setLastQuantity(new BigDecimal(quantity))
        .setLastPrice(new BigDecimal("172.5049"))
        .setCumulativeQuantity(new BigDecimal(quantity))
        .setLeavesQuantity(BigDecimal.ZERO)
        .setFee(new BigDecimal("0.985"))
        .setBroker("paper")
        .setTsEvent(OPEN)
        .setTsInit(OPEN)
        .build();
  }

  static RiskEvent riskEvent(RiskReason reason, TradingState state, String cause) {
    return RiskEvent.newBuilder()
        .setEventId("event-" + reason + "-" + state)
        .setPortfolio("main")
        .setReason(reason)
        .setSeverity(state == TradingState.HALTED ? Severity.HALT : Severity.INFO)
        .setCause(cause)
        .setValues(Map.of())
        .setTradingState(state)
        .setTsEvent(OPEN)
        .setTsInit(OPEN)
        .build();
  }
}
