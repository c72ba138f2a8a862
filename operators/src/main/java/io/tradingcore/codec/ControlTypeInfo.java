package io.tradingcore.codec;

import io.tradingcore.schemas.avro.Control;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@code control.v1}'s Avro {@link Control}, carried by {@link
 * ControlSerializer} (no Kryo, and not flink-avro's serializer, which cannot write our Avro
 * classes): use it in {@code .returns(ControlTypeInfo.INSTANCE)} after decoding.
 */
public final class ControlTypeInfo extends TypeInformation<Control> {
  private static final long serialVersionUID = 1L;

  public static final ControlTypeInfo INSTANCE = new ControlTypeInfo();

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<Control> getTypeClass() {
    return Control.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<Control> createSerializer(SerializerConfig config) {
    return ControlSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ControlTypeInfo";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ControlTypeInfo;
  }

  @Override
  public int hashCode() {
    return ControlTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ControlTypeInfo;
  }
}
