package io.tradingcore.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaEndpointsControlTest {
  private static final Control KILL =
      Control.newBuilder()
          .setCommandId("cmd-1")
          .setPortfolio("main")
          .setCommand(ControlCommand.KILL)
          .setOperator("alice")
          .setReason("drill")
          .setIssuedAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setKeyId("ops-1")
          .setSignature(ByteBuffer.wrap(new byte[] {7, 7, 7}))
          .build();

  @Test
  void controlSourceIsUnboundedAndProducesDecodedCommands() {
    KafkaSource<Decoded<Control>> source =
        new KafkaEndpoints("localhost:9092", RegistrySettings.of("http://localhost:1", false), "j")
            .control();

    assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    assertThat(source.getProducedType()).isEqualTo(KafkaEndpoints.DECODED_CONTROL);
  }

  @Test
  void decodedCommandsTravelWithoutKryo() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeSerializer<Decoded<Control>> serializer =
        KafkaEndpoints.DECODED_CONTROL.createSerializer(config);
    Decoded<Control> rejected =
        Decoded.rejected(
            new Quarantined(
                "control.v1",
                0,
                5L,
                "main",
                "junk".getBytes(StandardCharsets.UTF_8),
                QuarantineReason.BAD_MAGIC_BYTE,
                "bad magic byte",
                "decoder:control.v1"));

    DataOutputSerializer out = new DataOutputSerializer(128);
    serializer.serialize(Decoded.ok(KILL), out);
    serializer.serialize(rejected, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

    assertThat(serializer.deserialize(in)).isEqualTo(Decoded.ok(KILL));
    Decoded<Control> back = serializer.deserialize(in);
    assertThat(back.isOk()).isFalse();
    assertThat(back.rejected().reason()).isEqualTo(QuarantineReason.BAD_MAGIC_BYTE);
    assertThat(back.rejected().detail()).isEqualTo("bad magic byte");
  }

  @Test
  void aCommandIsPublishedKeyedByPortfolioInTheRegistryWireFormat() throws Exception {
    try (LocalSchemaRegistry registry = LocalSchemaRegistry.start("127.0.0.1", 0)) {
      ProducerRecord<byte[], byte[]> record =
          KafkaEndpoints.controlRecord(RegistrySettings.of(registry.url(), true), KILL);

      assertThat(record.topic()).isEqualTo("control.v1");
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("main");
      assertThat(record.value()[0]).as("magic byte").isZero();
      AvroCodec<Control> codec =
          AvroCodec.forTopic(Topic.CONTROL, new RegistryClient(registry.url()), false);
      assertThat(codec.decode(record.value())).isEqualTo(KILL);
    }
  }
}
