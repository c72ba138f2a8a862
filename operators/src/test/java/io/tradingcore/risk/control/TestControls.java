package io.tradingcore.risk.control;

import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Control commands and key files for tests, with named times and a fixed key. */
final class TestControls {
  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  /** A second after {@link #ISSUED}: when the verifier sees the command. */
  static final long RECEIVED = ISSUED.toEpochMilli() + 1_000;

  /** The bytes 0x00..0x1f: the fixed key of the known-answer tests. */
  static final byte[] SECRET = secret(0);

  static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET);
  static final String KEY_ID = "ops-1";

  private String commandId = "cmd-0001";
  private String portfolio = "main";
  private ControlCommand command = ControlCommand.KILL;
  private String limitName;
  private String limitValue;
  private String operator = "alice";
  private String reason = "drill: kill switch test";
  private Instant issuedAt = ISSUED;

  private TestControls() {}

  static TestControls kill() {
    return new TestControls();
  }

  static TestControls command(ControlCommand command) {
    TestControls c = new TestControls();
    c.command = command;
    return c;
  }

  static TestControls setLimit(String name, String value) {
    TestControls c = command(ControlCommand.SET_LIMIT);
    c.limitName = name;
    c.limitValue = value;
    return c;
  }

  TestControls id(String commandId) {
    this.commandId = commandId;
    return this;
  }

  TestControls portfolio(String portfolio) {
    this.portfolio = portfolio;
    return this;
  }

  TestControls operator(String operator) {
    this.operator = operator;
    return this;
  }

  TestControls reason(String reason) {
    this.reason = reason;
    return this;
  }

  TestControls issuedAt(Instant issuedAt) {
    this.issuedAt = issuedAt;
    return this;
  }

  TestControls limit(String name, String value) {
    this.limitName = name;
    this.limitValue = value;
    return this;
  }

  Control unsigned() {
    return Control.newBuilder()
        .setCommandId(commandId)
        .setPortfolio(portfolio)
        .setCommand(command)
        .setLimitName(limitName)
        .setLimitValue(limitValue)
        .setOperator(operator)
        .setReason(reason)
        .setIssuedAt(issuedAt)
        .build();
  }

  Control signedWith(ControlKeys keys) {
    return ControlSignature.sign(unsigned(), KEY_ID, keys);
  }

  /** 32 bytes counting up from {@code first}. */
  static byte[] secret(int first) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (first + i);
    }
    return bytes;
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A key file in {@code dir} holding {@code lines}, readable by its owner only. */
  static Path keyFile(Path dir, String... lines) {
    try {
      Path file = dir.resolve("control-" + System.nanoTime() + ".keys");
      Files.write(file, List.of(lines));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixed key as {@link #KEY_ID}. */
  static ControlKeys keys(Path dir) {
    return ControlKeys.load(keyFile(dir, KEY_ID + " " + SECRET_BASE64));
  }
}
