package io.tradingcore.schemas;

import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.BrokerPosition;
import io.tradingcore.schemas.avro.BrokerPositions;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.FeatureContract;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.avro.Tick;
import io.tradingcore.schemas.avro.TickKind;
import io.tradingcore.schemas.avro.TimeInForce;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated, valid record per topic, for round-trip tests. */
public final class SampleRecords {
  public static final Instant T = Instant.parse("2024-01-08T14:31:00Z");

  private SampleRecords() {}

  public static SpecificRecord of(Topic topic) {
    return switch (topic) {
      case TICKS -> tick();
      case BARS -> bar();
      case FEATURES -> features();
      case ORDERS -> order();
      case FILLS -> fill();
      case RISK_EVENTS -> riskEvent();
      case CONTROL -> control();
      case MODELS -> model();
      case QUARANTINE -> quarantined();
      case PORTFOLIO -> snapshot();
      case BROKER_POSITIONS -> brokerPositions();
    };
  }

  public static Bar bar() {
    return Bar.newBuilder()
        .setSymbol("AAPL")
        .setStartTime(T.minusSeconds(60))
        .setEndTime(T)
        .setOpen(price("171.14"))
        .setHigh(price("171.20"))
        .setLow(price("170.70"))
        .setClose(price("170.97"))
        .setVolume(price("619925"))
        .setVwap(price("170.9812"))
        .setTradeCount(1234L)
        .setSource("csv")
        .setBuyVolume(price("310000.5"))
        .setQuoteImbalance(-0.125)
        .setTsInit(T.plusMillis(5))
        .build();
  }

  static FeatureVector features() {
    return FeatureVector.newBuilder()
        .setEntity("AAPL")
        .setScope(FeatureScope.ASSET)
        .setFeatureSet("asset")
        .setFeatureSetVersion(1)
        .setBarStart(T.minusSeconds(60))
        .setBarEnd(T)
        .setNames(List.of("spread", "rsi", "quote_imbalance"))
        .setValues(List.of(0.0029244, 61.5, Double.NaN))
        .setWarm(true)
        .setClose(price("170.97"))
        .setTsInit(T.plusMillis(7))
        .build();
  }

  static Tick tick() {
    return Tick.newBuilder()
        .setSymbol("BTCUSD")
        .setKind(TickKind.TRADE)
        .setTsEvent(T)
        .setTsInit(T.plusMillis(1))
        .setPrice(price("1012.34"))
        .setSize(price("0.01500000"))
        .setAggressor(Side.BUY)
        .setVenue("BITSTAMP")
        .setTradeId("t-1")
        .build();
  }

  public static Order orderForTests() {
    return order();
  }

  static Order order() {
    return Order.newBuilder()
        .setClientOrderId("2f1e6a63-0000-3000-8000-000000000001")
        .setPortfolio("main")
        .setSequence(1)
        .setSymbol("AAPL")
        .setSide(Side.BUY)
        .setQuantity(price("58"))
        .setOrderType(OrderType.LIMIT)
        .setLimitPrice(price("171.50"))
        .setTimeInForce(TimeInForce.DAY)
        .setReferencePrice(price("171.23"))
        .setDecisionTime(T)
        .setModelVersion("momentum@1")
        .setReason("momentum +0.0012 > entry")
        .build();
  }

  static ExecutionReport fill() {
    return ExecutionReport.newBuilder()
        .setExecutionId("e-1")
        .setClientOrderId("2f1e6a63-0000-3000-8000-000000000001")
        .setBrokerOrderId("paper-1")
        .setPortfolio("main")
        .setSymbol("AAPL")
        .setSide(Side.BUY)
        .setStatus(ExecutionStatus.FILLED)
        .setLastQuantity(price("58"))
        .setLastPrice(price("171.30"))
        .setCumulativeQuantity(price("58"))
        .setLeavesQuantity(price("0"))
        .setAveragePrice(price("171.30"))
        .setFee(price("1.00"))
        .setBroker("paper")
        .setTsEvent(T.plusSeconds(60))
        .setTsInit(T.plusSeconds(61))
        .build();
  }

  static RiskEvent riskEvent() {
    return RiskEvent.newBuilder()
        .setEventId("r-1")
        .setPortfolio("main")
        .setSymbol("AAPL")
        .setReason(RiskReason.POSITION_LIMIT)
        .setSeverity(Severity.DENY)
        .setCause("position could reach 120, above 100")
        .setValues(Map.of("observed", 120.0, "limit", 100.0))
        .setCausationId("2f1e6a63")
        .setTsEvent(T)
        .setTsInit(T)
        .build();
  }

  static Control control() {
    return Control.newBuilder()
        .setCommandId("c-1")
        .setPortfolio("main")
        .setCommand(ControlCommand.SET_LIMIT)
        .setLimitName("maxPositionQuantity")
        .setLimitValue("200")
        .setOperator("alice")
        .setReason("raise for test")
        .setIssuedAt(T)
        .setKeyId("k1")
        .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .build();
  }

  static ModelUpdate model() {
    return ModelUpdate.newBuilder()
        .setModelName("ppo-lstm")
        .setVersion("7")
        .setOnnx(ByteBuffer.wrap("onnx".getBytes(StandardCharsets.UTF_8)))
        .setSha256("ab".repeat(32))
        .setContract(
            FeatureContract.newBuilder()
                .setSymbols(List.of("AAPL", "MSFT"))
                .setFeatureNames(List.of("momentum", "volatility"))
                .setFeatureSetVersion("1")
                .setNormalizationMean(List.of(0.0, 0.2))
                .setNormalizationStd(List.of(1.0, 0.1))
                .setActions(List.of("AAPL:BUY|MSFT:HOLD"))
                .build())
        .setMetrics(Map.of("return", 0.012))
        .setTrainingDataHash("cafe")
        .setCreatedAt(T)
        .build();
  }

  static QuarantinedRecord quarantined() {
    return QuarantinedRecord.newBuilder()
        .setSource("md.bars.1m.v1")
        .setPartition(2)
        .setOffset(42L)
        .setKey(ByteBuffer.wrap("AAPL".getBytes(StandardCharsets.UTF_8)))
        .setPayload(ByteBuffer.wrap(new byte[] {0x7b, 0x7d}))
        .setReason(QuarantineReason.BAD_MAGIC_BYTE)
        .setDetail("unknown magic byte 0x7b")
        .setDetectedBy("bar-decoder")
        .setTsQuarantined(T)
        .build();
  }

  static PortfolioSnapshot snapshot() {
    return PortfolioSnapshot.newBuilder()
        .setPortfolio("main")
        .setSequence(3)
        .setTrigger(SnapshotTrigger.MARK)
        .setTsEvent(T)
        .setCash(price("84948.39"))
        .setEquity(price("100148.39"))
        .setRealizedPnl(price("0"))
        .setUnrealizedPnl(price("150"))
        .setFees(price("1.61"))
        .setHighWaterMark(price("100148.39"))
        .setPositions(
            List.of(
                PositionSnapshot.newBuilder()
                    .setSymbol("AAPL")
                    .setQuantity(price("100"))
                    .setCostBasis(price("15050"))
                    .setMarketPrice(price("152"))
                    .setMarketValue(price("15200"))
                    .build()))
        .build();
  }

  static BrokerPositions brokerPositions() {
    return BrokerPositions.newBuilder()
        .setPortfolio("main")
        .setBroker("paper")
        .setBridge("broker-bridge")
        .setBridgeStarted(T.minusSeconds(3600))
        .setSequence(60)
        .setAsOf(T)
        .setPositions(
            List.of(
                BrokerPosition.newBuilder()
                    .setSymbol("AAPL")
                    .setQuantity(price("100"))
                    .setFillReports(3)
                    .build(),
                BrokerPosition.newBuilder()
                    .setSymbol("MSFT")
                    .setQuantity(price("-12.5"))
                    .setFillReports(1)
                    .build()))
        .build();
  }

  /** A decimal at the wire scale of 8. */
  public static BigDecimal price(String value) {
    return new BigDecimal(value).setScale(8);
  }
}
