package io.tradingcore.risk.control;

import io.tradingcore.schemas.avro.Control;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Signs and verifies {@code control.v1} commands: HMAC-SHA256 under a {@link ControlKeys} key over
 * the command's canonical bytes ({@link #canonical}), documented in {@code docs/control.md}.
 *
 * <p>The canonical form is a version line, {@value #VERSION}, then one line per signed field in a
 * fixed order, each {@code <field name> <UTF-8 byte length>:<value>} or {@code <field name> -} for
 * a null. The length prefix keeps the form unambiguous whatever a field contains (a reason with a
 * newline cannot move text into the next field), and a null cannot be mistaken for an empty string.
 * Every field but the signature is signed, the key id included.
 */
public final class ControlSignature {
  /** The first line of the canonical form; a new form gets a new version. */
  public static final String VERSION = "tradingcore-control-v1";

  /** What {@link #verify} found. */
  public enum Verification {
    VALID,
    /** No key id or no signature. */
    UNSIGNED,
    /** The key id is not in the key file. */
    UNKNOWN_KEY,
    /** The signature is not the one the named key makes over these fields. */
    WRONG_SIGNATURE
  }

  private ControlSignature() {}

  /** The bytes the signature covers: every field of {@code control} but the signature. */
  public static byte[] canonical(Control control) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    line(out, VERSION);
    field(out, "commandId", control.getCommandId());
    field(out, "portfolio", control.getPortfolio());
    field(out, "command", control.getCommand() == null ? null : control.getCommand().name());
    field(out, "limitName", control.getLimitName());
    field(out, "limitValue", control.getLimitValue());
    field(out, "operator", control.getOperator());
    field(out, "reason", control.getReason());
    field(
        out,
        "issuedAt",
        control.getIssuedAt() == null ? null : Long.toString(control.getIssuedAt().toEpochMilli()));
    field(out, "keyId", control.getKeyId());
    return out.toByteArray();
  }

  /**
   * A copy of {@code control} carrying {@code keyId} and its signature under that key.
   *
   * @throws IllegalArgumentException when {@code keys} has no key {@code keyId} (from {@link
   *     ControlKeys#mac})
   */
  public static Control sign(Control control, String keyId, ControlKeys keys) {
    Control withKey = Control.newBuilder(control).setKeyId(keyId).setSignature(null).build();
    byte[] signature = keys.mac(keyId, canonical(withKey));
    return Control.newBuilder(withKey).setSignature(ByteBuffer.wrap(signature)).build();
  }

  /** Whether {@code control} carries a valid signature by one of {@code keys}. */
  public static Verification verify(Control control, ControlKeys keys) {
    byte[] given = bytes(control.getSignature());
    if (control.getKeyId() == null || given == null || given.length == 0) {
      return Verification.UNSIGNED;
    }
    if (!keys.contains(control.getKeyId())) {
      return Verification.UNKNOWN_KEY;
    }
    byte[] expected = keys.mac(control.getKeyId(), canonical(control));
    // Constant time: how long a comparison takes must not tell how much of a guess was right.
    return MessageDigest.isEqual(expected, given)
        ? Verification.VALID
        : Verification.WRONG_SIGNATURE;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    if (value == null) {
      line(out, name + " -");
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((name + " " + utf8.length + ":").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(utf8);
    out.write('\n');
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }
}
