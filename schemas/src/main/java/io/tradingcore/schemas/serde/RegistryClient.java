package io.tradingcore.schemas.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaRegistryClientConfig;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;

/**
 * Talks to a Confluent-compatible schema registry over HTTP with Confluent's own client.
 *
 * <p>Confluent's client is only available relocated (with a relocated Avro) inside Flink's registry
 * format jar, so schemas cross into it as JSON text and come back as plain Avro {@link Schema}s:
 * generated classes never meet the relocated Avro. Thread-safe; lookups are cached.
 */
public final class RegistryClient {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final int IDENTITY_MAP_CAPACITY = 1_000;

  private final String url;
  private final SchemaRegistryClient client;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public RegistryClient(String url) {
    this(url, DEFAULT_TIMEOUT);
  }

  public RegistryClient(String url, Duration timeout) {
    this.url = validateUrl(url);
    int millis = Math.toIntExact(timeout.toMillis());
    this.client =
        new CachedSchemaRegistryClient(
            this.url,
            IDENTITY_MAP_CAPACITY,
            Map.of(
                SchemaRegistryClientConfig.HTTP_CONNECT_TIMEOUT_MS, millis,
                SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS, millis,
                // A poison record with an unknown id must not hit the registry once per record.
                SchemaRegistryClientConfig.MISSING_ID_CACHE_TTL_CONFIG, 60L));
  }

  public String url() {
    return url;
  }

  /**
   * Registers {@code schema} under {@code subject} (a no-op returning the existing id when it is
   * already registered).
   *
   * @throws IncompatibleSchemaException when the registry refuses it under the subject's
   *     compatibility level
   */
  public int register(String subject, Schema schema) {
    try {
      return client.register(subject, avro(schema));
    } catch (RestClientException e) {
      if (e.getStatus() == 409) {
        throw new IncompatibleSchemaException(subject, e.getMessage());
      }
      throw unavailable("register a schema under " + subject, e);
    } catch (IOException e) {
      throw unavailable("register a schema under " + subject, e);
    }
  }

  /** The id of {@code schema} if it is registered under {@code subject}. */
  public OptionalInt idOf(String subject, Schema schema) {
    return call(
        "look up a schema under " + subject,
        () -> OptionalInt.of(client.getId(subject, avro(schema))),
        OptionalInt::empty);
  }

  /** The schema registered under {@code id}, parsed with plain Avro; empty when none is. */
  public Optional<Schema> schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Schema> schema =
        call(
            "fetch schema id " + id,
            () ->
                Optional.of(new Schema.Parser().parse(client.getSchemaById(id).canonicalString())),
            Optional::empty);
    schema.ifPresent(found -> schemasById.put(id, found));
    return schema;
  }

  /**
   * Checks {@code schema} against the subject's versions under its compatibility level.
   *
   * @return the registry's explanations of what is incompatible; empty when compatible
   */
  public List<String> compatibilityProblems(String subject, Schema schema) {
    return call(
        "check compatibility under " + subject,
        () -> new ArrayList<>(client.testCompatibilityVerbose(subject, avro(schema))),
        List::of);
  }

  /**
   * The compatibility level the registry applies to {@code subject}: its own setting, else the
   * registry's global one (as Confluent names them, e.g. {@code BACKWARD_TRANSITIVE}).
   */
  public String compatibilityOf(String subject) {
    String own =
        call(
            "read the compatibility level of " + subject,
            () -> client.getCompatibility(subject),
            () -> null);
    return own != null
        ? own
        : call("read the global compatibility level", () -> client.getCompatibility(null), null);
  }

  /** Sets {@code subject}'s own compatibility level (e.g. {@code BACKWARD_TRANSITIVE}). */
  public void setCompatibility(String subject, String level) {
    call(
        "set the compatibility level of " + subject + " to " + level,
        () -> client.updateCompatibility(subject, level),
        null);
  }

  /** The version numbers registered under {@code subject}, oldest first; empty for a new one. */
  public List<Integer> versionsOf(String subject) {
    return call(
        "list the versions of " + subject,
        () -> new ArrayList<>(client.getAllVersions(subject)),
        List::of);
  }

  /** The version {@code schema} has under {@code subject}, if it is registered there. */
  public OptionalInt versionOf(String subject, Schema schema) {
    return call(
        "look up a schema's version under " + subject,
        () -> OptionalInt.of(client.getVersion(subject, avro(schema))),
        OptionalInt::empty);
  }

  /** All subjects the registry knows. */
  public List<String> subjects() {
    return call("list subjects", () -> new ArrayList<>(client.getAllSubjects()), null);
  }

  /** A registry call, which answers with the client's exceptions. */
  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException, RestClientException;
  }

  /**
   * {@code call}'s answer; {@code missing}'s when the registry answers 404 and {@code missing} is
   * given. Any other failure is {@link RegistryUnavailableException} naming {@code action}.
   */
  private <T> T call(String action, Call<T> call, Supplier<T> missing) {
    try {
      return call.run();
    } catch (RestClientException e) {
      if (e.getStatus() == 404 && missing != null) {
        return missing.get();
      }
      throw unavailable(action, e);
    } catch (IOException e) {
      throw unavailable(action, e);
    }
  }

  /** Schemas cross into the client's relocated Avro as JSON text. */
  private static AvroSchema avro(Schema schema) {
    return new AvroSchema(schema.toString());
  }

  private RegistryUnavailableException unavailable(String action, Exception cause) {
    return new RegistryUnavailableException(
        "Schema registry at " + url + " could not " + action + ": " + cause.getMessage(), cause);
  }

  private static String validateUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Schema registry URL is empty");
    }
    String trimmed = url.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "Schema registry URL must look like http://host:port, got '" + url + "'");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Schema registry URL is malformed: '" + url + "'", e);
    }
    return trimmed;
  }
}
