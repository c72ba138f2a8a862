package io.tradingcore.risk.control;

import static io.tradingcore.risk.control.TestControls.SECRET_BASE64;
import static io.tradingcore.risk.control.TestControls.base64;
import static io.tradingcore.risk.control.TestControls.keyFile;
import static io.tradingcore.risk.control.TestControls.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tradingcore.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlKeysTest {
  @TempDir Path dir;

  @Test
  void readsKeysInFileOrderSkippingBlankLinesAndComments() {
    Path file =
        keyFile(
            dir,
            "# operators' keys",
            "",
            "ops-2 " + base64(secret(40)),
            "   # indented comment",
            "  ops-1\t" + SECRET_BASE64 + "  ",
            "");

    ControlKeys keys = ControlKeys.load(file);

    assertThat(keys.keyIds()).containsExactly("ops-2", "ops-1");
    assertThat(keys.firstKeyId()).isEqualTo("ops-2");
    assertThat(keys.contains("ops-1")).isTrue();
    assertThat(keys.contains("ops-3")).isFalse();
    assertThat(keys.warnings()).isEmpty();
  }

  @Test
  void reportsEveryBadLineAtOnceByNumberWithoutItsSecret() {
    String shortSecret = base64(new byte[16]);
    String secretFirst = base64(secret(1));
    Path file =
        keyFile(
            dir,
            "ops-1 " + SECRET_BASE64,
            "ops-2 " + shortSecret,
            "ops-3 not*base64!",
            "ops-4",
            "ops-1 " + base64(secret(2)),
            secretFirst + " ops-5",
            "ops-6 " + SECRET_BASE64 + " trailing");

    assertThatThrownBy(() -> ControlKeys.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid control key file " + file + ": ")
        .hasMessageContaining("line 2: the secret of 'ops-2' is 16 bytes; at least 32 are required")
        .hasMessageContaining("line 3: the secret of 'ops-3' is not base64")
        .hasMessageContaining("line 4: expected '<key id> <base64 secret>', found 1 field")
        .hasMessageContaining("line 5: key id 'ops-1' is already defined on line 1")
        .hasMessageContaining(
            "line 6: the key id must be 1 to 64 letters, digits, '.', '_' or '-' (is the secret"
                + " first?)")
        .hasMessageContaining("line 7: expected '<key id> <base64 secret>', found 3 fields")
        .message()
        .doesNotContain(SECRET_BASE64, shortSecret, secretFirst, "not*base64!");
  }

  @Test
  void refusesAMissingFileAndSaysHowToCreateOne() {
    Path missing = dir.resolve("nowhere.keys");

    assertThatThrownBy(() -> ControlKeys.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Control key file "
                + missing
                + " does not exist: create one with 'bin/trading-core control keygen --key-file "
                + missing
                + "'");
  }

  @Test
  void refusesAFileWithoutKeys() {
    Path empty = keyFile(dir, "# nothing yet", "");

    assertThatThrownBy(() -> ControlKeys.load(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Control key file "
                + empty
                + " holds no keys: expected lines '<key id> <base64 secret>'");
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> ControlKeys.load(dir))
        .hasMessage("Control key file " + dir + " is not a regular file");
  }

  @Test
  void refusesAFileItCannotRead() throws Exception {
    assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
    Path file = keyFile(dir, "ops-1 " + SECRET_BASE64);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

    assertThatThrownBy(() -> ControlKeys.load(file))
        .hasMessage("Control key file " + file + " cannot be read: permission denied");
  }

  @Test
  void warnsNamingThePathWhenGroupOrOthersCanReadTheFile() throws Exception {
    Path file = keyFile(dir, "ops-1 " + SECRET_BASE64);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    ControlKeys keys;
    try (LogCapture log = LogCapture.atLeast(Level.WARN)) {
      keys = ControlKeys.load(file);

      String expected =
          "Control key file "
              + file
              + " is readable by group or others (rw-r--r--): restrict it with 'chmod 600 "
              + file
              + "'";
      assertThat(keys.warnings()).containsExactly(expected);
      assertThat(log.text()).contains(expected).doesNotContain(SECRET_BASE64);
    }
    assertThat(keys.keyIds()).containsExactly("ops-1");
  }

  @Test
  void generatesAnOwnerOnlyFileWithOneRandomKeyAndNeverOverwrites() throws Exception {
    Path file = dir.resolve("sub/control.keys");

    ControlKeys generated = ControlKeys.generate(file, "desk-a");

    assertThat(generated.keyIds()).containsExactly("desk-a");
    assertThat(generated.warnings()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    List<String> keyLines =
        Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
    assertThat(keyLines).singleElement().asString().matches("desk-a [A-Za-z0-9+/]{43}=");
    String before = Files.readString(file);

    assertThatThrownBy(() -> ControlKeys.generate(file, "desk-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Control key file " + file + " already exists; it is never overwritten");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void generatesADifferentKeyEachTime() throws Exception {
    ControlKeys.generate(dir.resolve("a.keys"), "ops-1");
    ControlKeys.generate(dir.resolve("b.keys"), "ops-1");

    assertThat(Files.readString(dir.resolve("a.keys")))
        .isNotEqualTo(Files.readString(dir.resolve("b.keys")));
  }

  @Test
  void loadOrGenerateCreatesTheFileOnceThenReadsIt() throws Exception {
    Path file = dir.resolve(".local/control.keys");

    ControlKeys first = ControlKeys.loadOrGenerate(file, ControlKeys.DEFAULT_KEY_ID);
    String written = Files.readString(file);
    ControlKeys second = ControlKeys.loadOrGenerate(file, "other");

    assertThat(first.keyIds()).containsExactly("ops-1");
    assertThat(second.keyIds()).containsExactly("ops-1");
    assertThat(Files.readString(file)).isEqualTo(written);
  }

  @Test
  void refusesAnInvalidKeyIdToGenerate() {
    assertThatThrownBy(() -> ControlKeys.generate(dir.resolve("x.keys"), "has space"))
        .hasMessage("a key id must be 1 to 64 letters, digits, '.', '_' or '-', got 'has space'");
    assertThat(dir.resolve("x.keys")).doesNotExist();
  }

  @Test
  void neverShowsASecret() {
    ControlKeys keys = ControlKeys.load(keyFile(dir, "ops-1 " + SECRET_BASE64));

    assertThat(keys.toString())
        .contains("ops-1")
        .doesNotContain(SECRET_BASE64)
        .doesNotContain(HexFormat.of().formatHex(TestControls.SECRET));
  }
}
