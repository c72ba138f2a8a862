package io.tradingcore.jobs;

import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.evolution.SchemaHistory;
import io.tradingcore.schemas.evolution.SchemaRegistration;
import io.tradingcore.schemas.evolution.SchemaRegistration.Outcome;
import io.tradingcore.schemas.evolution.SchemaRegistration.Result;
import io.tradingcore.schemas.serde.RegistryClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/trading-core schemas-register}: checks this build's schemas (or draft files) against a
 * live Confluent-compatible registry and registers them, printing a line per subject and the
 * registry's explanation of any refusal. Exit 0 when every schema is (or may be) registered, 1 when
 * one is refused, 2 on bad usage.
 */
@Command(
    name = "schemas-register",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks schemas against a live schema registry (Confluent REST API) and registers them.",
      "By default every topic's value schema of this build; a subject new to the registry first"
          + " gets its released versions (schemas/src/main/resources/released) in order, and each"
          + " subject's compatibility level is set to the one this repository gives it."
    })
public final class SchemasRegisterMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--registry-url",
      defaultValue = "http://localhost:8085",
      description = "Schema registry (default: ${DEFAULT-VALUE}).")
  String registryUrl;

  @Option(
      names = "--check-only",
      description = "Only ask the registry whether it would accept each schema; change nothing.")
  boolean checkOnly;

  @Option(
      names = "--subject",
      paramLabel = "SUBJECT",
      description = "Only this subject (repeatable), e.g. orders.v1-value. Default: every topic's.")
  List<String> subjects = new ArrayList<>();

  @Option(
      names = "--schema",
      paramLabel = "SUBJECT=FILE",
      description =
          "Use the schema in FILE (.avsc, whole) for SUBJECT instead of this build's (repeatable):"
              + " a draft to check before changing the source.")
  Map<String, Path> drafts = new LinkedHashMap<>();

  @Option(
      names = "--keep-levels",
      description = "Leave each subject's compatibility level in the registry as it is.")
  boolean keepLevels;

  public static void main(String[] args) {
    System.exit(CommandLines.plainErrors(new SchemasRegisterMain()).execute(args));
  }

  @Override
  public Integer call() {
    Map<String, Schema> schemas = schemasToRegister();
    PrintWriter out = spec.commandLine().getOut();
    RegistryClient registry = new RegistryClient(registryUrl);
    SchemaRegistration registration =
        new SchemaRegistration(registry, SchemaHistory.onClasspath(), !keepLevels);
    out.println(
        "Schema registry " + registry.url() + (checkOnly ? " (check only: nothing changes)" : ""));
    int width = schemas.keySet().stream().mapToInt(String::length).max().orElse(0);
    List<Result> results = new ArrayList<>();
    for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
      Result result =
          checkOnly
              ? registration.check(entry.getKey(), entry.getValue())
              : registration.register(entry.getKey(), entry.getValue());
      results.add(result);
      print(out, result, width);
      out.flush();
    }
    long refused = results.stream().filter(r -> !r.ok()).count();
    out.println(summary(results));
    if (refused > 0) {
      out.println(
          "Refused schemas change nothing in the registry; schemas/README.md (Evolving a schema)"
              + " says which changes are compatible.");
    }
    return refused > 0 ? 1 : 0;
  }

  private Map<String, Schema> schemasToRegister() {
    Map<String, Schema> ours = new LinkedHashMap<>();
    for (Topic topic : Topic.values()) {
      ours.put(topic.valueSubject(), topic.valueSchema());
    }
    for (Map.Entry<String, Path> draft : drafts.entrySet()) {
      ours.put(draft.getKey(), parse(draft.getKey(), draft.getValue()));
    }
    if (subjects.isEmpty()) {
      return ours;
    }
    Map<String, Schema> chosen = new LinkedHashMap<>();
    for (String subject : subjects) {
      Schema schema = ours.get(subject);
      if (schema == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--subject "
                + subject
                + ": no topic of this build has that subject and no --schema gives it; known: "
                + String.join(", ", ours.keySet()));
      }
      chosen.put(subject, schema);
    }
    return chosen;
  }

  private Schema parse(String subject, Path file) {
    String option = "--schema " + subject + "=" + file;
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), option + ": no such file");
    }
    try {
      return new Schema.Parser().parse(Files.readString(file));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), option + ": cannot read it: " + e);
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(), option + ": not an Avro schema: " + e.getMessage());
    }
  }

  private static void print(PrintWriter out, Result result, int width) {
    String what =
        switch (result.outcome()) {
          case REGISTERED -> "registered: " + where(result);
          case ALREADY_REGISTERED -> "already registered: " + where(result);
          case COMPATIBLE -> "compatible: the registry would accept it";
          case INCOMPATIBLE ->
              result.notes().stream().anyMatch(n -> n.contains("409"))
                  ? "REFUSED: incompatible with what the registry holds"
                  : "INCOMPATIBLE: the registry would refuse it";
        };
    out.printf("  %-" + width + "s  %-19s  %s%n", result.subject(), result.level(), what);
    String indent = " ".repeat(width + 4);
    result.explanation().forEach(line -> out.println(indent + "- " + line));
    result.notes().forEach(note -> out.println(indent + note));
  }

  private static String where(Result result) {
    return "version " + result.version().orElse(-1) + ", id " + result.id().orElse(-1);
  }

  static String summary(List<Result> results) {
    Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    results.forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((outcome, n) -> parts.add(n + " " + label(outcome)));
    return results.size()
        + (results.size() == 1 ? " subject: " : " subjects: ")
        + String.join(", ", parts);
  }

  private static String label(Outcome outcome) {
    return switch (outcome) {
      case REGISTERED -> "registered";
      case ALREADY_REGISTERED -> "already registered";
      case COMPATIBLE -> "compatible";
      case INCOMPATIBLE -> "refused";
    };
  }

  /** Runs the command with {@code args}, writing to {@code out} and {@code err}; the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = CommandLines.plainErrors(new SchemasRegisterMain());
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }
}
