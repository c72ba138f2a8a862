package io.tradingcore.schemas.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.CompatibilityLevel;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.ParsedSchemaHolder;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.SimpleParsedSchemaHolder;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.MockSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;

/**
 * The registry's state and rules: Confluent's in-memory {@link MockSchemaRegistryClient} keeps the
 * subjects, versions and ids, and this class adds what the mock leaves out for a real server —
 * compatibility enforcement on register, per-subject configuration that can be deleted, Confluent's
 * error codes, and thread safety.
 */
final class SchemaStore {

  private static final int MOCK_NOT_FOUND_STATUS = 404;

  /**
   * The mock is documented as not thread safe and synchronizes only some methods. Writes hold this
   * lock alone, so nothing changes between a register's compatibility check and the write; reads
   * share it (the mock's reads only fill its concurrent caches).
   */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient();

  // Kept here rather than in the mock: the mock cannot delete a subject's configuration.
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();

  List<String> subjects(Optional<String> prefix) throws RegistryException {
    return read(
        () -> {
          List<String> subjects = new ArrayList<>();
          // The mock also lists subjects that were only looked up, never registered: skip those.
          for (String subject : mockCall("listing subjects", registry::getAllSubjects)) {
            if (prefix.map(subject::startsWith).orElse(true) && !versionsOf(subject).isEmpty()) {
              subjects.add(subject);
            }
          }
          subjects.sort(Comparator.naturalOrder());
          return subjects;
        });
  }

  List<Integer> versions(String subject) throws RegistryException {
    return read(() -> existingVersions(subject));
  }

  RegisteredSchema version(String subject, VersionRef ref) throws RegistryException {
    return read(() -> resolve(subject, ref));
  }

  /**
   * Registers {@code schema} under {@code subject} and returns its global id. A schema the subject
   * already has keeps its id and version; a new one must be compatible with the subject's history
   * under its effective level, as Confluent's server insists (the mock alone would accept it).
   */
  int register(String subject, AvroSchema schema) throws RegistryException {
    return write(
        () -> {
          Optional<RegisteredSchema> existing = find(subject, schema);
          if (existing.isPresent()) {
            return existing.get().id();
          }
          CompatibilityLevel level = effectiveLevel(subject);
          List<String> problems = schema.isCompatible(level, history(subject, versionsOf(subject)));
          if (!problems.isEmpty()) {
            throw RegistryException.incompatible(subject, level, problems);
          }
          return mockCall("registering a schema", () -> registry.register(subject, schema));
        });
  }

  RegisteredSchema lookup(String subject, AvroSchema schema) throws RegistryException {
    return read(
        () -> {
          existingVersions(subject);
          return find(subject, schema).orElseThrow(RegistryException::schemaNotFound);
        });
  }

  /**
   * Deletes every version of {@code subject} and returns their numbers. The ids stay resolvable, as
   * after Confluent's soft delete; a permanent delete also forgets the subject's configuration.
   */
  List<Integer> deleteSubject(String subject, boolean permanent) throws RegistryException {
    return write(
        () -> {
          existingVersions(subject);
          List<Integer> deleted =
              mockCall("deleting a subject", () -> registry.deleteSubject(subject, permanent));
          if (permanent) {
            subjectLevels.remove(subject);
          }
          return deleted;
        });
  }

  String schemaById(int id) throws RegistryException {
    return read(() -> schemaText(id));
  }

  List<SubjectVersion> usagesOf(int id) throws RegistryException {
    return read(
        () -> {
          schemaText(id);
          List<SubjectVersion> usages = new ArrayList<>();
          for (var usage :
              mockCall("listing uses of a schema", () -> registry.getAllVersionsById(id))) {
            usages.add(new SubjectVersion(usage.getSubject(), usage.getVersion()));
          }
          usages.sort(
              Comparator.comparing(SubjectVersion::subject).thenComparing(SubjectVersion::version));
          return usages;
        });
  }

  /**
   * Checks {@code schema} against one version of {@code subject}, or against the versions its level
   * looks at when {@code against} is empty. A subject with no versions accepts anything when asked
   * about its latest version, so a first registration can be checked in advance.
   */
  CompatibilityResult checkCompatibility(
      String subject, Optional<VersionRef> against, AvroSchema schema) throws RegistryException {
    return read(
        () -> {
          List<Integer> versions = versionsOf(subject);
          List<Integer> compared;
          if (against.isEmpty() || (against.get().isLatest() && versions.isEmpty())) {
            compared = versions;
          } else {
            compared = List.of(resolve(subject, against.get()).version());
          }
          return CompatibilityResult.of(
              schema.isCompatible(effectiveLevel(subject), history(subject, compared)));
        });
  }

  CompatibilityLevel globalLevel() throws RegistryException {
    return read(() -> globalLevel);
  }

  void setGlobalLevel(CompatibilityLevel level) throws RegistryException {
    write(
        () -> {
          globalLevel = level;
          return level;
        });
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) throws RegistryException {
    return read(() -> Optional.ofNullable(subjectLevels.get(subject)));
  }

  void setSubjectLevel(String subject, CompatibilityLevel level) throws RegistryException {
    write(() -> subjectLevels.put(subject, level));
  }

  /** Removes the subject's own level, so that it follows the global one again; returns the old. */
  CompatibilityLevel deleteSubjectLevel(String subject) throws RegistryException {
    return write(
        () -> {
          CompatibilityLevel removed = subjectLevels.remove(subject);
          if (removed == null) {
            throw RegistryException.subjectConfigNotFound(subject);
          }
          return removed;
        });
  }

  private CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private String schemaText(int id) throws RegistryException {
    try {
      return registry.getSchemaById(id).canonicalString();
    } catch (RestClientException e) {
      // The mock calls an unknown id "Subject Not Found" (40401); Confluent says 40403.
      if (e.getStatus() == MOCK_NOT_FOUND_STATUS) {
        throw RegistryException.schemaIdNotFound(Integer.toString(id));
      }
      throw RegistryException.internal("reading schema " + id, e);
    } catch (IOException e) {
      throw RegistryException.internal("reading schema " + id, e);
    }
  }

  private List<Integer> existingVersions(String subject) throws RegistryException {
    List<Integer> versions = versionsOf(subject);
    if (versions.isEmpty()) {
      throw RegistryException.subjectNotFound(subject);
    }
    return versions;
  }

  private List<Integer> versionsOf(String subject) throws RegistryException {
    try {
      return registry.getAllVersions(subject);
    } catch (RestClientException e) {
      if (e.getStatus() == MOCK_NOT_FOUND_STATUS) {
        return List.of();
      }
      throw RegistryException.internal("listing versions of " + subject, e);
    } catch (IOException e) {
      throw RegistryException.internal("listing versions of " + subject, e);
    }
  }

  private RegisteredSchema resolve(String subject, VersionRef ref) throws RegistryException {
    List<Integer> versions = existingVersions(subject);
    int version = ref.isLatest() ? versions.get(versions.size() - 1) : ref.number();
    if (!versions.contains(version)) {
      throw RegistryException.versionNotFound(version);
    }
    SchemaMetadata metadata =
        mockCall("reading a version", () -> registry.getSchemaMetadata(subject, version));
    return new RegisteredSchema(subject, version, metadata.getId(), metadata.getSchema());
  }

  /**
   * Finds the subject's version holding {@code schema}, by canonical text as Confluent matches.
   * Done here because the mock's own lookups throw NullPointerException on a schema the subject
   * lacks and leave the subject behind in its subject list.
   */
  private Optional<RegisteredSchema> find(String subject, AvroSchema schema)
      throws RegistryException {
    String wanted = schema.canonicalString();
    for (int version : versionsOf(subject)) {
      RegisteredSchema candidate = resolve(subject, new VersionRef(version));
      if (new AvroSchema(candidate.schema()).canonicalString().equals(wanted)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private List<ParsedSchemaHolder> history(String subject, List<Integer> versions)
      throws RegistryException {
    List<ParsedSchemaHolder> history = new ArrayList<>();
    for (int version : versions) {
      RegisteredSchema registered = resolve(subject, new VersionRef(version));
      history.add(new SimpleParsedSchemaHolder(new AvroSchema(registered.schema())));
    }
    return history;
  }

  private <T> T read(Action<T> action) throws RegistryException {
    lock.readLock().lock();
    try {
      return action.run();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Action<T> action) throws RegistryException {
    lock.writeLock().lock();
    try {
      return action.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Calls the mock where any failure would be a bug in this class rather than a bad request. */
  private static <T> T mockCall(String what, MockCall<T> call) throws RegistryException {
    try {
      return call.run();
    } catch (IOException | RestClientException e) {
      throw RegistryException.internal(what, e);
    }
  }

  @FunctionalInterface
  private interface Action<T> {
    T run() throws RegistryException;
  }

  @FunctionalInterface
  private interface MockCall<T> {
    T run() throws IOException, RestClientException;
  }
}
