package io.tradingcore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The house rules for contracts: every field documented, money never a double. */
class ContractTest {
  /** Fields where a double is the honest type: ratios and measurements, never money. */
  private static final Set<String> DOUBLES_ALLOWED =
      Set.of(
          "RiskEvent.values",
          "Bar.quoteImbalance",
          "FeatureVector.values",
          "ModelUpdate.metrics",
          "FeatureContract.normalizationMean",
          "FeatureContract.normalizationStd");

  @ParameterizedTest
  @EnumSource(Topic.class)
  void everyRecordEnumAndFieldHasADoc(Topic topic) {
    List<String> undocumented = new ArrayList<>();
    walk(
        topic.valueSchema(),
        new HashSet<>(),
        (owner, field) -> {
          if (field.doc() == null || field.doc().isBlank()) {
            undocumented.add(owner + "." + field.name());
          }
        },
        undocumented);

    assertThat(undocumented).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void moneyPricesAndQuantitiesAreExactDecimals(Topic topic) {
    List<String> doubles = new ArrayList<>();
    List<String> wrongScale = new ArrayList<>();
    walk(
        topic.valueSchema(),
        new HashSet<>(),
        (owner, field) -> {
          String name = owner + "." + field.name();
          for (Schema leaf : leaves(field.schema())) {
            if ((leaf.getType() == Schema.Type.DOUBLE || leaf.getType() == Schema.Type.FLOAT)
                && !DOUBLES_ALLOWED.contains(name)) {
              doubles.add(name);
            }
            if (leaf.getLogicalType() instanceof LogicalTypes.Decimal decimal
                && decimal.getScale() != 8) {
              wrongScale.add(name);
            }
          }
        },
        new ArrayList<>());

    assertThat(doubles).as("floating-point fields").isEmpty();
    assertThat(wrongScale).as("decimals not at the wire scale of 8").isEmpty();
  }

  private interface FieldVisitor {
    void visit(String owner, Schema.Field field);
  }

  private static void walk(
      Schema schema, Set<String> seen, FieldVisitor visitor, List<String> undocumented) {
    for (Schema leaf : leaves(schema)) {
      if (leaf.getType() == Schema.Type.RECORD || leaf.getType() == Schema.Type.ENUM) {
        if (!seen.add(leaf.getFullName())) {
          continue;
        }
        if (leaf.getDoc() == null || leaf.getDoc().isBlank()) {
          undocumented.add(leaf.getFullName());
        }
      }
      if (leaf.getType() == Schema.Type.RECORD) {
        for (Schema.Field field : leaf.getFields()) {
          visitor.visit(leaf.getName(), field);
          walk(field.schema(), seen, visitor, undocumented);
        }
      }
    }
  }

  /** The schema itself, or what a union, array or map holds. */
  private static List<Schema> leaves(Schema schema) {
    return switch (schema.getType()) {
      case UNION -> schema.getTypes().stream().flatMap(s -> leaves(s).stream()).toList();
      case ARRAY -> leaves(schema.getElementType());
      case MAP -> leaves(schema.getValueType());
      default -> List.of(schema);
    };
  }
}
