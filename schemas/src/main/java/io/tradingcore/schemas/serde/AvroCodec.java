package io.tradingcore.schemas.serde;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated Avro record type in the Confluent wire format, resolving schema
 * ids through a {@link RegistryClient}.
 *
 * <p>Decoding resolves the writer's schema (looked up by id) against this build's schema, so
 * records written by older or newer compatible producers read fine. Not thread-safe: keep one per
 * thread or Flink subtask.
 */
public final class AvroCodec<T extends SpecificRecord> {
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final RegistryClient registry;
  private final boolean autoRegister;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, Integer> idsBySubject = new HashMap<>();
  private final Map<Integer, SpecificDatumReader<T>> readersById = new HashMap<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private BinaryDecoder decoder;

  /**
   * @param autoRegister register this build's schema on first use (local stack, tests); when false
   *     the schema must already be registered (production, where CI registers schemas)
   */
  public AvroCodec(Class<T> type, RegistryClient registry, boolean autoRegister) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.registry = registry;
    this.autoRegister = autoRegister;
    this.writer = new SpecificDatumWriter<>(readerSchema, model);
  }

  /** A codec for the value type of {@code topic}. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> AvroCodec<T> forTopic(
      Topic topic, RegistryClient registry, boolean autoRegister) {
    return new AvroCodec<>((Class<T>) topic.valueClass(), registry, autoRegister);
  }

  /** Encodes {@code value} for {@code topic} under the subject {@code <topic>-value}. */
  public byte[] encode(String topic, T value) {
    int schemaId = schemaIdFor(Topic.valueSubject(topic));
    buffer.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot encode " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
    }
    return WireFormat.frame(schemaId, buffer.toByteArray());
  }

  /**
   * Decodes a wire-format message.
   *
   * @throws DecodeException when the bytes are at fault (bad magic byte, unknown schema id,
   *     truncated or corrupt body, writer schema that cannot be read as this type); a record
   *     written with the schema of another record type is a {@code SCHEMA_VIOLATION}
   * @throws RegistryUnavailableException when the registry cannot be asked
   */
  public T decode(byte[] message) {
    int schemaId = WireFormat.schemaId(message);
    SpecificDatumReader<T> reader = readersById.get(schemaId);
    if (reader == null) {
      Schema writerSchema =
          registry
              .schemaById(schemaId)
              .orElseThrow(
                  () ->
                      new DecodeException(
                          QuarantineReason.UNKNOWN_SCHEMA_ID,
                          "unknown schema id "
                              + schemaId
                              + ": the registry at "
                              + registry.url()
                              + " has no schema with that id"));
      if (!writesThisType(writerSchema)) {
        // Resolution would match fields by name and might even "succeed" on a record of another
        // type; a producer writing the wrong record type to a topic breaks the topic's contract.
        throw new DecodeException(
            QuarantineReason.SCHEMA_VIOLATION,
            "schema id "
                + schemaId
                + " is "
                + writerSchema.getFullName()
                + ", not "
                + readerSchema.getFullName()
                + ": the record was written with another subject's schema");
      }
      reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
      readersById.put(schemaId, reader);
    }
    decoder =
        DecoderFactory.get()
            .binaryDecoder(
                message,
                WireFormat.HEADER_LENGTH,
                message.length - WireFormat.HEADER_LENGTH,
                decoder);
    T value;
    try {
      value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new DecodeException(
            QuarantineReason.UNDECODABLE,
            "trailing bytes after a complete "
                + type.getSimpleName()
                + " (schema id "
                + schemaId
                + ")");
      }
    } catch (EOFException e) {
      throw new DecodeException(
          QuarantineReason.TRUNCATED,
          "body ends before a complete " + type.getSimpleName() + " (schema id " + schemaId + ")",
          e);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | ClassCastException e) {
      throw new DecodeException(
          QuarantineReason.UNDECODABLE,
          "cannot decode "
              + type.getSimpleName()
              + " with schema id "
              + schemaId
              + ": "
              + e.getMessage(),
          e);
    }
    return value;
  }

  /** The writer's record is this type: the same full name, or one of the reader's aliases. */
  private boolean writesThisType(Schema writerSchema) {
    return writerSchema.getType() == Schema.Type.RECORD
        && (writerSchema.getFullName().equals(readerSchema.getFullName())
            || readerSchema.getAliases().contains(writerSchema.getFullName()));
  }

  private int schemaIdFor(String subject) {
    Integer cached = idsBySubject.get(subject);
    if (cached != null) {
      return cached;
    }
    int id;
    if (autoRegister) {
      id = registry.register(subject, readerSchema);
    } else {
      OptionalInt found = registry.idOf(subject, readerSchema);
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "Schema of "
                + type.getSimpleName()
                + " is not registered under "
                + subject
                + " at "
                + registry.url()
                + " and auto-registration is off: register the schemas first");
      }
      id = found.getAsInt();
    }
    idsBySubject.put(subject, id);
    return id;
  }
}
