package io.tradingcore.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroContainerWriterTest {
  @TempDir Path dir;

  @Test
  void writesAContainerFileAnyAvroReaderOpens() throws Exception {
    File file = dir.resolve("part-0.avro").toFile();
    BulkWriter.Factory<Integer> factory =
        AvroContainerWriter.factory(
            FeatureVector.class, AvroContainerWriterTest::vector, Map.of("producer", "test"));

    org.apache.flink.core.fs.Path path = org.apache.flink.core.fs.Path.fromLocalFile(file);
    try (FSDataOutputStream out =
        FileSystem.getLocalFileSystem().create(path, FileSystem.WriteMode.NO_OVERWRITE)) {
      BulkWriter<Integer> writer = factory.create(out);
      for (int i = 0; i < 1_000; i++) {
        writer.addElement(i);
      }
      writer.finish();
    }

    List<FeatureVector> read = new ArrayList<>();
    try (DataFileReader<FeatureVector> reader =
        new DataFileReader<>(file, new SpecificDatumReader<>(FeatureVector.class))) {
      assertThat(reader.getMetaString("producer")).isEqualTo("test");
      assertThat(reader.getMetaString("avro.codec")).isEqualTo("deflate");
      reader.forEach(read::add);
    }
    assertThat(read).hasSize(1_000);
    assertThat(read.get(999)).isEqualTo(vector(999));
    assertThat(read.get(7).getClose()).isEqualByComparingTo("107.00000001");
  }

  private static FeatureVector vector(int i) {
    return FeatureVector.newBuilder()
        .setEntity("AAPL")
        .setScope(FeatureScope.ASSET)
        .setFeatureSet("asset")
        .setFeatureSetVersion(1)
        .setBarStart(Instant.ofEpochMilli(60_000L * i))
        .setBarEnd(Instant.ofEpochMilli(60_000L * (i + 1)))
        .setNames(List.of("spread", "rsi"))
        .setValues(List.of(i / 1000.0, Double.NaN))
        .setWarm(i > 20)
        .setClose(new BigDecimal("100.00000001").add(BigDecimal.valueOf(i)).setScale(8))
        .setTsInit(Instant.EPOCH)
        .build();
  }
}
