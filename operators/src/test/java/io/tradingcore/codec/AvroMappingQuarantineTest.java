package io.tradingcore.codec;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvroMappingQuarantineTest {
  @Test
  void aRefusedBarComesBackWithItsKeyPayloadAndReason() {
    Quarantined refused =
        Quarantined.ofBar(
            bar("AAPL").flatAt("101.5").build(),
            QuarantineReason.PRICE_JUMP,
            "close 9.1 σ from the mean",
            "bar-quality-gate");

    Quarantined back =
        AvroMapping.toDomain(AvroMapping.toAvro(refused, Instant.parse("2024-01-08T14:31:00Z")));

    assertThat(back.key()).isEqualTo("AAPL");
    assertThat(new String(back.payload(), StandardCharsets.UTF_8))
        .isEqualTo(new String(refused.payload(), StandardCharsets.UTF_8))
        .contains("\"close\":101.5");
    assertThat(back).usingRecursiveComparison().ignoringFields("payload").isEqualTo(refused);
  }

  @Test
  void aRecordWithoutKeyOrPartitionKeepsThemNull() {
    Quarantined undecodable =
        new Quarantined(
            "md.bars.1m.v1",
            2,
            41L,
            null,
            new byte[] {0, 1, 2},
            QuarantineReason.UNDECODABLE,
            "magic byte 0x00 expected",
            "decode-bars");

    Quarantined back = AvroMapping.toDomain(AvroMapping.toAvro(undecodable, Instant.EPOCH));

    assertThat(back.key()).isNull();
    assertThat(back.partition()).isEqualTo(2);
    assertThat(back.offset()).isEqualTo(41L);
    assertThat(back.payload()).containsExactly(0, 1, 2);
  }
}
