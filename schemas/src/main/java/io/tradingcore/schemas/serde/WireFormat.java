package io.tradingcore.schemas.serde;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.ByteBuffer;

/**
 * Confluent Schema Registry wire format: one magic byte {@code 0x00}, the writer schema's id as a
 * 4-byte big-endian integer, then the Avro binary encoding of the value.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0x00;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Prefixes an Avro binary body with the wire-format header. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
        .put(MAGIC_BYTE)
        .putInt(schemaId)
        .put(avroBody)
        .array();
  }

  /**
   * Reads the writer schema id from a framed message.
   *
   * @throws DecodeException with {@link QuarantineReason#TRUNCATED} or {@link
   *     QuarantineReason#BAD_MAGIC_BYTE} when the bytes are not a wire-format message
   */
  public static int schemaId(byte[] message) {
    if (message == null || message.length < HEADER_LENGTH) {
      throw new DecodeException(
          QuarantineReason.TRUNCATED,
          "message of "
              + (message == null ? 0 : message.length)
              + " bytes is shorter than the 5-byte Confluent wire-format header");
    }
    if (message[0] != MAGIC_BYTE) {
      throw new DecodeException(
          QuarantineReason.BAD_MAGIC_BYTE,
          String.format(
              "unknown magic byte 0x%02x: expected 0x00 (Confluent wire format); the producer did"
                  + " not use a schema-registry serializer",
              message[0] & 0xff));
    }
    return ByteBuffer.wrap(message, 1, 4).getInt();
  }
}
