package io.tradingcore.schemas.evolution;

import io.tradingcore.schemas.Topic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Records this build's schemas as released: for every subject whose schema differs from its latest
 * released version, checks it against the released ones under the subject's mode and writes it as
 * the next version. Refuses, listing every problem, when a schema is incompatible; writes nothing
 * then. {@code bin/trading-core schemas-release [FOLDER]}, by default {@code
 * schemas/src/main/resources/released}.
 */
public final class SchemaReleaseMain {
  private SchemaReleaseMain() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "schemas/src/main/resources/released");
    SchemaHistory history = SchemaHistory.in(folder);
    List<String> problems = new ArrayList<>();
    List<Topic> changed = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      List<Schema> versions = history.versions(topic.valueSubject());
      Schema current = topic.valueSchema();
      if (!versions.isEmpty()
          && versions.get(versions.size() - 1).toString().equals(current.toString())) {
        continue;
      }
      problems.addAll(history.problemsOf(topic));
      changed.add(topic);
    }
    if (!problems.isEmpty()) {
      System.err.println("Nothing released: " + problems.size() + " incompatibilities");
      problems.forEach(p -> System.err.println("  " + p));
      System.exit(1);
    }
    if (changed.isEmpty()) {
      System.out.println("Every subject's schema is released already (" + folder + ")");
      return;
    }
    for (Topic topic : changed) {
      Path file = history.release(topic.valueSubject(), topic.valueSchema());
      System.out.println("Released " + topic.valueSubject() + " as " + file);
    }
  }
}
