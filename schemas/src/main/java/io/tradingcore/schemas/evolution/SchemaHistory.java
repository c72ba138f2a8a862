package io.tradingcore.schemas.evolution;

import io.tradingcore.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.avro.Schema;

/**
 * Every released version of every subject's schema, kept in {@code schemas/src/main/resources/
 * released/<subject>/<version>.avsc} (version 1 first, each the whole schema as the registry holds
 * it, named types inlined), and each subject's compatibility mode from {@code
 * released/compatibility.properties} ({@code default=BACKWARD_TRANSITIVE}, overrides by subject).
 * Read from the classpath, or from a folder for the release command.
 */
public final class SchemaHistory {
  /** Where the released versions live, on the classpath and under {@code src/main/resources}. */
  public static final String ROOT = "released";

  static final String MODES = "compatibility.properties";

  private final Path folder;

  /** The modes file, read once: {@link #modeOf} is asked for every subject. */
  private final Properties modes = new Properties();

  private SchemaHistory(Path folder) {
    this.folder = folder;
    String text = read(MODES);
    if (text != null) {
      try {
        modes.load(new StringReader(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The history on the classpath: what this build was released with. */
  public static SchemaHistory onClasspath() {
    return new SchemaHistory(null);
  }

  /** The history in {@code folder} (a checkout's {@code schemas/src/main/resources/released}). */
  public static SchemaHistory in(Path folder) {
    return new SchemaHistory(folder);
  }

  /** The released versions of {@code subject}, version 1 first; empty when never released. */
  public List<Schema> versions(String subject) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String text = read(subject + "/" + version + ".avsc");
      if (text == null) {
        return versions;
      }
      try {
        versions.add(new Schema.Parser().parse(text));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "Released schema "
                + ROOT
                + "/"
                + subject
                + "/"
                + version
                + ".avsc does not parse: "
                + e.getMessage(),
            e);
      }
    }
  }

  /** The compatibility mode of {@code subject}: its override, else the default. */
  public CompatibilityMode modeOf(String subject) {
    String mode = modes.getProperty(subject, modes.getProperty("default", "BACKWARD_TRANSITIVE"));
    try {
      return CompatibilityMode.valueOf(mode.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          ROOT
              + "/"
              + MODES
              + " gives '"
              + mode
              + "' for "
              + subject
              + "; expected one of "
              + Arrays.toString(CompatibilityMode.values()),
          e);
    }
  }

  /**
   * The problems of {@code topic}'s schema in this build against its released versions, under its
   * mode; empty when it may be registered.
   */
  public List<String> problemsOf(Topic topic) {
    return SchemaEvolution.problems(
        topic.valueSubject(),
        modeOf(topic.valueSubject()),
        versions(topic.valueSubject()),
        topic.valueSchema());
  }

  /** Writes {@code schema} as the next version of {@code subject} (folder histories only). */
  Path release(String subject, Schema schema) throws IOException {
    if (folder == null) {
      throw new IllegalStateException("the classpath history is read-only");
    }
    int next = versions(subject).size() + 1;
    Path file = folder.resolve(subject).resolve(next + ".avsc");
    Files.createDirectories(file.getParent());
    Files.writeString(file, schema.toString(true) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private String read(String relative) {
    try {
      if (folder != null) {
        Path file = folder.resolve(relative);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      }
      try (InputStream in =
          SchemaHistory.class.getClassLoader().getResourceAsStream(ROOT + "/" + relative)) {
        return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
