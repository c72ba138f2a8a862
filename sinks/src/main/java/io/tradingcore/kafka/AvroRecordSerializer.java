package io.tradingcore.kafka;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes domain records to a topic as wire-format Avro values with a UTF-8 string key (symbol,
 * portfolio or model name), for a Flink Kafka sink.
 */
public final class AvroRecordSerializer<D, A extends SpecificRecord>
    implements KafkaRecordSerializationSchema<D> {
  private static final long serialVersionUID = 1L;

  private final Topic topic;
  private final RegistrySettings registry;
  private final SerializableFunction<D, String> key;
  private final SerializableFunction<D, A> toAvro;
  private transient AvroCodec<A> codec;

  public AvroRecordSerializer(
      Topic topic,
      RegistrySettings registry,
      SerializableFunction<D, String> key,
      SerializableFunction<D, A> toAvro) {
    this.topic = topic;
    this.registry = registry;
    this.key = key;
    this.toAvro = toAvro;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = AvroCodec.forTopic(topic, registry.client(), registry.autoRegister());
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      D element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      open(null, context);
    }
    // The record timestamp is left to the producer (wall clock): Flink's element timestamp is
    // market time (a replay's bars are years old), which would break time-based seeks and make
    // retention delete fresh segments. Market time travels in the value.
    return new ProducerRecord<>(
        topic.topicName(),
        null,
        null,
        key.apply(element).getBytes(StandardCharsets.UTF_8),
        codec.encode(topic.topicName(), toAvro.apply(element)));
  }
}
