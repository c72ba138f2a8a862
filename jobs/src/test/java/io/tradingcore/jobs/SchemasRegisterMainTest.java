package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.local.Ports;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schemas-register command against the local registry over HTTP. */
class SchemasRegisterMainTest {
  @TempDir Path dir;

  private LocalSchemaRegistry registry;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    registry = LocalSchemaRegistry.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void registersEveryTopicsSchemaWithItsHistoryAndLevel() {
    int code = run("--registry-url", registry.url());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Schema registry " + registry.url() + "\n")
        .containsPattern("  orders\\.v1-value +BACKWARD_TRANSITIVE +registered: version 2, id \\d+")
        .contains("new subject: released versions 1–2 registered first")
        .contains("compatibility level set to BACKWARD_TRANSITIVE (was BACKWARD)")
        .endsWith(Topic.values().length + " subjects: " + Topic.values().length + " registered\n");
    RegistryClient client = new RegistryClient(registry.url());
    for (Topic topic : Topic.values()) {
      assertThat(client.idOf(topic.valueSubject(), topic.valueSchema())).isPresent();
    }

    StringWriter second = new StringWriter();
    int again =
        SchemasRegisterMain.run(
            new PrintWriter(second, true),
            new PrintWriter(err, true),
            "--registry-url",
            registry.url());
    assertThat(again).isZero();
    assertThat(second.toString())
        .endsWith(
            Topic.values().length
                + " subjects: "
                + Topic.values().length
                + " already registered\n");
  }

  @Test
  void aRefusedDraftIsExplainedAndExitsOne() throws Exception {
    run("--registry-url", registry.url(), "--subject", "fills.v1-value");
    Path draft = dir.resolve("fills-draft.avsc");
    Files.writeString(
        draft,
        Topic.FILLS
            .valueSchema()
            .toString()
            .replaceFirst(
                "\"fields\":\\[", "\"fields\":[{\"name\":\"venue\",\"type\":\"string\"},"));

    StringWriter refused = new StringWriter();
    int code =
        SchemasRegisterMain.run(
            new PrintWriter(refused, true),
            new PrintWriter(err, true),
            "--registry-url",
            registry.url(),
            "--schema",
            "fills.v1-value=" + draft,
            "--subject",
            "fills.v1-value");

    assertThat(code).isEqualTo(1);
    assertThat(refused.toString())
        .contains(
            "fills.v1-value  BACKWARD_TRANSITIVE  REFUSED: incompatible with what the registry holds")
        .contains("- READER_FIELD_MISSING_DEFAULT_VALUE: The field 'venue' at path '/fields/0'")
        .contains("fix: give the new field a default")
        .contains("the registry answered HTTP 409: nothing was registered")
        .contains("1 subject: 1 refused")
        .doesNotContain("Exception");
    assertThat(new RegistryClient(registry.url()).versionsOf("fills.v1-value")).containsExactly(1);
  }

  @Test
  void aCheckRegistersNothing() {
    int code =
        run("--registry-url", registry.url(), "--check-only", "--subject", "orders.v1-value");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("(check only: nothing changes)")
        .contains("compatible: the registry would accept it")
        .contains("new subject: nothing registered to check against");
    assertThat(new RegistryClient(registry.url()).subjects()).isEmpty();
  }

  @Test
  void badInputIsNamed() throws Exception {
    assertThat(run("--registry-url", registry.url(), "--subject", "nope-value")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--subject nope-value: no topic of this build has that subject");

    Path notAvro = Files.writeString(dir.resolve("x.avsc"), "{\"type\":\"recordz\"}");
    assertThat(run("--registry-url", registry.url(), "--schema", "orders.v1-value=" + notAvro))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--schema orders.v1-value=" + notAvro + ": not an Avro schema");

    assertThat(run("--registry-url", registry.url(), "--schema", "orders.v1-value=/no/such.avsc"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("/no/such.avsc: no such file");
  }

  @Test
  void anUnreachableRegistryIsOneLine() {
    int port = Ports.pickFree();

    int code = run("--registry-url", "http://127.0.0.1:" + port);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("error: Schema registry at http://127.0.0.1:" + port + " could not ")
        .doesNotContain("\tat ");
  }

  private int run(String... args) {
    return SchemasRegisterMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
