package io.tradingcore.schemas.registry;

import static io.tradingcore.schemas.registry.TestSchemas.V1;
import static io.tradingcore.schemas.registry.TestSchemas.V2_WITHOUT_DEFAULT;
import static io.tradingcore.schemas.registry.TestSchemas.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tradingcore.schemas.avro.Order;
import java.io.IOException;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.entities.Config;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.entities.SubjectVersion;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confluent's own client (the copy relocated inside Flink's avro-confluent-registry jar) against
 * the local registry: if it works here it works for Flink's {@code avro-confluent} format too.
 * Reads go through a fresh client, because the client caches what it registered and would otherwise
 * answer without asking the server.
 */
class ConfluentClientInteropTest {

  private static final int CACHE_CAPACITY = 100;

  private static LocalSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = LocalSchemaRegistry.start("localhost", 0);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static SchemaRegistryClient freshClient() {
    return new CachedSchemaRegistryClient(registry.url(), CACHE_CAPACITY);
  }

  @Test
  void registersAProjectContractAndResolvesItByIdAndSubject() throws Exception {
    // Generated classes use plain Avro, the client relocated Avro: they meet only as JSON text.
    AvroSchema order = new AvroSchema(Order.getClassSchema().toString());
    String subject = "orders.v1-value";

    int id = freshClient().register(subject, order);
    SchemaRegistryClient reader = freshClient();

    assertThat(freshClient().register(subject, order)).isEqualTo(id);
    assertThat(reader.getId(subject, order)).isEqualTo(id);
    assertThat(reader.getVersion(subject, order)).isEqualTo(1);
    assertThat(reader.getSchemaById(id).canonicalString()).isEqualTo(order.canonicalString());
    assertThat(reader.getAllVersions(subject)).containsExactly(1);
    assertThat(reader.getAllSubjects()).contains(subject);
    assertThat(reader.getAllSubjectsById(id)).containsExactly(subject);
    assertThat(reader.getAllVersionsById(id)).containsExactly(new SubjectVersion(subject, 1));
    SchemaMetadata latest = reader.getLatestSchemaMetadata(subject);
    assertThat(latest.getId()).isEqualTo(id);
    assertThat(latest.getVersion()).isEqualTo(1);
    assertThat(new AvroSchema(latest.getSchema()).canonicalString())
        .isEqualTo(order.canonicalString());
  }

  @Test
  void evolvesASubjectThroughVersions() throws Exception {
    SchemaRegistryClient writer = freshClient();
    int v1 = writer.register("evolving", new AvroSchema(V1));
    int v2 = writer.register("evolving", new AvroSchema(V2_WITH_DEFAULT));

    SchemaRegistryClient reader = freshClient();
    assertThat(reader.getAllVersions("evolving")).containsExactly(1, 2);
    assertThat(reader.getSchemaMetadata("evolving", 1).getId()).isEqualTo(v1);
    assertThat(reader.getLatestSchemaMetadata("evolving").getId()).isEqualTo(v2);
    assertThat(reader.getVersion("evolving", new AvroSchema(V2_WITH_DEFAULT))).isEqualTo(2);
  }

  @Test
  void testsCompatibilityOnTheServer() throws Exception {
    SchemaRegistryClient client = freshClient();
    client.register("compatibility", new AvroSchema(V1));

    assertThat(client.testCompatibility("compatibility", new AvroSchema(V2_WITH_DEFAULT))).isTrue();
    assertThat(client.testCompatibility("compatibility", new AvroSchema(V2_WITHOUT_DEFAULT)))
        .isFalse();
    assertThat(client.testCompatibilityVerbose("compatibility", new AvroSchema(V2_WITHOUT_DEFAULT)))
        .anySatisfy(message -> assertThat(message).contains("'venue'"));
    assertThat(client.testCompatibility("no-versions-yet", new AvroSchema(V1))).isTrue();
  }

  @Test
  void seesAnIncompatibleRegistrationRefusedWith409() throws Exception {
    SchemaRegistryClient client = freshClient();
    client.register("refused", new AvroSchema(V1));

    RestClientException refused =
        catchThrowableOfType(
            () -> client.register("refused", new AvroSchema(V2_WITHOUT_DEFAULT)),
            RestClientException.class);

    assertThat(refused.getStatus()).isEqualTo(409);
    assertThat(refused.getErrorCode()).isEqualTo(409);
    assertThat(refused.getMessage()).contains("venue");
    assertThat(freshClient().getAllVersions("refused")).containsExactly(1);
  }

  @Test
  void updatesAndReadsSubjectConfig() throws Exception {
    SchemaRegistryClient client = freshClient();

    Config updated = client.updateConfig("configured", new Config("FULL"));

    assertThat(updated.getCompatibilityLevel()).isEqualTo("FULL");
    assertThat(client.getConfig("configured").getCompatibilityLevel()).isEqualTo("FULL");
    client.deleteConfig("configured");
    assertThat(
            catchThrowableOfType(() -> client.getConfig("configured"), RestClientException.class)
                .getErrorCode())
        .isEqualTo(40408);
  }

  @Test
  void updatesAndReadsGlobalConfig() throws Exception {
    SchemaRegistryClient client = freshClient();
    try {
      assertThat(client.getConfig(null).getCompatibilityLevel()).isEqualTo("BACKWARD");

      client.updateConfig(null, new Config("FORWARD"));

      assertThat(client.getConfig(null).getCompatibilityLevel()).isEqualTo("FORWARD");
    } finally {
      client.updateConfig(null, new Config("BACKWARD"));
    }
  }

  @Test
  void deletesASubject() throws Exception {
    freshClient().register("short-lived", new AvroSchema(V1));

    assertThat(freshClient().deleteSubject("short-lived")).containsExactly(1);
    assertThat(freshClient().getAllSubjects()).doesNotContain("short-lived");
  }

  @Test
  void receivesConfluentsErrorCodesForWhatIsMissing() throws IOException {
    SchemaRegistryClient client = freshClient();

    assertThat(errorCode(() -> client.getSchemaById(99999))).isEqualTo(40403);
    assertThat(errorCode(() -> client.getLatestSchemaMetadata("missing"))).isEqualTo(40401);
    assertThat(errorCode(() -> client.getId("missing", new AvroSchema(V1)))).isEqualTo(40401);
  }

  private static int errorCode(ClientCall call) {
    return catchThrowableOfType(call::run, RestClientException.class).getErrorCode();
  }

  @FunctionalInterface
  private interface ClientCall {
    void run() throws Exception;
  }
}
