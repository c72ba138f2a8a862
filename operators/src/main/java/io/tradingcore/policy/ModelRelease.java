package io.tradingcore.policy;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A model handed to the scorer: at start (the job's configured model) or on {@code models.v1} (a
 * hot swap or a rollback). It travels through Flink's broadcast state, so a restored job scores
 * with the model it had.
 *
 * @param onnx the model's bytes, or null when it is fetched from {@code uri}
 * @param uri a {@code file:} URI of the model when it is not inline, else null
 * @param sha256 hex SHA-256 of the bytes; a mismatch refuses the release
 * @param declaredSymbols symbols the release says the model trades (empty: not declared)
 * @param declaredObservation observation names the release says the model reads (empty: not
 *     declared); both must agree with the model's own metadata
 * @param source where the release came from, for people: a file, {@code models.v1@offset}
 */
public record ModelRelease(
    String modelName,
    String version,
    byte[] onnx,
    String uri,
    String sha256,
    List<String> declaredSymbols,
    List<String> declaredObservation,
    long createdAtMillis,
    String source)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelRelease {
    declaredSymbols = declaredSymbols == null ? List.of() : List.copyOf(declaredSymbols);
    declaredObservation =
        declaredObservation == null ? List.of() : List.copyOf(declaredObservation);
  }

  /** The model's bytes, checked against {@link #sha256}. */
  public byte[] bytes() throws IncompatibleModelException {
    byte[] bytes = onnx;
    if (bytes == null) {
      if (uri == null) {
        throw new IncompatibleModelException(
            "release " + version + " carries neither the model's bytes nor a URI");
      }
      URI location;
      try {
        location = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IncompatibleModelException("release " + version + " has a bad URI " + uri, e);
      }
      if (!"file".equals(location.getScheme())) {
        throw new IncompatibleModelException(
            "release "
                + version
                + " points at "
                + uri
                + ": only file: URIs (a path every TaskManager can read) are supported");
      }
      try {
        bytes = Files.readAllBytes(Path.of(location));
      } catch (IOException | RuntimeException e) {
        throw new IncompatibleModelException(
            "release " + version + ": cannot read " + uri + ": " + e, e);
      }
    }
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(sha256 == null ? "" : sha256.trim())) {
      throw new IncompatibleModelException(
          "release "
              + version
              + ": the model's SHA-256 is "
              + actual
              + " but the release says "
              + sha256
              + " (corrupt or truncated in transit)");
    }
    return bytes;
  }

  /** Lower-case hex SHA-256. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return modelName + "@" + version + " (" + source + ", sha256 " + sha256 + ")";
  }
}
