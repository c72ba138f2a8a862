package io.tradingcore.schemas.evolution;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks a new version of a subject's schema against its released versions with Avro's own
 * compatibility checker ({@link SchemaCompatibility}), under the subject's {@link
 * CompatibilityMode}. Each problem names the version it breaks, the direction, where in the schema
 * (the field, as a JSON pointer and by name), the rule broken and Avro's explanation.
 */
public final class SchemaEvolution {
  private SchemaEvolution() {}

  /**
   * Every incompatibility of {@code candidate} with {@code released} (oldest first, version 1
   * first) under {@code mode}; empty when the candidate may be registered.
   */
  public static List<String> problems(
      String subject, CompatibilityMode mode, List<Schema> released, Schema candidate) {
    List<String> problems = new ArrayList<>();
    if (mode == CompatibilityMode.NONE || released.isEmpty()) {
      return problems;
    }
    int first = mode.transitive() ? 0 : released.size() - 1;
    for (int i = first; i < released.size(); i++) {
      Schema earlier = released.get(i);
      int version = i + 1;
      if (mode.newReadsOld()) {
        describe(
            subject,
            version,
            "the new schema cannot read data written with version " + version,
            candidate,
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier),
            problems);
      }
      if (mode.oldReadsNew()) {
        describe(
            subject,
            version,
            "a reader on version " + version + " cannot read data written with the new schema",
            earlier,
            SchemaCompatibility.checkReaderWriterCompatibility(earlier, candidate),
            problems);
      }
    }
    return problems;
  }

  private static void describe(
      String subject,
      int version,
      String direction,
      Schema reader,
      SchemaPairCompatibility result,
      List<String> problems) {
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      String field = fieldPath(reader, incompatibility.getLocation());
      problems.add(
          subject
              + ": "
              + direction
              + ": "
              + incompatibility.getType()
              + (field.isEmpty() ? "" : " on field '" + field + "'")
              + " (at "
              + incompatibility.getLocation()
              + "): "
              + incompatibility.getMessage());
    }
  }

  /**
   * The dotted field names along Avro's JSON-pointer {@code location} in {@code reader}, e.g.
   * {@code /fields/5/type} → {@code quantity}; empty when the location names no field.
   */
  static String fieldPath(Schema reader, String location) {
    List<String> names = new ArrayList<>();
    Schema current = reader;
    String[] segments = location.split("/");
    for (int i = 0; i < segments.length && current != null; i++) {
      String segment = segments[i];
      if (segment.isEmpty() || segment.equals("type")) {
        continue;
      }
      if (segment.equals("fields")
          && i + 1 < segments.length
          && current.getType() == Schema.Type.RECORD) {
        Schema.Field field = current.getFields().get(Integer.parseInt(segments[++i]));
        names.add(field.name());
        current = field.schema();
      } else if (segment.equals("items") && current.getType() == Schema.Type.ARRAY) {
        current = current.getElementType();
      } else if (segment.equals("values") && current.getType() == Schema.Type.MAP) {
        current = current.getValueType();
      } else if (segment.chars().allMatch(Character::isDigit)
          && current.getType() == Schema.Type.UNION) {
        current = current.getTypes().get(Integer.parseInt(segment));
      } else {
        break; // symbols, name, size: inside the type, not a field
      }
    }
    return String.join(".", names);
  }
}
