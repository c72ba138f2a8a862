package io.tradingcore.schemas;

import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.BrokerPositions;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.Tick;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every Kafka topic of Trading Core with the Avro record its values carry.
 *
 * <p>Values use the Confluent wire format under the topic-name subject strategy ({@code
 * <topic>-value}). Keys are plain UTF-8 strings (symbol, portfolio or model name).
 */
public enum Topic {
  TICKS("md.ticks.v1", Tick.class, Tick.getClassSchema()),
  BARS("md.bars.1m.v1", Bar.class, Bar.getClassSchema()),
  FEATURES("features.v1", FeatureVector.class, FeatureVector.getClassSchema()),
  ORDERS("orders.v1", Order.class, Order.getClassSchema()),
  FILLS("fills.v1", ExecutionReport.class, ExecutionReport.getClassSchema()),
  RISK_EVENTS("risk.events.v1", RiskEvent.class, RiskEvent.getClassSchema()),
  CONTROL("control.v1", Control.class, Control.getClassSchema()),
  MODELS("models.v1", ModelUpdate.class, ModelUpdate.getClassSchema()),
  QUARANTINE("md.quarantine.v1", QuarantinedRecord.class, QuarantinedRecord.getClassSchema()),
  PORTFOLIO("portfolio.v1", PortfolioSnapshot.class, PortfolioSnapshot.getClassSchema()),
  BROKER_POSITIONS("positions.broker.v1", BrokerPositions.class, BrokerPositions.getClassSchema());

  private final String topicName;
  private final Class<? extends SpecificRecord> valueClass;
  private final Schema valueSchema;

  Topic(String topicName, Class<? extends SpecificRecord> valueClass, Schema valueSchema) {
    this.topicName = topicName;
    this.valueClass = valueClass;
    this.valueSchema = valueSchema;
  }

  /** The Kafka topic name, e.g. {@code orders.v1}. */
  public String topicName() {
    return topicName;
  }

  /** The registry subject of the value schema: {@code <topic>-value}. */
  public String valueSubject() {
    return valueSubject(topicName);
  }

  public Class<? extends SpecificRecord> valueClass() {
    return valueClass;
  }

  /** The value schema this build was compiled with. */
  public Schema valueSchema() {
    return valueSchema;
  }

  /** Subject name of a topic's values under Confluent's TopicNameStrategy. */
  public static String valueSubject(String topicName) {
    return topicName + "-value";
  }
}
