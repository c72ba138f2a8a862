package io.tradingcore.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ControlTypeInfoTest {
  private static final Control SIGNED_SET_LIMIT =
      Control.newBuilder()
          .setCommandId("cmd-1")
          .setPortfolio("*")
          .setCommand(ControlCommand.SET_LIMIT)
          .setLimitName("price_jump")
          .setLimitValue("0.05")
          .setOperator("alice")
          .setReason("wider jumps")
          .setIssuedAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setKeyId("ops-1")
          .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3}))
          .build();

  @Test
  void needsNoKryoEvenWhenGenericTypesAreDisabled() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);

    assertThat(ControlTypeInfo.INSTANCE.createSerializer(config))
        .isSameAs(ControlSerializer.INSTANCE);
  }

  @Test
  void roundTripsACommandAndCopiesItBetweenViews() throws Exception {
    TypeSerializer<Control> serializer = ControlSerializer.INSTANCE;
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(SIGNED_SET_LIMIT, out);
    serializer.serialize(unsignedKill(), out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertThat(serializer.deserialize(in)).isEqualTo(SIGNED_SET_LIMIT);
    assertThat(serializer.deserialize(in)).isEqualTo(unsignedKill());

    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
        .isEqualTo(SIGNED_SET_LIMIT);
  }

  @Test
  void copiesAreIndependent() {
    Control copy = ControlSerializer.INSTANCE.copy(SIGNED_SET_LIMIT);
    copy.setReason("changed");

    assertThat(SIGNED_SET_LIMIT.getReason()).isEqualTo("wider jumps");
  }

  @Test
  void itsSnapshotRestoresTheSameSerializer() {
    TypeSerializerSnapshot<Control> snapshot = ControlSerializer.INSTANCE.snapshotConfiguration();

    assertThat(snapshot.restoreSerializer()).isSameAs(ControlSerializer.INSTANCE);
    assertThat(
            snapshot
                .resolveSchemaCompatibility(new ControlSerializer.Snapshot())
                .isCompatibleAsIs())
        .isTrue();
  }

  private static Control unsignedKill() {
    return Control.newBuilder()
        .setCommandId("cmd-2")
        .setPortfolio("main")
        .setCommand(ControlCommand.KILL)
        .setOperator("bob")
        .setReason("drill")
        .setIssuedAt(Instant.parse("2026-01-01T00:00:01Z"))
        .build();
  }
}
