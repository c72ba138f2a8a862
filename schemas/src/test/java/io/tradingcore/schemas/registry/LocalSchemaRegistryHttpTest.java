package io.tradingcore.schemas.registry;

import static io.tradingcore.schemas.registry.RegistryHttp.json;
import static io.tradingcore.schemas.registry.RegistryHttp.schemaBody;
import static io.tradingcore.schemas.registry.TestSchemas.OTHER;
import static io.tradingcore.schemas.registry.TestSchemas.V1;
import static io.tradingcore.schemas.registry.TestSchemas.V2_WITHOUT_DEFAULT;
import static io.tradingcore.schemas.registry.TestSchemas.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.schemas.registry.RegistryHttp.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Exercises every endpoint over real HTTP, checking the paths, bodies, status codes and error codes
 * against what Confluent's server answers. Tests share one server, so each uses its own subjects.
 */
class LocalSchemaRegistryHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalSchemaRegistry registry;
  private static RegistryHttp http;

  @BeforeAll
  static void startRegistry() {
    registry = LocalSchemaRegistry.start("localhost", 0);
    http = new RegistryHttp(registry.url());
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static int register(String subject, String schema) {
    Reply reply = http.post("/subjects/" + subject + "/versions", schemaBody(schema));
    assertThat(reply.status()).as("register %s: %s", subject, reply.body()).isEqualTo(200);
    return reply.body().get("id").asInt();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asInt()));
    return values;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  private static String canonical(String schema) throws Exception {
    return JSON.writeValueAsString(JSON.readTree(schema));
  }

  @Nested
  class Registering {

    @Test
    void returnsTheNewSchemaId() {
      Reply reply = http.post("/subjects/reg-new/versions", schemaBody(V1));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
      assertThat(reply.body().get("id").asInt()).isPositive();
    }

    @Test
    void reRegisteringTheSameSchemaKeepsItsIdAndAddsNoVersion() {
      int first = register("reg-again", V1);
      // Same schema, different whitespace: Confluent compares canonical forms.
      int second = register("reg-again", V1.replace(",", " ,  "));

      assertThat(second).isEqualTo(first);
      assertThat(ints(http.get("/subjects/reg-again/versions").body())).containsExactly(1);
    }

    @Test
    void reRegisteringAnOlderVersionReturnsItsIdWithoutCheckingCompatibility() throws Exception {
      int v1 = register("reg-older", V1);
      register("reg-older", V2_WITH_DEFAULT);

      assertThat(register("reg-older", V1)).isEqualTo(v1);
      assertThat(ints(http.get("/subjects/reg-older/versions").body())).containsExactly(1, 2);
    }

    @Test
    void addsACompatibleEvolutionAsTheNextVersion() {
      int v1 = register("reg-evolve", V1);
      int v2 = register("reg-evolve", V2_WITH_DEFAULT);

      assertThat(v2).isNotEqualTo(v1);
      assertThat(ints(http.get("/subjects/reg-evolve/versions").body())).containsExactly(1, 2);
    }

    @Test
    void refusesIncompatibleSchemaWith409() {
      register("reg-incompatible", V1);

      Reply reply =
          http.post("/subjects/reg-incompatible/versions", schemaBody(V2_WITHOUT_DEFAULT));

      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.errorCode()).isEqualTo(409);
      assertThat(reply.message())
          .contains("incompatible", "reg-incompatible", "BACKWARD")
          .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "'venue'");
      assertThat(ints(http.get("/subjects/reg-incompatible/versions").body())).containsExactly(1);
    }

    @Test
    void followsTheSubjectLevelOverTheGlobalOne() {
      register("reg-level-none", V1);
      http.put("/config/reg-level-none", json(Map.of("compatibility", "NONE")));

      Reply reply = http.post("/subjects/reg-level-none/versions", schemaBody(V2_WITHOUT_DEFAULT));

      assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void followsTheGlobalLevelWhenTheSubjectHasNone() {
      register("reg-level-global", V1);
      http.put("/config", json(Map.of("compatibility", "NONE")));
      try {
        Reply reply =
            http.post("/subjects/reg-level-global/versions", schemaBody(V2_WITHOUT_DEFAULT));

        assertThat(reply.status()).isEqualTo(200);
      } finally {
        http.put("/config", json(Map.of("compatibility", "BACKWARD")));
      }
    }

    @Test
    void givesTheSameSchemaTheSameIdUnderEverySubject() {
      int underOne = register("reg-shared-a", OTHER);
      int underOther = register("reg-shared-b", OTHER);

      assertThat(underOther).isEqualTo(underOne);
    }

    @Test
    void acceptsExplicitAvroTypeAndTheQueryParametersConfluentsClientSends() {
      Reply reply =
          http.post(
              "/subjects/reg-params/versions?normalize=false",
              json(Map.of("schema", V1, "schemaType", "AVRO", "references", List.of())));

      assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void keepsConcurrentRegistrationsConsistent() throws Exception {
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> ids = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          String schema = i % 2 == 0 ? V1 : V2_WITH_DEFAULT;
          Callable<Integer> call =
              () -> {
                start.await();
                return register("reg-concurrent", schema);
              };
          ids.add(pool.submit(call));
        }
        start.countDown();
        Set<Integer> distinct = new HashSet<>();
        for (Future<Integer> id : ids) {
          distinct.add(id.get());
        }

        assertThat(distinct).hasSize(2);
        assertThat(ints(http.get("/subjects/reg-concurrent/versions").body()))
            .containsExactly(1, 2);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class InvalidRequests {

    @Test
    void refusesInvalidSchemaJsonWith42201() {
      Reply reply = http.post("/subjects/bad-json/versions", schemaBody("{\"type\": \"record\""));

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.errorCode()).isEqualTo(42201);
      assertThat(reply.message()).startsWith("Invalid schema").doesNotContain("shaded");
    }

    @Test
    void refusesASchemaAvroRejectsWith42201() {
      Reply reply = http.post("/subjects/bad-avro/versions", schemaBody("{\"type\": \"record\"}"));

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.errorCode()).isEqualTo(42201);
      assertThat(reply.message()).contains("No name in schema");
    }

    @Test
    void refusesSchemaTypesOtherThanAvroWith42201() {
      Reply reply =
          http.post(
              "/subjects/bad-type/versions",
              json(Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")));

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.errorCode()).isEqualTo(42201);
      assertThat(reply.message()).contains("PROTOBUF", "only AVRO");
    }

    @Test
    void refusesAMissingSchemaWith42201() {
      Reply reply = http.post("/subjects/bad-empty/versions", "{}");

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.errorCode()).isEqualTo(42201);
    }

    @Test
    void refusesAnUnparseableBodyWith400() {
      Reply reply = http.post("/subjects/bad-body/versions", "{not json");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.errorCode()).isEqualTo(400);
    }

    @Test
    void answersAnUnknownPathWith404InConfluentsErrorFormat() {
      Reply reply = http.get("/no/such/path");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(404);
      assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void answersAWrongMethodWith405() {
      Reply reply = http.send("PATCH", "/subjects", "{}");

      assertThat(reply.status()).isEqualTo(405);
      assertThat(reply.errorCode()).isEqualTo(405);
    }

    @Test
    void answersTheRootWithAnEmptyObjectAsAHealthCheck() {
      Reply reply = http.get("/");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().isObject()).isTrue();
      assertThat(reply.body().size()).isZero();
    }
  }

  @Nested
  class Subjects {

    @Test
    void listsSubjectsSorted() {
      register("list-b", V1);
      register("list-a", V1);

      List<String> subjects = strings(http.get("/subjects?deleted=false").body());

      assertThat(subjects).contains("list-a", "list-b").isSorted();
    }

    @Test
    void listsOnlySubjectsWithVersionsNotOnesThatWereMerelyLookedUp() {
      http.post("/subjects/list-looked-up", schemaBody(V1));

      assertThat(strings(http.get("/subjects").body())).doesNotContain("list-looked-up");
    }

    @Test
    void filtersSubjectsByPrefix() {
      register("prefix-x-one", V1);
      register("prefix-y-one", V1);

      assertThat(strings(http.get("/subjects?subjectPrefix=prefix-x").body()))
          .containsExactly("prefix-x-one");
    }

    @Test
    void answersAnUnknownSubjectsVersionsWith40401() {
      Reply reply = http.get("/subjects/no-such-subject/versions");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40401);
      assertThat(reply.message()).isEqualTo("Subject 'no-such-subject' not found.");
    }

    @Test
    void getsAVersionByNumberAndAsLatest() throws Exception {
      int v1 = register("get-version", V1);
      int v2 = register("get-version", V2_WITH_DEFAULT);

      JsonNode first = http.get("/subjects/get-version/versions/1").body();
      JsonNode latest = http.get("/subjects/get-version/versions/latest").body();
      JsonNode minusOne = http.get("/subjects/get-version/versions/-1").body();

      assertThat(fieldNames(first)).containsExactly("id", "schema", "subject", "version");
      assertThat(first.get("subject").asText()).isEqualTo("get-version");
      assertThat(first.get("version").asInt()).isEqualTo(1);
      assertThat(first.get("id").asInt()).isEqualTo(v1);
      assertThat(canonical(first.get("schema").asText())).isEqualTo(canonical(V1));
      assertThat(latest.get("version").asInt()).isEqualTo(2);
      assertThat(latest.get("id").asInt()).isEqualTo(v2);
      assertThat(minusOne).isEqualTo(latest);
    }

    @Test
    void answersAnUnknownVersionWith40402() {
      register("unknown-version", V1);

      Reply reply = http.get("/subjects/unknown-version/versions/7");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40402);
    }

    @Test
    void answersAVersionOfAnUnknownSubjectWith40401() {
      Reply reply = http.get("/subjects/unknown-subject/versions/latest");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40401);
    }

    @Test
    void refusesAVersionThatIsNotANumberWith42202() {
      register("invalid-version", V1);

      assertThat(http.get("/subjects/invalid-version/versions/first").errorCode()).isEqualTo(42202);
      assertThat(http.get("/subjects/invalid-version/versions/0").errorCode()).isEqualTo(42202);
    }

    @Test
    void servesTheRawSchemaOfAVersion() throws Exception {
      register("raw-schema", V1);

      Reply reply = http.get("/subjects/raw-schema/versions/latest/schema");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo(JSON.readTree(V1));
    }

    @Test
    void decodesPercentEncodedSubjectNames() {
      register("with%20space", V1);

      assertThat(strings(http.get("/subjects").body())).contains("with space");
      assertThat(http.get("/subjects/with%20space/versions/1").body().get("subject").asText())
          .isEqualTo("with space");
    }

    @Test
    void looksUpASchemaRegisteredUnderTheSubject() {
      int id = register("lookup-hit", V1);
      register("lookup-hit", V2_WITH_DEFAULT);

      Reply reply = http.post("/subjects/lookup-hit?normalize=false&deleted=false", schemaBody(V1));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().get("subject").asText()).isEqualTo("lookup-hit");
      assertThat(reply.body().get("version").asInt()).isEqualTo(1);
      assertThat(reply.body().get("id").asInt()).isEqualTo(id);
      assertThat(reply.body().has("schema")).isTrue();
    }

    @Test
    void answersALookupOfAnUnregisteredSchemaWith40403() {
      register("lookup-miss", V1);

      Reply reply = http.post("/subjects/lookup-miss", schemaBody(OTHER));

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40403);
      assertThat(reply.message()).isEqualTo("Schema not found");
    }

    @Test
    void answersALookupUnderAnUnknownSubjectWith40401AsConfluentDoes() {
      Reply reply = http.post("/subjects/lookup-no-subject", schemaBody(V1));

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40401);
    }

    @Test
    void deletesASubjectAndReturnsItsVersions() {
      int id = register("delete-me", V1);
      register("delete-me", V2_WITH_DEFAULT);

      Reply reply = http.delete("/subjects/delete-me");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(ints(reply.body())).containsExactly(1, 2);
      assertThat(http.get("/subjects/delete-me/versions").errorCode()).isEqualTo(40401);
      assertThat(strings(http.get("/subjects").body())).doesNotContain("delete-me");
      // As after Confluent's soft delete, the id still resolves for readers of old records.
      assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
    }

    @Test
    void answersDeletingAnUnknownSubjectWith40401() {
      Reply reply = http.delete("/subjects/never-registered");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40401);
    }
  }

  @Nested
  class SchemasById {

    @Test
    void servesASchemaById() throws Exception {
      int id = register("by-id", V1);

      Reply reply = http.get("/schemas/ids/" + id + "?fetchMaxId=false&subject=by-id");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(canonical(reply.body().get("schema").asText())).isEqualTo(canonical(V1));
    }

    @Test
    void servesTheRawSchemaById() throws Exception {
      int id = register("by-id-raw", V1);

      assertThat(http.get("/schemas/ids/" + id + "/schema").body()).isEqualTo(JSON.readTree(V1));
    }

    @Test
    void answersAnUnknownIdWith40403NotTheMocks40401() {
      Reply reply = http.get("/schemas/ids/99999");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40403);
      assertThat(reply.message()).contains("99999", "not found");
    }

    @Test
    void answersAnIdThatIsNotANumberWith40403() {
      assertThat(http.get("/schemas/ids/abc").errorCode()).isEqualTo(40403);
    }

    @Test
    void listsTheSubjectVersionsThatUseAnId() {
      String schema = V1.replace("Trade", "Shared");
      int id = register("usage-b", schema);
      register("usage-a", schema);

      Reply versions = http.get("/schemas/ids/" + id + "/versions");
      Reply subjects = http.get("/schemas/ids/" + id + "/subjects");

      assertThat(versions.status()).isEqualTo(200);
      assertThat(versions.body().toString())
          .isEqualTo(
              "[{\"subject\":\"usage-a\",\"version\":1},{\"subject\":\"usage-b\",\"version\":1}]");
      assertThat(strings(subjects.body())).containsExactly("usage-a", "usage-b");
      assertThat(http.get("/schemas/ids/99999/versions").errorCode()).isEqualTo(40403);
    }

    @Test
    void listsAvroAsTheOnlySchemaType() {
      assertThat(strings(http.get("/schemas/types").body())).containsExactly("AVRO");
    }
  }

  @Nested
  class Compatibility {

    @Test
    void reportsACompatibleSchema() {
      register("compat-ok", V1);

      Reply reply =
          http.post(
              "/compatibility/subjects/compat-ok/versions/latest", schemaBody(V2_WITH_DEFAULT));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().toString()).isEqualTo("{\"is_compatible\":true}");
    }

    @Test
    void explainsAnIncompatibleSchemaWhenVerbose() {
      register("compat-verbose", V1);

      Reply reply =
          http.post(
              "/compatibility/subjects/compat-verbose/versions/latest?verbose=true",
              schemaBody(V2_WITHOUT_DEFAULT));

      assertThat(reply.body().get("is_compatible").asBoolean()).isFalse();
      assertThat(strings(reply.body().get("messages")))
          .anySatisfy(message -> assertThat(message).contains("'venue'"));
    }

    @Test
    void leavesMessagesOutUnlessVerbose() {
      register("compat-terse", V1);

      Reply reply =
          http.post(
              "/compatibility/subjects/compat-terse/versions/latest",
              schemaBody(V2_WITHOUT_DEFAULT));

      assertThat(reply.body().toString()).isEqualTo("{\"is_compatible\":false}");
    }

    @Test
    void treatsASubjectWithNoVersionsAsCompatible() {
      Reply reply =
          http.post(
              "/compatibility/subjects/compat-empty/versions/latest?verbose=true", schemaBody(V1));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().get("is_compatible").asBoolean()).isTrue();
      assertThat(reply.body().get("messages")).isEmpty();
    }

    @Test
    void checksAgainstTheNamedVersion() {
      register("compat-named", V1);
      http.put("/config/compat-named", json(Map.of("compatibility", "NONE")));
      register("compat-named", V2_WITHOUT_DEFAULT);
      http.put("/config/compat-named", json(Map.of("compatibility", "FORWARD")));

      // FORWARD: old readers must read new data. V1's reader reads anything with a price...
      Reply againstV1 =
          http.post("/compatibility/subjects/compat-named/versions/1", schemaBody(V1));
      // ...but V2's reader needs a venue, which V1-shaped data lacks.
      Reply againstV2 =
          http.post("/compatibility/subjects/compat-named/versions/2", schemaBody(V1));

      assertThat(againstV1.body().get("is_compatible").asBoolean()).isTrue();
      assertThat(againstV2.body().get("is_compatible").asBoolean()).isFalse();
    }

    @Test
    void checksAgainstAllVersionsUnderATransitiveLevel() {
      register("compat-all", V1);
      register(
          "compat-all",
          """
          {"type":"record","name":"Trade","namespace":"test","fields":[
            {"name":"price","type":"int","default":0}]}""");
      http.put("/config/compat-all", json(Map.of("compatibility", "FORWARD_TRANSITIVE")));
      // Readers of version 2 default the missing price; readers of version 1 cannot.
      String withoutPrice =
          """
          {"type":"record","name":"Trade","namespace":"test","fields":[
            {"name":"venue","type":"string"}]}""";

      // The path without a version, with the trailing slash Confluent's client uses.
      Reply all =
          http.post("/compatibility/subjects/compat-all/versions/", schemaBody(withoutPrice));
      Reply latest =
          http.post("/compatibility/subjects/compat-all/versions/latest", schemaBody(withoutPrice));

      assertThat(all.body().get("is_compatible").asBoolean()).isFalse();
      assertThat(latest.body().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void answersAnUnknownVersionWith40402() {
      register("compat-unknown-version", V1);

      Reply reply =
          http.post("/compatibility/subjects/compat-unknown-version/versions/5", schemaBody(V1));

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40402);
    }
  }

  @Nested
  class Config {

    @Test
    void reportsTheGlobalLevelAsCompatibilityLevel() {
      Reply reply = http.get("/config");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void setsTheGlobalLevelAndEchoesItAsCompatibility() {
      try {
        Reply reply = http.put("/config", json(Map.of("compatibility", "full")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(http.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
      } finally {
        http.put("/config", json(Map.of("compatibility", "BACKWARD")));
      }
    }

    @Test
    void answersAnUnsetSubjectLevelWith40408() {
      Reply reply = http.get("/config/config-unset");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo(40408);
    }

    @Test
    void fallsBackToTheGlobalLevelWhenAskedTo() {
      Reply reply = http.get("/config/config-unset?defaultToGlobal=true");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void setsAndReadsASubjectLevel() {
      Reply put =
          http.put("/config/config-set", json(Map.of("compatibility", "FORWARD_TRANSITIVE")));

      assertThat(put.body().toString()).isEqualTo("{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
      assertThat(http.get("/config/config-set").body().toString())
          .isEqualTo("{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}");
    }

    @Test
    void deletesASubjectLevelSoTheSubjectFollowsTheGlobalAgain() {
      http.put("/config/config-delete", json(Map.of("compatibility", "NONE")));

      Reply deleted = http.delete("/config/config-delete");

      assertThat(deleted.status()).isEqualTo(200);
      assertThat(deleted.body().get("compatibilityLevel").asText()).isEqualTo("NONE");
      assertThat(http.get("/config/config-delete").errorCode()).isEqualTo(40408);
      assertThat(http.delete("/config/config-delete").errorCode()).isEqualTo(40408);
    }

    @Test
    void refusesAnInvalidLevelWith42203() {
      Reply global = http.put("/config", json(Map.of("compatibility", "SOMETIMES")));
      Reply subject = http.put("/config/config-invalid", "{}");

      assertThat(global.status()).isEqualTo(422);
      assertThat(global.errorCode()).isEqualTo(42203);
      assertThat(global.message()).contains("SOMETIMES", "backward_transitive");
      assertThat(subject.errorCode()).isEqualTo(42203);
      assertThat(http.get("/config").body().get("compatibilityLevel").asText())
          .isEqualTo("BACKWARD");
    }

    @Test
    void ignoresConfigFieldsItDoesNotKeep() {
      Reply reply =
          http.put(
              "/config/config-extra",
              json(Map.of("compatibility", "FULL", "normalize", true, "alias", "x")));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(http.get("/config/config-extra").body().get("compatibilityLevel").asText())
          .isEqualTo("FULL");
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
