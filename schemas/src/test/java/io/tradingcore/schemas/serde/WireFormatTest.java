package io.tradingcore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.avro.QuarantineReason;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void framesWithMagicByteAndBigEndianSchemaId() {
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {9, 8});

    assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
    assertThat(WireFormat.schemaId(framed)).isEqualTo(0x01020304);
  }

  @Test
  void refusesAPayloadWithoutTheMagicByte() {
    byte[] json = "{\"symbol\":\"AAPL\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> WireFormat.schemaId(json))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.BAD_MAGIC_BYTE))
        .hasMessageContaining("unknown magic byte 0x7b")
        .hasMessageContaining("expected 0x00");
  }

  @Test
  void refusesAMessageShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.TRUNCATED))
        .hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> WireFormat.schemaId(null)).isInstanceOf(DecodeException.class);
  }
}
