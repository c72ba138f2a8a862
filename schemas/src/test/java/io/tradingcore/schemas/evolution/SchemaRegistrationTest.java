package io.tradingcore.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.evolution.SchemaRegistration.Outcome;
import io.tradingcore.schemas.evolution.SchemaRegistration.Result;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checking and registering against a live registry over HTTP (the local one). */
class SchemaRegistrationTest {
  private static final String ORDERS = Topic.ORDERS.valueSubject();

  private LocalSchemaRegistry server;
  private RegistryClient registry;

  @BeforeEach
  void start() {
    server = LocalSchemaRegistry.start("127.0.0.1", 0);
    registry = new RegistryClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aNewSubjectGetsItsLevelAndReleasedHistoryFirst() {
    Result result = registration(true).register(ORDERS, Topic.ORDERS.valueSchema());

    assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(result.level()).isEqualTo("BACKWARD_TRANSITIVE");
    // orders.v1-value has two released versions; this build's schema is the second.
    assertThat(result.version()).hasValue(2);
    assertThat(registry.versionsOf(ORDERS)).containsExactly(1, 2);
    assertThat(registry.compatibilityOf(ORDERS)).isEqualTo("BACKWARD_TRANSITIVE");
    assertThat(result.notes())
        .containsExactly(
            "compatibility level set to BACKWARD_TRANSITIVE (was BACKWARD)",
            "new subject: released versions 1–2 registered first");

    Result again = registration(true).register(ORDERS, Topic.ORDERS.valueSchema());
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_REGISTERED);
    assertThat(again.id()).isEqualTo(result.id());
    assertThat(again.notes()).isEmpty();
  }

  @Test
  void aFieldWithADefaultIsRegisteredAsTheNextVersion() {
    registration(true).register(ORDERS, Topic.ORDERS.valueSchema());

    Result result =
        registration(true)
            .register(
                ORDERS,
                withField(
                    Topic.ORDERS.valueSchema(),
                    "{\"name\":\"venue\",\"type\":[\"null\",\"string\"],\"default\":null,"
                        + "\"doc\":\"where to route\"}"));

    assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(result.version()).hasValue(3);
    assertThat(result.explanation()).isEmpty();
  }

  @Test
  void aRefusalIsExplainedPerVersionWithTheFieldRuleAndFix() {
    registration(true).register(ORDERS, Topic.ORDERS.valueSchema());
    Schema incompatible =
        withField(Topic.ORDERS.valueSchema(), "{\"name\":\"venue\",\"type\":\"string\"}");

    Result result = registration(true).register(ORDERS, incompatible);

    assertThat(result.outcome()).isEqualTo(Outcome.INCOMPATIBLE);
    assertThat(result.ok()).isFalse();
    assertThat(result.version()).isEmpty();
    assertThat(registry.versionsOf(ORDERS)).containsExactly(1, 2);
    assertThat(result.notes()).contains("the registry answered HTTP 409: nothing was registered");
    // The local registry, like Confluent's, stops at the first earlier version the schema breaks.
    assertThat(result.explanation())
        .singleElement()
        .asString()
        .startsWith("READER_FIELD_MISSING_DEFAULT_VALUE: The field 'venue' at path '/fields/20'")
        .endsWith(
            "fix: give the new field a default (e.g. \"type\": [\"null\", …], \"default\": null)");
    assertThat(String.join("\n", result.explanation())).doesNotContain("oldSchema");
  }

  @Test
  void aCheckChangesNothing() {
    SchemaRegistration check = registration(true);

    Result fresh = check.check(ORDERS, Topic.ORDERS.valueSchema());
    assertThat(fresh.outcome()).isEqualTo(Outcome.COMPATIBLE);
    assertThat(fresh.notes())
        .containsExactly(
            "the registry applies BACKWARD to orders.v1-value, this repository"
                + " BACKWARD_TRANSITIVE (registering sets it)",
            "new subject: nothing registered to check against");
    assertThat(registry.subjects()).isEmpty();

    check.register(ORDERS, Topic.ORDERS.valueSchema());
    Result bad =
        check.check(
            ORDERS, withField(Topic.ORDERS.valueSchema(), "{\"name\":\"venue\",\"type\":\"int\"}"));
    assertThat(bad.outcome()).isEqualTo(Outcome.INCOMPATIBLE);
    assertThat(bad.explanation()).isNotEmpty();
    assertThat(registry.versionsOf(ORDERS)).containsExactly(1, 2);
  }

  @Test
  void levelsAreLeftAloneWhenAsked() {
    Result result = registration(false).register(ORDERS, Topic.ORDERS.valueSchema());

    assertThat(result.level()).isEqualTo("BACKWARD");
    assertThat(registry.compatibilityOf(ORDERS)).isEqualTo("BACKWARD");
  }

  @Test
  void explainNamesTheVersionConfluentReportsAndDropsTheOldSchemaText() {
    List<String> confluent =
        List.of(
            "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field"
                + " in the new schema does not match with the old schema', additionalInfo:'reader"
                + " type: STRING not compatible with writer type: LONG'}",
            "{oldSchemaVersion: 3}",
            "{oldSchema: '{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}'}",
            "{validateFields: 'false', compatibility: 'BACKWARD'}",
            "something else the registry said");

    assertThat(SchemaRegistration.explain(confluent))
        .containsExactly(
            "against version 3: TYPE_MISMATCH: The type (path '/fields/0/type') of a field in the"
                + " new schema does not match with the old schema; fix: keep the field's type; add"
                + " a field with a new name (and a default) instead",
            "something else the registry said");
  }

  private SchemaRegistration registration(boolean applyLevels) {
    return new SchemaRegistration(registry, SchemaHistory.onClasspath(), applyLevels);
  }

  /** {@code record} with one more field, given as its JSON. */
  static Schema withField(Schema record, String fieldJson) {
    Schema field =
        new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"F\",\"fields\":[" + fieldJson + "]}");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field existing : record.getFields()) {
      fields.add(new Schema.Field(existing, existing.schema()));
    }
    Schema.Field added = field.getFields().get(0);
    fields.add(new Schema.Field(added, added.schema()));
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
