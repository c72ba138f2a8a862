package io.tradingcore.risk.control;

import io.tradingcore.secrets.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC-SHA256 keys that sign {@code control.v1} commands, read from a key file of lines {@code
 * <key id> <base64 secret>} (blank lines and {@code #} comments allowed). Several ids let a new key
 * be rolled out before the old one is removed.
 *
 * <p>The secrets never leave this class: it computes the MACs itself, and neither {@link
 * #toString()} nor any message or log line it writes contains a secret or a piece of one.
 */
public final class ControlKeys {
  private static final Logger LOG = LoggerFactory.getLogger(ControlKeys.class);

  /** HMAC-SHA256 wants at least as many key bytes as it has output bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  /** The id {@code control keygen} gives a new key unless told otherwise. */
  public static final String DEFAULT_KEY_ID = "ops-1";

  static final String ALGORITHM = "HmacSHA256";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String WHAT = "Control key file";
  private static final String FORM = "<key id> <base64 secret>";

  private final Path file;
  private final Map<String, byte[]> secrets;
  private final List<String> warnings;

  private ControlKeys(Path file, Map<String, byte[]> secrets, List<String> warnings) {
    this.file = file;
    this.secrets = secrets;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The keys in {@code file}.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no
   *     keys, and listing every bad line by number (without its content) when lines are wrong
   */
  public static ControlKeys load(Path file) {
    List<String> lines =
        SecretFiles.readLines(
            WHAT,
            file,
            ": create one with 'bin/trading-core control keygen --key-file " + file + "'");
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    Map<String, Integer> definedOn = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (SecretFiles.Entry entry : SecretFiles.entries(lines, 2, FORM, problems)) {
      int number = entry.line();
      List<String> fields = entry.fields();
      String keyId = fields.get(0);
      if (!KEY_ID.matcher(keyId).matches()) {
        // Not echoed: a line written secret first would print the secret here.
        problems.add(
            "line "
                + number
                + ": the key id must be 1 to 64 letters, digits, '.', '_' or '-' (is the secret"
                + " first?)");
        continue;
      }
      Integer earlier = definedOn.putIfAbsent(keyId, number);
      if (earlier != null) {
        problems.add(
            "line " + number + ": key id '" + keyId + "' is already defined on line " + earlier);
        continue;
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(fields.get(1));
      } catch (IllegalArgumentException e) {
        problems.add("line " + number + ": the secret of '" + keyId + "' is not base64");
        continue;
      }
      if (secret.length < MIN_SECRET_BYTES) {
        problems.add(
            "line "
                + number
                + ": the secret of '"
                + keyId
                + "' is "
                + secret.length
                + " bytes; at least "
                + MIN_SECRET_BYTES
                + " are required");
        continue;
      }
      secrets.put(keyId, secret);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid control key file " + file + ": " + String.join("; ", problems));
    }
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(
          "Control key file " + file + " holds no keys: expected lines '" + FORM + "'");
    }
    List<String> warnings = new ArrayList<>();
    SecretFiles.permissionWarning(WHAT, file).ifPresent(warnings::add);
    warnings.forEach(LOG::warn);
    return new ControlKeys(file, Collections.unmodifiableMap(secrets), warnings);
  }

  /**
   * Writes a new key file holding one random 32-byte key called {@code keyId}, readable by its
   * owner only (0600 where the file system has POSIX permissions), and returns its keys.
   *
   * @throws IllegalArgumentException when {@code file} exists (it is never overwritten) or the key
   *     id is not a valid one
   */
  public static ControlKeys generate(Path file, String keyId) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "a key id must be 1 to 64 letters, digits, '.', '_' or '-', got '" + keyId + "'");
    }
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    try {
      SecretFiles.createOwnerOnly(
          file,
          "# Trading Core control.v1 signing keys: '<key id> <base64 secret>', one a line.\n"
              + "# Keep this file private (0600). Add a line to roll a new key in; the first"
              + " key signs by default.\n"
              + keyId
              + " "
              + Base64.getEncoder().encodeToString(secret)
              + "\n");
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "Control key file " + file + " already exists; it is never overwritten", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write control key file " + file, e);
    }
    LOG.info("Created control key file {} with key id {}", file, keyId);
    return load(file);
  }

  /**
   * The keys in {@code file}, after creating it with one new key called {@code keyId} if it does
   * not exist: the one call a local stack needs before it starts anything that verifies commands.
   */
  public static ControlKeys loadOrGenerate(Path file, String keyId) {
    if (Files.exists(file)) {
      return load(file);
    }
    try {
      return generate(file, keyId);
    } catch (IllegalArgumentException e) {
      if (Files.exists(file)) {
        // Another process created it between the check and the write: use theirs.
        return load(file);
      }
      throw e;
    }
  }

  /** The file the keys were read from. */
  public Path file() {
    return file;
  }

  /** The key ids, in file order. */
  public List<String> keyIds() {
    return List.copyOf(secrets.keySet());
  }

  /** The first key id of the file: the one that signs unless another is chosen. */
  public String firstKeyId() {
    return secrets.keySet().iterator().next();
  }

  public boolean contains(String keyId) {
    return keyId != null && secrets.containsKey(keyId);
  }

  /** What was wrong but not fatal when the file was read (each was also logged). */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The HMAC-SHA256 of {@code message} under key {@code keyId}.
   *
   * @throws IllegalArgumentException when there is no such key
   */
  byte[] mac(String keyId, byte[] message) {
    byte[] secret = keyId == null ? null : secrets.get(keyId);
    if (secret == null) {
      throw new IllegalArgumentException(
          "no control key '" + keyId + "' in " + file + " (it has " + keyIds() + ")");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "ControlKeys[" + file + ": key ids " + secrets.keySet() + "]";
  }
}
