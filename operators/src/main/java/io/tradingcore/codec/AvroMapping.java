package io.tradingcore.codec;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.money.Decimals;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyContract;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.BrokerPosition;
import io.tradingcore.portfolio.BrokerStatement;
import io.tradingcore.portfolio.Position;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.BrokerPositions;
import io.tradingcore.schemas.avro.FeatureContract;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.RiskEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * Translates between the domain records the operators work on and the Avro records on the topics.
 * The only place that knows both, so the contracts and the domain can evolve apart.
 */
public final class AvroMapping {
  private AvroMapping() {}

  public static Bar toDomain(io.tradingcore.schemas.avro.Bar bar) {
    return new Bar(
        bar.getSymbol(),
        bar.getStartTime().toEpochMilli(),
        bar.getEndTime().toEpochMilli(),
        Decimals.normalize(bar.getOpen()),
        Decimals.normalize(bar.getHigh()),
        Decimals.normalize(bar.getLow()),
        Decimals.normalize(bar.getClose()),
        Decimals.normalize(bar.getVolume()),
        bar.getVwap() == null ? null : Decimals.normalize(bar.getVwap()),
        bar.getTradeCount(),
        bar.getSource(),
        bar.getBuyVolume() == null ? null : Decimals.normalize(bar.getBuyVolume()),
        bar.getQuoteImbalance());
  }

  public static io.tradingcore.schemas.avro.Bar toAvro(Bar bar, Instant tsInit) {
    return io.tradingcore.schemas.avro.Bar.newBuilder()
        .setSymbol(bar.symbol())
        .setStartTime(Instant.ofEpochMilli(bar.startMillis()))
        .setEndTime(Instant.ofEpochMilli(bar.endMillis()))
        .setOpen(Decimals.toWireExact(bar.open()))
        .setHigh(Decimals.toWireExact(bar.high()))
        .setLow(Decimals.toWireExact(bar.low()))
        .setClose(Decimals.toWireExact(bar.close()))
        .setVolume(Decimals.toWireExact(bar.volume()))
        .setVwap(bar.vwap() == null ? null : Decimals.toWireRounded(bar.vwap()))
        .setTradeCount(bar.tradeCount())
        .setSource(bar.source())
        .setBuyVolume(bar.buyVolume() == null ? null : Decimals.toWireExact(bar.buyVolume()))
        .setQuoteImbalance(bar.quoteImbalance())
        .setTsInit(tsInit)
        .build();
  }

  /** One instrument's features after one bar, as the named vector on {@code features.v1}. */
  public static FeatureVector toAvro(BarFeatures features, Instant tsInit) {
    return FeatureVector.newBuilder()
        .setEntity(features.symbol())
        .setScope(FeatureScope.ASSET)
        .setFeatureSet(BarFeatures.FEATURE_SET)
        .setFeatureSetVersion(BarFeatures.FEATURE_SET_VERSION)
        .setBarStart(Instant.ofEpochMilli(features.barStart()))
        .setBarEnd(Instant.ofEpochMilli(features.barEnd()))
        .setNames(BarFeatures.NAMES)
        .setValues(boxed(features.vector()))
        .setWarm(features.warm())
        .setClose(Decimals.toWireRounded(features.close()))
        .setTsInit(tsInit)
        .build();
  }

  /**
   * An asset vector of {@code features.v1} (or of an export's files) back as the {@link
   * BarFeatures} it was made from. The vector carries the named features and whether they are warm;
   * the rest comes from its bar: the exact close (the vector's is rounded half-even to the wire's 8
   * decimals, {@link Decimals#toWireRounded}), the bar's quote imbalance, and the log return, from
   * the close of the symbol's previous bar exactly as the feature core computes it ({@link
   * FeatureCalculator#logReturn}).
   *
   * @param bar the bar the vector was computed at: same symbol, start and end, and a close that
   *     rounds to the vector's
   * @param previousClose the close of the symbol's previous bar in the history the vector was
   *     computed over, or {@code null} for its first bar
   * @throws IllegalArgumentException when the vector is not an asset vector of this build's feature
   *     set, lacks one of its features, or was not computed at {@code bar}
   */
  public static BarFeatures toDomain(FeatureVector vector, Bar bar, BigDecimal previousClose) {
    String at = vector.getEntity() + " at " + vector.getBarEnd();
    if (vector.getScope() != FeatureScope.ASSET
        || !BarFeatures.FEATURE_SET.contentEquals(vector.getFeatureSet())
        || vector.getFeatureSetVersion() != BarFeatures.FEATURE_SET_VERSION) {
      throw new IllegalArgumentException(
          "feature vector of "
              + at
              + " is "
              + vector.getScope()
              + " "
              + vector.getFeatureSet()
              + " v"
              + vector.getFeatureSetVersion()
              + ", not ASSET "
              + BarFeatures.FEATURE_SET
              + " v"
              + BarFeatures.FEATURE_SET_VERSION);
    }
    if (!bar.symbol().contentEquals(vector.getEntity())
        || bar.startMillis() != vector.getBarStart().toEpochMilli()
        || bar.endMillis() != vector.getBarEnd().toEpochMilli()) {
      throw new IllegalArgumentException(
          "feature vector of "
              + at
              + " does not belong to the bar of "
              + bar.symbol()
              + " ending at "
              + Instant.ofEpochMilli(bar.endMillis()));
    }
    if (vector.getClose() == null
        || vector.getClose().compareTo(Decimals.toWireRounded(bar.close())) != 0) {
      throw new IllegalArgumentException(
          "feature vector of "
              + at
              + " has close "
              + vector.getClose()
              + ", its bar "
              + bar.close().toPlainString());
    }
    List<String> names = new ArrayList<>(vector.getNames().size());
    vector.getNames().forEach(name -> names.add(name.toString()));
    double[] values = new double[BarFeatures.NAMES.size()];
    for (int i = 0; i < values.length; i++) {
      int position = names.indexOf(BarFeatures.NAMES.get(i));
      if (position < 0 || position >= vector.getValues().size()) {
        throw new IllegalArgumentException(
            "feature vector of " + at + " has no " + BarFeatures.NAMES.get(i) + ": " + names);
      }
      values[i] = vector.getValues().get(position);
    }
    return BarFeatures.of(
        bar, FeatureCalculator.logReturn(previousClose, bar.close()), values, vector.getWarm());
  }

  public static Tick toDomain(io.tradingcore.schemas.avro.Tick tick) {
    return new Tick(
        tick.getSymbol(),
        tick.getKind(),
        tick.getTsEvent().toEpochMilli(),
        normalizeOrNull(tick.getPrice()),
        normalizeOrNull(tick.getSize()),
        normalizeOrNull(tick.getBid()),
        normalizeOrNull(tick.getAsk()),
        normalizeOrNull(tick.getBidSize()),
        normalizeOrNull(tick.getAskSize()),
        tick.getAggressor(),
        tick.getVenue(),
        tick.getTradeId());
  }

  public static io.tradingcore.schemas.avro.Tick toAvro(Tick tick, Instant tsInit) {
    return io.tradingcore.schemas.avro.Tick.newBuilder()
        .setSymbol(tick.symbol())
        .setKind(tick.kind())
        .setTsEvent(Instant.ofEpochMilli(tick.eventTimeMillis()))
        .setTsInit(tsInit)
        .setPrice(wireOrNull(tick.price()))
        .setSize(wireOrNull(tick.size()))
        .setBid(wireOrNull(tick.bid()))
        .setAsk(wireOrNull(tick.ask()))
        .setBidSize(wireOrNull(tick.bidSize()))
        .setAskSize(wireOrNull(tick.askSize()))
        .setAggressor(tick.aggressor())
        .setVenue(tick.venue())
        .setTradeId(tick.tradeId())
        .build();
  }

  private static BigDecimal normalizeOrNull(BigDecimal value) {
    return value == null ? null : Decimals.normalize(value);
  }

  private static BigDecimal wireOrNull(BigDecimal value) {
    return value == null ? null : Decimals.toWireExact(value);
  }

  /** A portfolio's cross-asset features after one bar, on {@code features.v1} (scope PORTFOLIO). */
  public static FeatureVector toAvro(PortfolioFeatureVector vector, Instant tsInit) {
    return FeatureVector.newBuilder()
        .setEntity(vector.portfolio())
        .setScope(FeatureScope.PORTFOLIO)
        .setFeatureSet(PortfolioFeatureVector.FEATURE_SET)
        .setFeatureSetVersion(PortfolioFeatureVector.FEATURE_SET_VERSION)
        .setBarStart(Instant.ofEpochMilli(vector.barStart()))
        .setBarEnd(Instant.ofEpochMilli(vector.barEnd()))
        .setNames(vector.names())
        .setValues(boxed(vector.values()))
        .setWarm(vector.warm())
        .setClose(null)
        .setTsInit(tsInit)
        .build();
  }

  private static List<Double> boxed(double[] values) {
    List<Double> boxed = new ArrayList<>(values.length);
    for (double value : values) {
      boxed.add(value);
    }
    return boxed;
  }

  public static io.tradingcore.schemas.avro.Order toAvro(Order order) {
    return io.tradingcore.schemas.avro.Order.newBuilder()
        .setClientOrderId(order.clientOrderId())
        .setPortfolio(order.portfolio())
        .setSequence(order.sequence())
        .setSymbol(order.symbol())
        .setSide(order.side())
        .setQuantity(Decimals.toWireExact(order.quantity()))
        .setOrderType(order.orderType())
        .setLimitPrice(wireOrNull(order.limitPrice()))
        .setStopPrice(wireOrNull(order.stopPrice()))
        .setTimeInForce(order.timeInForce())
        .setReferencePrice(Decimals.toWireExact(order.referencePrice()))
        .setDecisionTime(Instant.ofEpochMilli(order.decisionTime()))
        .setModelVersion(order.modelVersion())
        .setReason(order.reason())
        .setAction(order.action())
        .setTargetClientOrderId(order.targetClientOrderId())
        .setTrailPrice(wireOrNull(order.trailPrice()))
        .setTrailPercent(wireOrNull(order.trailPercent()))
        .setTakeProfitPrice(wireOrNull(order.takeProfitPrice()))
        .setStopLossPrice(wireOrNull(order.stopLossPrice()))
        .build();
  }

  public static Order toDomain(io.tradingcore.schemas.avro.Order order) {
    return new Order(
        order.getClientOrderId(),
        order.getPortfolio(),
        order.getSequence(),
        order.getSymbol(),
        order.getSide(),
        Decimals.normalize(order.getQuantity()),
        order.getOrderType(),
        normalizeOrNull(order.getLimitPrice()),
        normalizeOrNull(order.getStopPrice()),
        order.getTimeInForce(),
        Decimals.normalize(order.getReferencePrice()),
        order.getDecisionTime().toEpochMilli(),
        order.getModelVersion(),
        order.getReason(),
        order.getAction(),
        order.getTargetClientOrderId(),
        normalizeOrNull(order.getTrailPrice()),
        normalizeOrNull(order.getTrailPercent()),
        normalizeOrNull(order.getTakeProfitPrice()),
        normalizeOrNull(order.getStopLossPrice()));
  }

  public static ExecutionReport toDomain(io.tradingcore.schemas.avro.ExecutionReport report) {
    return new ExecutionReport(
        report.getExecutionId(),
        report.getClientOrderId(),
        report.getPortfolio(),
        report.getSymbol(),
        report.getSide(),
        report.getStatus(),
        Decimals.normalize(report.getLastQuantity()),
        report.getLastPrice() == null ? null : Decimals.normalize(report.getLastPrice()),
        Decimals.normalize(report.getCumulativeQuantity()),
        Decimals.normalize(report.getLeavesQuantity()),
        Decimals.normalize(report.getFee()),
        report.getTsEvent().toEpochMilli());
  }

  /** Events raised inside the job carry their event time as tsInit, so replays are identical. */
  public static RiskEvent toAvro(RiskAlert alert) {
    Instant ts = Instant.ofEpochMilli(alert.tsEvent());
    return RiskEvent.newBuilder()
        .setEventId(alert.eventId())
        .setPortfolio(alert.portfolio())
        .setSymbol(alert.symbol())
        .setReason(alert.reason())
        .setSeverity(alert.severity())
        .setCause(alert.cause())
        .setValues(new HashMap<>(alert.values()))
        .setCausationId(alert.causationId())
        .setTradingState(alert.tradingState())
        .setTsEvent(ts)
        .setTsInit(ts)
        .build();
  }

  public static QuarantinedRecord toAvro(Quarantined rejected, Instant tsQuarantined) {
    return QuarantinedRecord.newBuilder()
        .setSource(rejected.source())
        .setPartition(rejected.partition())
        .setOffset(rejected.offset())
        .setKey(
            rejected.key() == null
                ? null
                : ByteBuffer.wrap(rejected.key().getBytes(StandardCharsets.UTF_8)))
        .setPayload(ByteBuffer.wrap(rejected.payload() == null ? new byte[0] : rejected.payload()))
        .setReason(rejected.reason())
        .setDetail(rejected.detail())
        .setDetectedBy(rejected.detectedBy())
        .setTsQuarantined(tsQuarantined)
        .build();
  }

  /** A refused record read back from {@code md.quarantine.v1} or an export's files. */
  public static Quarantined toDomain(QuarantinedRecord record) {
    return new Quarantined(
        record.getSource(),
        record.getPartition(),
        record.getOffset(),
        record.getKey() == null
            ? null
            : StandardCharsets.UTF_8.decode(record.getKey().duplicate()).toString(),
        bytes(record.getPayload()),
        record.getReason(),
        record.getDetail(),
        record.getDetectedBy());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /**
   * A snapshot for {@code portfolio.v1}. Quantities and prices are exact; derived money figures are
   * rounded half-even to the wire's 8 decimals (they are exact already whenever prices and lot
   * sizes have at most 4 decimals each, as for equities and the bundled crypto data).
   */
  public static PortfolioSnapshot toAvro(BookSnapshot snapshot) {
    Book book = snapshot.book();
    List<PositionSnapshot> positions = new ArrayList<>();
    for (Position position : new TreeMap<>(book.positions()).values()) {
      BigDecimal mark = book.markOf(position.symbol());
      positions.add(
          PositionSnapshot.newBuilder()
              .setSymbol(position.symbol())
              .setQuantity(Decimals.toWireExact(position.quantity()))
              .setCostBasis(Decimals.toWireRounded(position.costBasis()))
              .setMarketPrice(Decimals.toWireExact(mark))
              .setMarketValue(Decimals.toWireRounded(position.marketValue(mark)))
              .build());
    }
    return PortfolioSnapshot.newBuilder()
        .setPortfolio(book.portfolio())
        .setSequence(snapshot.sequence())
        .setTrigger(snapshot.trigger())
        .setTsEvent(Instant.ofEpochMilli(snapshot.tsEvent()))
        .setCash(Decimals.toWireRounded(book.cash()))
        .setEquity(Decimals.toWireRounded(book.equity()))
        .setRealizedPnl(Decimals.toWireRounded(book.realizedPnl()))
        .setUnrealizedPnl(Decimals.toWireRounded(book.unrealizedPnl()))
        .setFees(Decimals.toWireRounded(book.fees()))
        .setHighWaterMark(Decimals.toWireRounded(book.highWaterMark()))
        .setPositions(positions)
        .build();
  }

  /** A broker's statement read from {@code positions.broker.v1}. */
  public static BrokerStatement toDomain(BrokerPositions statement) {
    List<BrokerPosition> positions = new ArrayList<>();
    for (io.tradingcore.schemas.avro.BrokerPosition p : statement.getPositions()) {
      positions.add(
          new BrokerPosition(
              p.getSymbol(),
              Decimals.normalize(p.getQuantity()),
              p.getFillReports(),
              p.getLastFillReport()));
    }
    return new BrokerStatement(
        statement.getPortfolio(),
        statement.getBroker(),
        statement.getBridge(),
        statement.getBridgeStarted().toEpochMilli(),
        statement.getSequence(),
        statement.getAsOf().toEpochMilli(),
        positions);
  }

  /** A statement for {@code positions.broker.v1}, positions in alphabetical order. */
  public static BrokerPositions toAvro(BrokerStatement statement) {
    List<io.tradingcore.schemas.avro.BrokerPosition> positions = new ArrayList<>();
    statement.positions().stream()
        .sorted(java.util.Comparator.comparing(BrokerPosition::symbol))
        .forEach(
            p ->
                positions.add(
                    io.tradingcore.schemas.avro.BrokerPosition.newBuilder()
                        .setSymbol(p.symbol())
                        .setQuantity(Decimals.toWireExact(p.quantity()))
                        .setFillReports(p.fillReports())
                        .setLastFillReport(p.lastFillReport())
                        .build()));
    return BrokerPositions.newBuilder()
        .setPortfolio(statement.portfolio())
        .setBroker(statement.broker())
        .setBridge(statement.bridge())
        .setBridgeStarted(Instant.ofEpochMilli(statement.bridgeStarted()))
        .setSequence(statement.sequence())
        .setAsOf(Instant.ofEpochMilli(statement.asOf()))
        .setPositions(positions)
        .build();
  }

  /**
   * A release read from {@code models.v1}; the scorer checks it (checksum, graph, contract) before
   * it decides anything.
   */
  public static ModelRelease toDomain(ModelUpdate update) {
    byte[] onnx = update.getOnnx() == null ? null : bytes(update.getOnnx());
    FeatureContract contract = update.getContract();
    return new ModelRelease(
        update.getModelName(),
        update.getVersion(),
        onnx,
        update.getUri(),
        update.getSha256(),
        contract == null ? List.of() : List.copyOf(contract.getSymbols()),
        contract == null ? List.of() : List.copyOf(contract.getFeatureNames()),
        update.getCreatedAt() == null ? 0 : update.getCreatedAt().toEpochMilli(),
        "models.v1");
  }

  /** A release for {@code models.v1}, its contract copied from the model's own metadata. */
  public static ModelUpdate toAvro(ModelRelease release, PolicyContract contract) {
    List<Double> mean = new ArrayList<>();
    for (double m : contract.normalizationMean()) {
      mean.add(m);
    }
    List<Double> std = new ArrayList<>();
    for (double d : contract.normalizationStd()) {
      std.add(d);
    }
    return ModelUpdate.newBuilder()
        .setModelName(release.modelName())
        .setVersion(release.version())
        .setOnnx(release.onnx() == null ? null : ByteBuffer.wrap(release.onnx()))
        .setUri(release.uri())
        .setSha256(release.sha256())
        .setContract(
            FeatureContract.newBuilder()
                .setSymbols(contract.symbols())
                .setFeatureNames(contract.observation())
                .setFeatureSetVersion(contract.featureSetVersion())
                .setNormalizationMean(mean)
                .setNormalizationStd(std)
                .setActions(contract.actions())
                .build())
        .setMetrics(new HashMap<>(contract.metrics()))
        .setTrainingDataHash(contract.trainingDataSha256())
        .setCreatedAt(Instant.ofEpochMilli(release.createdAtMillis()))
        .build();
  }
}
