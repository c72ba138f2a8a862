package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.testing.KafkaTestStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replayer against a real broker and registry: what it publishes, and what it refuses. */
@Tag("slow")
class ReplayerITCase {
  private static KafkaTestStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = KafkaTestStack.start();
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void reportsAMalformedCsvLineWithFileAndLineAndReplaysTheRest(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("AAPL_1min.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "timestamp,open,high,low,close,volume",
            "2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925",
            "2019-02-11 09:32:00,170.92,oops,170.6755,170.7701,123138",
            "2019-02-11 09:33:00,170.77,170.83,170.3477,170.35,168622",
            "2019-02-11 09:34:00,170.35,170.9,170.30,170.123456789,98000",
            "2019-02-11 09:35:00,170.36,170.82,170.36,170.5974,98896"));
    Replayer replayer = new Replayer(stack.bootstrapServers(), stack.registry(), ReplaySpeed.MAX);
    replayer.from(CsvBarSource.open(dir, List.of("AAPL"), replayer));

    replayer.run();

    assertThat(replayer.failure()).isNull();
    assertThat(replayer.barsPublished()).as("the run continued past the bad lines").isEqualTo(3);
    assertThat(replayer.recordsQuarantined()).isEqualTo(2);
    List<Bar> bars = stack.reader().readAll(Topic.BARS);
    assertThat(bars)
        .extracting(b -> b.getClose().stripTrailingZeros().toPlainString())
        .containsExactly("170.97", "170.35", "170.5974");
    List<QuarantinedRecord> quarantined = stack.reader().readAll(Topic.QUARANTINE);
    assertThat(quarantined).hasSize(2);
    QuarantinedRecord bad = quarantined.get(0);
    assertThat(bad.getSource()).isEqualTo(file.toString());
    assertThat(bad.getOffset()).as("line number").isEqualTo(3L);
    assertThat(bad.getReason()).isEqualTo(QuarantineReason.NOT_A_NUMBER);
    assertThat(StandardCharsets.UTF_8.decode(bad.getPayload()).toString())
        .isEqualTo("2019-02-11 09:32:00,170.92,oops,170.6755,170.7701,123138");
    assertThat(bad.getDetectedBy()).isEqualTo("replayer");
    QuarantinedRecord tooPrecise = quarantined.get(1);
    assertThat(tooPrecise.getOffset()).isEqualTo(5L);
    assertThat(tooPrecise.getReason()).isEqualTo(QuarantineReason.SCHEMA_VIOLATION);
    assertThat(tooPrecise.getDetail())
        .contains("more than 8 decimals")
        .contains("close='170.123456789'");
  }
}
