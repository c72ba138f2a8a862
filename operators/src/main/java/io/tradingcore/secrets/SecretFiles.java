package io.tradingcore.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The house rules for a file that holds secrets (control keys, broker credentials): it must exist
 * and be a regular file, it should be readable by its owner only (0600), and no message about it
 * ever carries a line of its content.
 */
public final class SecretFiles {
  /** Owner read and write only: what a secrets file should have. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SecretFiles() {}

  /**
   * The lines of {@code file}.
   *
   * @param what how messages name the file, e.g. {@code Control key file}
   * @param whenMissing appended to the message when the file does not exist: how to create one
   * @throws IllegalArgumentException naming the file (never its content) when it is missing, not a
   *     regular file or cannot be read
   */
  public static List<String> readLines(String what, Path file, String whenMissing) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(what + " " + file + " does not exist" + whenMissing);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " " + file + " is not a regular file");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          what + " " + file + " cannot be read: permission denied", e);
    } catch (IOException e) {
      // The message of a decoding error says nothing about the content, but keep it generic.
      throw new IllegalArgumentException(
          what + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** A line of a secrets file that is neither blank nor a comment: its number and its fields. */
  public record Entry(int line, List<String> fields) {}

  /**
   * The lines of {@code lines} that are neither blank nor {@code #} comments, split on white space.
   * A line without {@code fieldCount} fields is left out and added to {@code problems} by number
   * and count only: its content may be a secret.
   *
   * @param form what a line holds, for the message, e.g. {@code <key id> <base64 secret>}
   */
  public static List<Entry> entries(
      List<String> lines, int fieldCount, String form, List<String> problems) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields.length != fieldCount) {
        problems.add(
            "line "
                + (i + 1)
                + ": expected '"
                + form
                + "', found "
                + fields.length
                + (fields.length == 1 ? " field" : " fields"));
        continue;
      }
      entries.add(new Entry(i + 1, List.of(fields)));
    }
    return entries;
  }

  /**
   * A warning naming {@code file} when its group or others may read it, with the command that fixes
   * it; empty where the file system has no POSIX permissions.
   */
  public static Optional<String> permissionWarning(String what, Path file) {
    if (!supportsPosix(file)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    boolean shared =
        permissions.contains(PosixFilePermission.GROUP_READ)
            || permissions.contains(PosixFilePermission.OTHERS_READ);
    if (!shared) {
      return Optional.empty();
    }
    return Optional.of(
        what
            + " "
            + file
            + " is readable by group or others ("
            + PosixFilePermissions.toString(permissions)
            + "): restrict it with 'chmod 600 "
            + file
            + "'");
  }

  /**
   * Creates {@code file} (and its folders) holding {@code content}, readable by its owner only
   * where the file system has POSIX permissions: created with those permissions, so the secret is
   * never readable by others, not even between creation and a chmod.
   *
   * @throws java.nio.file.FileAlreadyExistsException when it exists: a secrets file is never
   *     overwritten
   */
  public static void createOwnerOnly(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (supportsPosix(parent)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Whether {@code path}'s file system has POSIX permissions. */
  public static boolean supportsPosix(Path path) {
    return path != null
        && path.getFileSystem().supportedFileAttributeViews().contains("posix")
        && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
