package io.tradingcore.schemas.evolution;

import io.tradingcore.schemas.serde.IncompatibleSchemaException;
import io.tradingcore.schemas.serde.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Checks schemas against a live Confluent-compatible registry and registers them, the way a data
 * engineer releases a schema change: the subject's compatibility level is set to the one this
 * repository gives it ({@code released/compatibility.properties}) unless told not to, a subject new
 * to the registry first gets every released version in order (so the registry guards the history
 * the build checked), and a refusal (HTTP 409) comes back as the registry's explanation per earlier
 * version with what to do, not as a stack trace.
 */
public final class SchemaRegistration {
  /** What happened to one subject's schema. */
  public enum Outcome {
    /** Registered now as a new version. */
    REGISTERED,
    /** The registry had this exact schema already. */
    ALREADY_REGISTERED,
    /** A check only: the registry would accept it. */
    COMPATIBLE,
    /** The registry refused it, or would (a check). */
    INCOMPATIBLE
  }

  /**
   * One subject's result.
   *
   * @param level the compatibility level the registry applied
   * @param version the schema's version under the subject, when it is registered
   * @param id the schema's global id, when it is registered
   * @param explanation why the registry refuses it, a line per problem (empty unless incompatible)
   * @param notes what else was done or noticed (levels set, history registered)
   */
  public record Result(
      String subject,
      Outcome outcome,
      String level,
      OptionalInt version,
      OptionalInt id,
      List<String> explanation,
      List<String> notes) {

    /** Whether the schema is (or may be) in the registry. */
    public boolean ok() {
      return outcome != Outcome.INCOMPATIBLE;
    }
  }

  /** What to do about each of Avro's incompatibility kinds, in a data engineer's words. */
  private static final Map<String, String> FIXES =
      Map.of(
          "READER_FIELD_MISSING_DEFAULT_VALUE",
          "give the new field a default (e.g. \"type\": [\"null\", …], \"default\": null)",
          "TYPE_MISMATCH",
          "keep the field's type; add a field with a new name (and a default) instead",
          "NAME_MISMATCH",
          "keep the record's name, or list the old one in \"aliases\"",
          "FIXED_SIZE_MISMATCH",
          "keep the fixed type's size",
          "MISSING_ENUM_SYMBOLS",
          "keep every symbol, or give the enum a \"default\" symbol old readers fall back to",
          "MISSING_UNION_BRANCH",
          "keep every branch of the union that data was written with");

  private static final Pattern ERROR =
      Pattern.compile("errorType:'([A-Z_]+)'.*?description:'(.*?)'(?:, additionalInfo:|\\})");
  private static final Pattern OLD_VERSION = Pattern.compile("oldSchemaVersion: ?(\\d+)");

  private final RegistryClient registry;
  private final SchemaHistory history;
  private final boolean applyLevels;

  /**
   * @param applyLevels whether to set each subject's level in the registry to {@code history}'s
   */
  public SchemaRegistration(RegistryClient registry, SchemaHistory history, boolean applyLevels) {
    this.registry = registry;
    this.history = history;
    this.applyLevels = applyLevels;
  }

  /** Whether the registry would accept {@code schema} under {@code subject}; changes nothing. */
  public Result check(String subject, Schema schema) {
    List<String> notes = new ArrayList<>();
    String level = registry.compatibilityOf(subject);
    String ours = history.modeOf(subject).name();
    if (!ours.equalsIgnoreCase(level)) {
      notes.add(
          "the registry applies "
              + level
              + " to "
              + subject
              + ", this repository "
              + ours
              + " (registering sets it)");
    }
    OptionalInt version = registry.versionOf(subject, schema);
    if (version.isPresent()) {
      return result(subject, Outcome.ALREADY_REGISTERED, level, schema, List.of(), notes);
    }
    if (registry.versionsOf(subject).isEmpty()) {
      notes.add("new subject: nothing registered to check against");
      return result(subject, Outcome.COMPATIBLE, level, schema, List.of(), notes);
    }
    List<String> explanation = explain(registry.compatibilityProblems(subject, schema));
    return result(
        subject,
        explanation.isEmpty() ? Outcome.COMPATIBLE : Outcome.INCOMPATIBLE,
        level,
        schema,
        explanation,
        notes);
  }

  /** Registers {@code schema} under {@code subject}, after its level and released history. */
  public Result register(String subject, Schema schema) {
    List<String> notes = new ArrayList<>();
    String level = registry.compatibilityOf(subject);
    String ours = history.modeOf(subject).name();
    if (applyLevels && !ours.equalsIgnoreCase(level)) {
      registry.setCompatibility(subject, ours);
      notes.add("compatibility level set to " + ours + " (was " + level + ")");
      level = ours;
    }
    if (registry.versionOf(subject, schema).isPresent()) {
      return result(subject, Outcome.ALREADY_REGISTERED, level, schema, List.of(), notes);
    }
    if (registry.versionsOf(subject).isEmpty()) {
      List<Schema> released = history.versions(subject);
      for (Schema earlier : released) {
        registry.register(subject, earlier);
      }
      if (!released.isEmpty()) {
        notes.add(
            "new subject: released "
                + (released.size() == 1 ? "version 1" : "versions 1–" + released.size())
                + " registered first");
      }
    }
    try {
      registry.register(subject, schema);
      return result(subject, Outcome.REGISTERED, level, schema, List.of(), notes);
    } catch (IncompatibleSchemaException refused) {
      List<String> explanation = explain(registry.compatibilityProblems(subject, schema));
      if (explanation.isEmpty()) {
        explanation = List.of(refused.getMessage());
      }
      notes.add("the registry answered HTTP 409: nothing was registered");
      return result(subject, Outcome.INCOMPATIBLE, level, schema, explanation, notes);
    }
  }

  private Result result(
      String subject,
      Outcome outcome,
      String level,
      Schema schema,
      List<String> explanation,
      List<String> notes) {
    boolean registered = outcome == Outcome.REGISTERED || outcome == Outcome.ALREADY_REGISTERED;
    return new Result(
        subject,
        outcome,
        level,
        registered ? registry.versionOf(subject, schema) : OptionalInt.empty(),
        registered ? registry.idOf(subject, schema) : OptionalInt.empty(),
        List.copyOf(explanation),
        List.copyOf(notes));
  }

  /**
   * The registry's verbose compatibility messages as lines a person reads: one per problem, naming
   * the earlier version it breaks, Avro's rule, the registry's description and the fix. Confluent
   * lists a problem's entries first and then the version it was found against, e.g. {@code
   * {errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'…', additionalInfo:'venue'}},
   * {@code {oldSchemaVersion: 1}}, {@code {oldSchema: '…'}}, {@code {compatibility: '…'}}; the old
   * schema's text is left out.
   */
  static List<String> explain(List<String> messages) {
    List<String> lines = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String message : messages) {
      Matcher error = ERROR.matcher(message);
      Matcher oldVersion = OLD_VERSION.matcher(message);
      if (error.find()) {
        String rule = error.group(1);
        String fix = FIXES.get(rule);
        pending.add(rule + ": " + error.group(2) + (fix == null ? "" : "; fix: " + fix));
      } else if (oldVersion.find()) {
        for (String problem : pending) {
          lines.add("against version " + oldVersion.group(1) + ": " + problem);
        }
        pending.clear();
      } else if (!message.contains("oldSchema") && !message.contains("compatibility:")) {
        pending.add(message);
      }
    }
    lines.addAll(pending);
    return lines;
  }
}
