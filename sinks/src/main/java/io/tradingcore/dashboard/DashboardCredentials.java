package io.tradingcore.dashboard;

import io.tradingcore.secrets.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may press the dashboard's kill switch and RESUME: one {@code <user> <password>} line in a
 * secrets file (owner-only, 0600). Passwords are compared in constant time and never appear in a
 * message or a log line.
 */
public final class DashboardCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardCredentials.class);
  private static final String WHAT = "Dashboard credentials file";
  private static final String FORM = "<user> <password>";

  /** The user a generated file names. */
  public static final String DEFAULT_USER = "operator";

  private static final int MIN_PASSWORD_CHARS = 12;

  private final Path file;
  private final String user;
  private final byte[] userDigest;
  private final byte[] passwordDigest;

  private DashboardCredentials(Path file, String user, String password) {
    this.file = file;
    this.user = user;
    this.userDigest = sha256(user);
    this.passwordDigest = sha256(password);
  }

  /**
   * The credentials in {@code file}.
   *
   * @throws IllegalArgumentException naming the file (never its content) when it is missing,
   *     unreadable, or does not hold exactly one good {@code <user> <password>} line
   */
  public static DashboardCredentials load(Path file) {
    List<String> lines =
        SecretFiles.readLines(
            WHAT, file, ": the local stack creates one on first run, or write '" + FORM + "'");
    List<String> problems = new ArrayList<>();
    List<SecretFiles.Entry> entries = SecretFiles.entries(lines, 2, FORM, problems);
    if (problems.isEmpty() && entries.size() != 1) {
      problems.add("expected one '" + FORM + "' line, found " + entries.size());
    }
    if (problems.isEmpty() && entries.get(0).fields().get(1).length() < MIN_PASSWORD_CHARS) {
      problems.add(
          "line "
              + entries.get(0).line()
              + ": the password is shorter than "
              + MIN_PASSWORD_CHARS
              + " characters");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid dashboard credentials file " + file + ": " + String.join("; ", problems));
    }
    SecretFiles.permissionWarning(WHAT, file).ifPresent(LOG::warn);
    List<String> fields = entries.get(0).fields();
    return new DashboardCredentials(file, fields.get(0), fields.get(1));
  }

  /**
   * The credentials in {@code file}, after creating it (owner-only) with user {@value
   * #DEFAULT_USER} and a random password if it does not exist.
   */
  public static DashboardCredentials loadOrGenerate(Path file) {
    if (Files.exists(file)) {
      return load(file);
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      SecretFiles.createOwnerOnly(
          file,
          "# Trading Core dashboard: who may press the kill switch and RESUME. '"
              + FORM
              + "'; keep this file private (0600).\n"
              + DEFAULT_USER
              + " "
              + password
              + "\n");
    } catch (FileAlreadyExistsException e) {
      // Another process created it between the check and the write: use theirs.
      return load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write dashboard credentials file " + file, e);
    }
    LOG.info("Created dashboard credentials file {} for user {}", file, DEFAULT_USER);
    return load(file);
  }

  /**
   * Whether {@code user} and {@code password} are these, in time independent of where they differ.
   */
  public boolean matches(String user, String password) {
    boolean userOk = MessageDigest.isEqual(userDigest, sha256(user));
    boolean passwordOk = MessageDigest.isEqual(passwordDigest, sha256(password));
    return userOk & passwordOk;
  }

  public Path file() {
    return file;
  }

  public String user() {
    return user;
  }

  @Override
  public String toString() {
    return "DashboardCredentials[" + file + ": user " + user + "]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
