package io.tradingcore.schemas.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;

/**
 * The JSON bodies of Confluent's REST API, field for field. Requests ignore fields they do not use
 * (metadata, rule sets, ids) because Confluent's client sends them.
 */
final class WireFormat {

  private static final String AVRO = "AVRO";

  private WireFormat() {}

  /** Body of register, lookup and compatibility requests. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SchemaRequest(String schema, String schemaType, List<JsonNode> references) {

    /** Parses the schema text; {@code normalize} asks for Confluent's normalized form. */
    AvroSchema toAvroSchema(boolean normalize) throws RegistryException {
      if (schemaType != null && !AVRO.equalsIgnoreCase(schemaType)) {
        throw RegistryException.invalidSchema(
            "schema type " + schemaType + " is not supported by this registry, only AVRO is");
      }
      if (references != null && !references.isEmpty()) {
        throw RegistryException.invalidSchema("schema references are not supported");
      }
      if (schema == null || schema.isBlank()) {
        throw RegistryException.invalidSchema("empty schema");
      }
      AvroSchema parsed;
      try {
        parsed = new AvroSchema(schema);
      } catch (RuntimeException e) {
        // The relocated Avro parser reports every syntax or semantic error unchecked, wrapping
        // JSON errors in a message that starts with a relocated class name nobody needs to read.
        throw RegistryException.invalidSchema(rootCause(e).getMessage());
      }
      return normalize ? parsed.normalize() : parsed;
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  record SchemaResponse(String subject, int version, int id, String schema) {
    static SchemaResponse of(RegisteredSchema registered) {
      return new SchemaResponse(
          registered.subject(), registered.version(), registered.id(), registered.schema());
    }
  }

  record IdResponse(int id) {}

  record SchemaStringResponse(String schema) {}

  record SubjectVersionResponse(String subject, int version) {
    static SubjectVersionResponse of(SubjectVersion usage) {
      return new SubjectVersionResponse(usage.subject(), usage.version());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CompatibilityResponse(
      @JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {}

  /** Body of {@code PUT /config}: Confluent names the level {@code compatibility} here. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ConfigUpdate(String compatibility) {}

  /** Body of {@code GET /config}: and {@code compatibilityLevel} there. */
  record ConfigResponse(String compatibilityLevel) {}

  record ErrorResponse(@JsonProperty("error_code") int errorCode, String message) {}
}
