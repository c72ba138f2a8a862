package io.tradingcore.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro's compatibility rules under each mode, with the messages a data engineer reads. */
class SchemaEvolutionTest {
  private static final Schema V1 = record("{\"name\":\"qty\",\"type\":\"long\"}");

  @TempDir Path dir;

  @Test
  void aFieldAddedWithADefaultIsBackwardCompatible() {
    Schema v2 =
        record(
            "{\"name\":\"qty\",\"type\":\"long\"},"
                + "{\"name\":\"venue\",\"type\":[\"null\",\"string\"],\"default\":null}");

    assertThat(SchemaEvolution.problems("s", CompatibilityMode.BACKWARD, List.of(V1), v2))
        .isEmpty();
  }

  @Test
  void aFieldAddedWithoutADefaultNamesTheFieldAndTheRule() {
    Schema v2 =
        record("{\"name\":\"qty\",\"type\":\"long\"},{\"name\":\"venue\",\"type\":\"string\"}");

    assertThat(
            SchemaEvolution.problems(
                "orders.v1-value", CompatibilityMode.BACKWARD, List.of(V1), v2))
        .singleElement()
        .asString()
        .contains("orders.v1-value: the new schema cannot read data written with version 1")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE on field 'venue'")
        .contains("(at /fields/1)");
  }

  @Test
  void aChangedTypeIsATypeMismatchOnItsField() {
    Schema v2 = record("{\"name\":\"qty\",\"type\":\"string\"}");

    assertThat(SchemaEvolution.problems("s", CompatibilityMode.BACKWARD, List.of(V1), v2))
        .singleElement()
        .asString()
        .contains("TYPE_MISMATCH on field 'qty'");
  }

  @Test
  void forwardChecksThatOldReadersReadNewData() {
    // Removing a field is fine for new readers, but an old reader needs it and it has no default.
    Schema v2 = record("{\"name\":\"other\",\"type\":\"long\",\"default\":0}");

    assertThat(SchemaEvolution.problems("s", CompatibilityMode.BACKWARD, List.of(V1), v2))
        .as("the new reader defaults 'other'")
        .isEmpty();
    assertThat(SchemaEvolution.problems("s", CompatibilityMode.FORWARD, List.of(V1), v2))
        .singleElement()
        .asString()
        .contains("a reader on version 1 cannot read data written with the new schema")
        .contains("on field 'qty'");
    assertThat(SchemaEvolution.problems("s", CompatibilityMode.FULL, List.of(V1), v2)).hasSize(1);
    assertThat(SchemaEvolution.problems("s", CompatibilityMode.NONE, List.of(V1), v2)).isEmpty();
  }

  @Test
  void transitiveModesCheckEveryEarlierVersionNotOnlyTheLast() {
    Schema v2 =
        record(
            "{\"name\":\"qty\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}");
    Schema v3 = record("{\"name\":\"qty\",\"type\":\"long\"},{\"name\":\"b\",\"type\":\"string\"}");

    assertThat(SchemaEvolution.problems("s", CompatibilityMode.BACKWARD, List.of(V1, v2), v3))
        .as("v3 reads v2's data: b is there")
        .isEmpty();
    assertThat(
            SchemaEvolution.problems(
                "s", CompatibilityMode.BACKWARD_TRANSITIVE, List.of(V1, v2), v3))
        .singleElement()
        .asString()
        .contains("version 1")
        .contains("field 'b'");
  }

  @Test
  void aRemovedEnumSymbolIsMissingForOldData() {
    Schema withFok = enumRecord("\"DAY\",\"GTC\",\"FOK\"");
    Schema withoutFok = enumRecord("\"DAY\",\"GTC\"");

    assertThat(
            SchemaEvolution.problems("s", CompatibilityMode.BACKWARD, List.of(withFok), withoutFok))
        .singleElement()
        .asString()
        .contains("MISSING_ENUM_SYMBOLS on field 'tif'")
        .contains("FOK");
  }

  @Test
  void fieldPathsFollowArraysAndUnionsIntoNestedRecords() {
    Schema nested =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"positions\",\"type\":"
                    + "{\"type\":\"array\",\"items\":{\"type\":\"record\",\"name\":\"P\",\"fields\":["
                    + "{\"name\":\"symbol\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":[\"null\",\"long\"]}]}}}]}");

    assertThat(SchemaEvolution.fieldPath(nested, "/fields/0/type/items/fields/1/type/1"))
        .isEqualTo("positions.qty");
    assertThat(SchemaEvolution.fieldPath(nested, "/")).isEmpty();
  }

  @Test
  void aFolderHistoryReadsModesAndVersionsAndReleasesTheNextVersion() throws Exception {
    Files.writeString(
        dir.resolve(SchemaHistory.MODES), "default=BACKWARD_TRANSITIVE\nfills.v1-value=FULL\n");
    SchemaHistory history = SchemaHistory.in(dir);

    assertThat(history.modeOf("orders.v1-value")).isEqualTo(CompatibilityMode.BACKWARD_TRANSITIVE);
    assertThat(history.modeOf("fills.v1-value")).isEqualTo(CompatibilityMode.FULL);
    assertThat(history.versions("s")).isEmpty();
    assertThat(history.release("s", V1)).isEqualTo(dir.resolve("s").resolve("1.avsc"));
    assertThat(history.release("s", V1)).isEqualTo(dir.resolve("s").resolve("2.avsc"));
    assertThat(history.versions("s")).containsExactly(V1, V1);

    Files.writeString(dir.resolve(SchemaHistory.MODES), "default=SIDEWAYS\n");
    assertThatThrownBy(() -> SchemaHistory.in(dir).modeOf("s"))
        .hasMessageContaining("gives 'SIDEWAYS' for s")
        .hasMessageContaining("BACKWARD_TRANSITIVE");
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
  }

  private static Schema enumRecord(String symbols) {
    return new Schema.Parser()
        .parse(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"tif\",\"type\":"
                + "{\"type\":\"enum\",\"name\":\"Tif\",\"symbols\":["
                + symbols
                + "]}}]}");
  }
}
