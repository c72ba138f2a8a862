package io.tradingcore.export;

import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.FeatureVector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads back a folder of exported feature files and fingerprints their content.
 *
 * <p>The fingerprint is a SHA-256 over the records' Avro binary encoding, in (entity, bar end)
 * order (bars: symbol, end): the same history gives the same hash however Flink split it into
 * files, and although every container file starts with a random sync marker.
 */
public final class FeatureFiles {
  private FeatureFiles() {}

  /** The committed feature files in {@code folder} (in-progress and hidden files excluded). */
  public static List<Path> list(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(FeatureExportJob.FILE_SUFFIX))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every feature vector of the files, in (entity, bar end) order. */
  public static List<FeatureVector> read(List<Path> files) throws IOException {
    List<FeatureVector> records = read(files, FeatureVector.class);
    records.sort(
        Comparator.comparing((FeatureVector v) -> v.getEntity().toString())
            .thenComparing(FeatureVector::getBarEnd));
    return records;
  }

  /** Every record of the files, file by file. */
  public static <T extends SpecificRecord> List<T> read(List<Path> files, Class<T> type)
      throws IOException {
    List<T> records = new ArrayList<>();
    for (Path file : files) {
      try (DataFileReader<T> reader =
          new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
        reader.forEach(records::add);
      }
    }
    return records;
  }

  /** SHA-256, in hex, of the feature vectors' Avro binary encoding in the given order. */
  public static String contentHash(List<FeatureVector> records) {
    return contentHash(records, FeatureVector.class);
  }

  /**
   * The exported bars in (symbol, end) order: the order their {@link #contentHash} is taken in,
   * however Flink split them into files.
   */
  public static List<Bar> readBars(List<Path> files) throws IOException {
    List<Bar> bars = read(files, Bar.class);
    bars.sort(
        Comparator.comparing((Bar b) -> b.getSymbol().toString()).thenComparing(Bar::getEndTime));
    return bars;
  }

  /** SHA-256, in hex, of the records' Avro binary encoding in the given order. */
  public static <T extends SpecificRecord> String contentHash(List<T> records, Class<T> type) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      for (T record : records) {
        writer.write(record, encoder);
      }
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
