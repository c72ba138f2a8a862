package io.tradingcore.files;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes domain records as Avro object container files (schema in the header, deflate blocks) for
 * Flink's {@code FileSink}: any Avro reader can open them, Python's included, with no registry.
 *
 * <p>The domain type travels through the job; the Avro record exists only inside the writer, so no
 * Avro type needs a Flink serializer. Plain Avro, not the relocated copy the registry client uses.
 *
 * @param <T> the domain record written
 * @param <A> the Avro record it becomes in the file
 */
public final class AvroContainerWriter<T, A extends SpecificRecord> implements BulkWriter<T> {
  private final DataFileWriter<A> writer;
  private final Function<T, A> toAvro;

  private AvroContainerWriter(
      FSDataOutputStream out, Class<A> type, Function<T, A> toAvro, Map<String, String> metadata)
      throws IOException {
    this.toAvro = toAvro;
    // The class's own model knows its logical types (decimals, timestamps); the schema alone not.
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    this.writer = new DataFileWriter<>(new SpecificDatumWriter<A>(schema, model));
    writer.setCodec(CodecFactory.deflateCodec(6));
    metadata.forEach(writer::setMeta);
    writer.create(schema, out);
  }

  /**
   * A factory for {@code FileSink.forBulkFormat}.
   *
   * @param type the generated Avro class of the file's records, e.g. {@code FeatureVector.class}
   * @param toAvro maps one domain record to its Avro form; must be serializable
   * @param metadata key–value pairs written to every file's header (e.g. the producing job)
   */
  public static <T, A extends SpecificRecord> BulkWriter.Factory<T> factory(
      Class<A> type, SerializableMapping<T, A> toAvro, Map<String, String> metadata) {
    Map<String, String> header = Map.copyOf(metadata);
    return out -> new AvroContainerWriter<>(out, type, toAvro, header);
  }

  @Override
  public void addElement(T element) throws IOException {
    writer.append(toAvro.apply(element));
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  /** Writes the last block; the stream stays open, as {@link BulkWriter#finish()} requires. */
  @Override
  public void finish() throws IOException {
    writer.flush();
  }

  /** A mapping function Flink can ship with the job graph. */
  @FunctionalInterface
  public interface SerializableMapping<T, A> extends Function<T, A>, Serializable {}
}
