package io.tradingcore.kafka;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryUnavailableException;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a topic's wire-format Avro values into domain records for a Flink Kafka source.
 *
 * <p>A record whose bytes are at fault (bad magic byte, unknown schema id, corrupt body, or a value
 * the domain refuses) is not an error: it comes out as {@link Decoded#rejected} with a reason so
 * the job quarantines it and keeps running. An unreachable registry is an error: the record is
 * fine, so the job fails and retries rather than throw good data away.
 */
public final class AvroRecordDeserializer<A extends SpecificRecord, D>
    implements KafkaRecordDeserializationSchema<Decoded<D>> {
  private static final long serialVersionUID = 1L;

  private final Topic topic;
  private final RegistrySettings registry;
  private final SerializableFunction<A, D> toDomain;
  private final TypeInformation<Decoded<D>> producedType;
  private transient AvroCodec<A> codec;

  public AvroRecordDeserializer(
      Topic topic,
      RegistrySettings registry,
      SerializableFunction<A, D> toDomain,
      TypeInformation<Decoded<D>> producedType) {
    this.topic = topic;
    this.registry = registry;
    this.toDomain = toDomain;
    this.producedType = producedType;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = AvroCodec.forTopic(topic, registry.client(), registry.autoRegister());
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<D>> out)
      throws IOException {
    if (codec == null) {
      open(null);
    }
    try {
      A value = codec.decode(record.value());
      D domain;
      try {
        domain = toDomain.apply(value);
      } catch (RuntimeException e) {
        out.collect(reject(record, QuarantineReason.SCHEMA_VIOLATION, "decoded but invalid: " + e));
        return;
      }
      out.collect(Decoded.ok(domain));
    } catch (DecodeException e) {
      out.collect(reject(record, e.reason(), e.getMessage()));
    } catch (RegistryUnavailableException e) {
      throw new IOException(
          "Cannot decode "
              + topic.topicName()
              + " partition "
              + record.partition()
              + " offset "
              + record.offset()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Decoded<D> reject(
      ConsumerRecord<byte[], byte[]> record, QuarantineReason reason, String detail) {
    return Decoded.rejected(
        KafkaClients.quarantined(record, reason, detail, "decoder:" + topic.topicName()));
  }

  @Override
  public TypeInformation<Decoded<D>> getProducedType() {
    return producedType;
  }
}
