package io.tradingcore.codec;

import io.tradingcore.schemas.avro.Control;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Carries {@code control.v1}'s Avro {@link Control} between operators: a length, then the record in
 * Avro's single-object encoding. Without it Flink's own analysis picks flink-avro's serializer,
 * whose relocated Avro (inside flink-sql-avro-confluent-registry) cannot write our unrelocated Avro
 * classes and fails on the first record.
 *
 * <p>For the wire between operators, not for long-lived state: a restored job must be built with
 * the same {@code Control} schema (no operator keeps a {@code Control} in state).
 */
public final class ControlSerializer extends TypeSerializerSingleton<Control> {
  private static final long serialVersionUID = 1L;

  public static final ControlSerializer INSTANCE = new ControlSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public Control createInstance() {
    return new Control();
  }

  @Override
  public Control copy(Control from) {
    return Control.newBuilder(from).build();
  }

  @Override
  public Control copy(Control from, Control reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(Control record, DataOutputView target) throws IOException {
    ByteBuffer encoded = record.toByteBuffer();
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public Control deserialize(DataInputView source) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    return Control.fromByteBuffer(ByteBuffer.wrap(bytes));
  }

  @Override
  public Control deserialize(Control reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] bytes = new byte[source.readInt()];
    source.readFully(bytes);
    // Not target.write(source, n): some output views do not grow for it.
    target.writeInt(bytes.length);
    target.write(bytes);
  }

  @Override
  public TypeSerializerSnapshot<Control> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the one serializer there is. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Control> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
