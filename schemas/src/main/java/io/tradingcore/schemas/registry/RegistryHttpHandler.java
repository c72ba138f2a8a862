package io.tradingcore.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tradingcore.schemas.registry.Router.Reply;
import io.tradingcore.schemas.registry.WireFormat.CompatibilityResponse;
import io.tradingcore.schemas.registry.WireFormat.ConfigResponse;
import io.tradingcore.schemas.registry.WireFormat.ConfigUpdate;
import io.tradingcore.schemas.registry.WireFormat.ErrorResponse;
import io.tradingcore.schemas.registry.WireFormat.IdResponse;
import io.tradingcore.schemas.registry.WireFormat.SchemaRequest;
import io.tradingcore.schemas.registry.WireFormat.SchemaResponse;
import io.tradingcore.schemas.registry.WireFormat.SchemaStringResponse;
import io.tradingcore.schemas.registry.WireFormat.SubjectVersionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.CompatibilityLevel;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Confluent Schema Registry's REST API over a {@link SchemaStore}: the paths, bodies, status
 * codes and error format that Confluent's clients and {@code curl} scripts expect.
 */
final class RegistryHttpHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

  private final SchemaStore store;
  private final ObjectMapper json = new ObjectMapper();
  private final Router router = new Router();

  RegistryHttpHandler(SchemaStore store) {
    this.store = store;
    router
        .add("GET", "/", request -> Reply.ok(Map.of()))
        .add("GET", "/subjects", this::listSubjects)
        .add("GET", "/subjects/{subject}/versions", this::listVersions)
        .add("POST", "/subjects/{subject}/versions", this::register)
        .add("GET", "/subjects/{subject}/versions/{version}", this::getVersion)
        .add("GET", "/subjects/{subject}/versions/{version}/schema", this::getVersionSchema)
        .add("POST", "/subjects/{subject}", this::lookup)
        .add("DELETE", "/subjects/{subject}", this::deleteSubject)
        .add("GET", "/schemas/types", request -> Reply.ok(List.of(AvroSchema.TYPE)))
        .add("GET", "/schemas/ids/{id}", this::getSchemaById)
        .add("GET", "/schemas/ids/{id}/schema", this::getRawSchemaById)
        .add("GET", "/schemas/ids/{id}/versions", this::getVersionsById)
        .add("GET", "/schemas/ids/{id}/subjects", this::getSubjectsById)
        .add("POST", "/compatibility/subjects/{subject}/versions/{version}", this::checkOne)
        .add("POST", "/compatibility/subjects/{subject}/versions", this::checkAll)
        .add("GET", "/config", this::getGlobalConfig)
        .add("PUT", "/config", this::putGlobalConfig)
        .add("GET", "/config/{subject}", this::getSubjectConfig)
        .add("PUT", "/config/{subject}", this::putSubjectConfig)
        .add("DELETE", "/config/{subject}", this::deleteSubjectConfig);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply = dispatch(exchange);
      byte[] body = json.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private Reply dispatch(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    LOG.debug("{} {}", method, exchange.getRequestURI());
    try {
      Router.Match match = router.route(method, path);
      RegistryRequest request =
          new RegistryRequest(
              match.pathParams(), exchange.getRequestURI().getRawQuery(), readBody(exchange), json);
      return match.endpoint().handle(request);
    } catch (RegistryException e) {
      if (e.httpStatus() >= 500) {
        LOG.error("{} {} failed", method, path, e);
      }
      return new Reply(e.httpStatus(), new ErrorResponse(e.errorCode(), e.getMessage()));
    } catch (IOException | RuntimeException e) {
      // A bug here must still answer in Confluent's format, or clients report a parse error.
      LOG.error("{} {} failed", method, path, e);
      return new Reply(500, new ErrorResponse(50001, "Internal registry error: " + e));
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private Reply listSubjects(RegistryRequest request) throws RegistryException {
    return Reply.ok(store.subjects(request.query("subjectPrefix")));
  }

  private Reply listVersions(RegistryRequest request) throws RegistryException {
    return Reply.ok(store.versions(request.pathParam("subject")));
  }

  private Reply register(RegistryRequest request) throws RegistryException {
    int id = store.register(request.pathParam("subject"), schemaOf(request));
    return Reply.ok(new IdResponse(id));
  }

  private Reply getVersion(RegistryRequest request) throws RegistryException {
    return Reply.ok(
        SchemaResponse.of(store.version(request.pathParam("subject"), request.version())));
  }

  private Reply getVersionSchema(RegistryRequest request) throws RegistryException {
    RegisteredSchema registered = store.version(request.pathParam("subject"), request.version());
    return Reply.ok(rawJson(registered.schema()));
  }

  private Reply lookup(RegistryRequest request) throws RegistryException {
    return Reply.ok(
        SchemaResponse.of(store.lookup(request.pathParam("subject"), schemaOf(request))));
  }

  private Reply deleteSubject(RegistryRequest request) throws RegistryException {
    return Reply.ok(store.deleteSubject(request.pathParam("subject"), request.flag("permanent")));
  }

  private Reply getSchemaById(RegistryRequest request) throws RegistryException {
    return Reply.ok(new SchemaStringResponse(store.schemaById(request.schemaId())));
  }

  private Reply getRawSchemaById(RegistryRequest request) throws RegistryException {
    return Reply.ok(rawJson(store.schemaById(request.schemaId())));
  }

  private Reply getVersionsById(RegistryRequest request) throws RegistryException {
    return Reply.ok(
        store.usagesOf(request.schemaId()).stream().map(SubjectVersionResponse::of).toList());
  }

  private Reply getSubjectsById(RegistryRequest request) throws RegistryException {
    return Reply.ok(
        store.usagesOf(request.schemaId()).stream()
            .map(SubjectVersion::subject)
            .distinct()
            .toList());
  }

  private Reply checkOne(RegistryRequest request) throws RegistryException {
    return compatibility(request, Optional.of(request.version()));
  }

  private Reply checkAll(RegistryRequest request) throws RegistryException {
    return compatibility(request, Optional.empty());
  }

  private Reply compatibility(RegistryRequest request, Optional<VersionRef> against)
      throws RegistryException {
    CompatibilityResult result =
        store.checkCompatibility(request.pathParam("subject"), against, schemaOf(request));
    List<String> messages = request.flag("verbose") ? result.messages() : null;
    return Reply.ok(new CompatibilityResponse(result.compatible(), messages));
  }

  private Reply getGlobalConfig(RegistryRequest request) throws RegistryException {
    return Reply.ok(new ConfigResponse(store.globalLevel().name));
  }

  private Reply putGlobalConfig(RegistryRequest request) throws RegistryException {
    CompatibilityLevel level = levelOf(request);
    store.setGlobalLevel(level);
    return Reply.ok(new ConfigUpdate(level.name));
  }

  private Reply getSubjectConfig(RegistryRequest request) throws RegistryException {
    String subject = request.pathParam("subject");
    Optional<CompatibilityLevel> level = store.subjectLevel(subject);
    if (level.isEmpty() && !request.flag("defaultToGlobal")) {
      throw RegistryException.subjectConfigNotFound(subject);
    }
    return Reply.ok(new ConfigResponse(level.orElse(store.globalLevel()).name));
  }

  private Reply putSubjectConfig(RegistryRequest request) throws RegistryException {
    CompatibilityLevel level = levelOf(request);
    store.setSubjectLevel(request.pathParam("subject"), level);
    return Reply.ok(new ConfigUpdate(level.name));
  }

  private Reply deleteSubjectConfig(RegistryRequest request) throws RegistryException {
    return Reply.ok(
        new ConfigResponse(store.deleteSubjectLevel(request.pathParam("subject")).name));
  }

  private static AvroSchema schemaOf(RegistryRequest request) throws RegistryException {
    SchemaRequest body =
        request
            .body(SchemaRequest.class)
            .orElseThrow(() -> RegistryException.invalidSchema("empty schema"));
    return body.toAvroSchema(request.flag("normalize"));
  }

  private static CompatibilityLevel levelOf(RegistryRequest request) throws RegistryException {
    String name = request.body(ConfigUpdate.class).map(ConfigUpdate::compatibility).orElse(null);
    CompatibilityLevel level = name == null ? null : CompatibilityLevel.forName(name);
    if (level == null) {
      throw RegistryException.invalidCompatibilityLevel(String.valueOf(name));
    }
    return level;
  }

  /** Schema text that the store already parsed, sent as JSON rather than as a JSON string. */
  private Object rawJson(String schema) throws RegistryException {
    try {
      return json.readTree(schema);
    } catch (IOException e) {
      throw RegistryException.internal("rendering a stored schema", e);
    }
  }
}
