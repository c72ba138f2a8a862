package io.tradingcore.risk.control;

import static io.tradingcore.risk.control.TestControls.KEY_ID;
import static io.tradingcore.risk.control.TestControls.SECRET_BASE64;
import static io.tradingcore.risk.control.TestControls.base64;
import static io.tradingcore.risk.control.TestControls.keyFile;
import static io.tradingcore.risk.control.TestControls.kill;
import static io.tradingcore.risk.control.TestControls.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.risk.control.ControlSignature.Verification;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSignatureTest {
  @TempDir Path dir;

  @Test
  void canonicalFormIsTheDocumentedOne() {
    Control control = kill().unsigned();
    control.setKeyId(KEY_ID);

    assertThat(new String(ControlSignature.canonical(control), StandardCharsets.UTF_8))
        .isEqualTo(
            "tradingcore-control-v1\n"
                + "commandId 8:cmd-0001\n"
                + "portfolio 4:main\n"
                + "command 4:KILL\n"
                + "limitName -\n"
                + "limitValue -\n"
                + "operator 5:alice\n"
                + "reason 23:drill: kill switch test\n"
                + "issuedAt 13:1767225600000\n"
                + "keyId 5:ops-1\n");
  }

  /**
   * The expected MAC was computed outside Java, over the canonical bytes above, with the key bytes
   * 0x00..0x1f: by Python's {@code hmac.new(bytes(range(32)), canonical, hashlib.sha256)} and by
   * {@code openssl dgst -sha256 -mac HMAC -macopt
   * hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f}; both gave this hex.
   */
  @Test
  void signsAKillAsAnIndependentHmacDoes() {
    ControlKeys keys = TestControls.keys(dir);

    Control signed = kill().signedWith(keys);

    assertThat(signed.getKeyId()).isEqualTo(KEY_ID);
    assertThat(hex(signed.getSignature()))
        .isEqualTo("2743004622b026bd20704c56442986af27d4582b2860f98cfc6e328fe67eb1a1");
  }

  /**
   * As above (Python's hmac and openssl agreed), for a SET_LIMIT to every portfolio whose reason
   * has a non-ASCII character and a newline: canonical form {@code ... portfolio 1:*\n command
   * 9:SET_LIMIT\n limitName 10:price_jump\n limitValue 4:0.05\n operator 3:bob\n reason 29:réduire
   * le bruit\nsecond line\n issuedAt 13:1767225660000\n keyId 5:ops-1\n} (lengths in UTF-8 bytes).
   */
  @Test
  void signsASetLimitWithUtf8AndANewlineAsAnIndependentHmacDoes() {
    ControlKeys keys = TestControls.keys(dir);
    Control control =
        TestControls.setLimit("price_jump", "0.05")
            .id("cmd-0002")
            .portfolio("*")
            .operator("bob")
            .reason("réduire le bruit\nsecond line")
            .issuedAt(Instant.ofEpochMilli(1767225660000L))
            .unsigned();

    Control signed = ControlSignature.sign(control, KEY_ID, keys);

    assertThat(hex(signed.getSignature()))
        .isEqualTo("310a0cbebf865eb8f3c1e44b6334b3b3ceee978b053d765fe4c9679f11b185c0");
    assertThat(ControlSignature.verify(signed, keys)).isEqualTo(Verification.VALID);
  }

  @Test
  void aChangeToAnySignedFieldBreaksTheSignature() {
    ControlKeys keys = TestControls.keys(dir);
    Control signed = TestControls.setLimit("max_drawdown", "0.03").signedWith(keys);
    List<UnaryOperator<Control>> changes =
        List.of(
            c -> with(c, b -> b.setCommandId("cmd-0009")),
            c -> with(c, b -> b.setPortfolio("*")),
            c -> with(c, b -> b.setCommand(ControlCommand.RESUME)),
            c -> with(c, b -> b.setLimitName("max_order_notional")),
            c -> with(c, b -> b.setLimitValue("0.3")),
            c -> with(c, b -> b.setOperator("mallory")),
            c -> with(c, b -> b.setReason("drill")),
            c -> with(c, b -> b.setIssuedAt(c.getIssuedAt().plusMillis(1))));

    assertThat(ControlSignature.verify(signed, keys)).isEqualTo(Verification.VALID);
    for (UnaryOperator<Control> change : changes) {
      assertThat(ControlSignature.verify(change.apply(signed), keys))
          .isEqualTo(Verification.WRONG_SIGNATURE);
    }
  }

  @Test
  void theKeyIdIsSigned() {
    ControlKeys keys =
        ControlKeys.load(keyFile(dir, "ops-1 " + SECRET_BASE64, "ops-2 " + SECRET_BASE64));
    Control signed = kill().signedWith(keys);

    // Same secret under another name: the signature still does not carry over.
    assertThat(ControlSignature.verify(with(signed, b -> b.setKeyId("ops-2")), keys))
        .isEqualTo(Verification.WRONG_SIGNATURE);
  }

  @Test
  void nullAndEmptyAndMovedTextSignDifferently() {
    Control absent = kill().limit(null, null).unsigned();
    Control empty = TestControls.kill().unsigned();
    empty.setLimitName("");
    Control split1 = kill().operator("a\nb").reason("c").unsigned();
    Control split2 = kill().operator("a").reason("b\nc").unsigned();

    assertThat(ControlSignature.canonical(absent)).isNotEqualTo(ControlSignature.canonical(empty));
    assertThat(ControlSignature.canonical(split1)).isNotEqualTo(ControlSignature.canonical(split2));
  }

  @Test
  void reportsUnsignedAndUnknownKeys() {
    ControlKeys keys = TestControls.keys(dir);
    ControlKeys otherKeys = ControlKeys.load(keyFile(dir, "ops-2 " + base64(secret(9))));

    assertThat(ControlSignature.verify(kill().unsigned(), keys)).isEqualTo(Verification.UNSIGNED);
    assertThat(
            ControlSignature.verify(with(kill().signedWith(keys), b -> b.setSignature(null)), keys))
        .isEqualTo(Verification.UNSIGNED);
    assertThat(
            ControlSignature.verify(
                with(kill().signedWith(keys), b -> b.setSignature(ByteBuffer.allocate(0))), keys))
        .isEqualTo(Verification.UNSIGNED);
    assertThat(ControlSignature.verify(kill().signedWith(keys), otherKeys))
        .isEqualTo(Verification.UNKNOWN_KEY);
  }

  @Test
  void anotherSecretUnderTheSameIdIsAWrongSignature() {
    ControlKeys keys = TestControls.keys(dir);
    ControlKeys impostor = ControlKeys.load(keyFile(dir, KEY_ID + " " + base64(secret(7))));

    assertThat(ControlSignature.verify(kill().signedWith(impostor), keys))
        .isEqualTo(Verification.WRONG_SIGNATURE);
  }

  @Test
  void rotationVerifiesEveryKeyInTheFile() {
    ControlKeys both =
        ControlKeys.load(keyFile(dir, "ops-1 " + SECRET_BASE64, "ops-2 " + base64(secret(50))));
    ControlKeys newOnly = ControlKeys.load(keyFile(dir, "ops-2 " + base64(secret(50))));

    Control byNewKey = ControlSignature.sign(kill().unsigned(), "ops-2", newOnly);

    assertThat(ControlSignature.verify(byNewKey, both)).isEqualTo(Verification.VALID);
    assertThat(ControlSignature.verify(kill().signedWith(both), newOnly))
        .isEqualTo(Verification.UNKNOWN_KEY);
  }

  @Test
  void refusesToSignWithAKeyItDoesNotHave() {
    ControlKeys keys = TestControls.keys(dir);

    assertThatThrownBy(() -> ControlSignature.sign(kill().unsigned(), "ops-9", keys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no control key 'ops-9'")
        .hasMessageContaining("[ops-1]");
  }

  @Test
  void signingLeavesTheOriginalUntouched() {
    ControlKeys keys = TestControls.keys(dir);
    Control unsigned = kill().unsigned();

    ControlSignature.sign(unsigned, KEY_ID, keys);

    assertThat(unsigned.getKeyId()).isNull();
    assertThat(unsigned.getSignature()).isNull();
  }

  private static Control with(Control control, UnaryOperatorOnBuilder change) {
    Control.Builder builder = Control.newBuilder(control);
    change.apply(builder);
    return builder.build();
  }

  @FunctionalInterface
  private interface UnaryOperatorOnBuilder {
    void apply(Control.Builder builder);
  }

  private static String hex(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
