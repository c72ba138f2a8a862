package io.tradingcore.bridge.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlpacaCredentialsTest {
  private static final String SECRET = "TopSecretValue0123456789abcdefABCDEF";

  @TempDir Path dir;

  @Test
  void readsOneAccountPerPortfolioSkippingCommentsAndBlankLines() throws Exception {
    Path file =
        write(
            "# accounts\n\nmain PKMAIN0000000001 "
                + SECRET
                + "\n  other PKOTHER000000002   x-y/z+1abcdefghijklmnopq  \n");

    AlpacaCredentials credentials = AlpacaCredentials.load(file);

    assertThat(credentials.portfolios()).containsExactly("main", "other");
    assertThat(credentials.account("main").orElseThrow().keyId()).isEqualTo("PKMAIN0000000001");
    assertThat(credentials.account("nobody")).isEmpty();
    assertThat(credentials.warnings()).isEmpty();
    assertThat(credentials.toString())
        .contains(file.toString())
        .contains("main")
        .doesNotContain(SECRET);
    assertThat(credentials.account("main").orElseThrow().toString())
        .contains("PKMAIN0000000001")
        .doesNotContain(SECRET);
  }

  @Test
  void aMissingFileSaysHowToWriteOne() {
    Path file = dir.resolve("missing");

    assertThatThrownBy(() -> AlpacaCredentials.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Alpaca credentials file " + file + " does not exist")
        .hasMessageContaining("'<portfolio> <key id> <secret key>'")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aDirectoryIsNotACredentialsFile() {
    assertThatThrownBy(() -> AlpacaCredentials.load(dir))
        .hasMessage("Alpaca credentials file " + dir + " is not a regular file");
  }

  @Test
  void listsEveryBadLineByNumberWithoutItsContent() throws Exception {
    Path file =
        write(
            "main PKMAIN0000000001 "
                + SECRET
                + "\n"
                + SECRET
                + "\n"
                + SECRET
                + " PKMAIN0000000001 main\n"
                + "main PKMAIN0000000002 "
                + SECRET
                + "\n"
                + "ok bad-key-id "
                + SECRET
                + "\n"
                + "main? PKMAIN0000000003 "
                + SECRET
                + "\n");

    assertThatThrownBy(() -> AlpacaCredentials.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid Alpaca credentials file "
                + file
                + ": line 2: expected '<portfolio> <key id> <secret key>', found 1 field;"
                + " line 3: the secret key must be 20 to 256 printable characters;"
                + " line 4: portfolio 'main' already has an account on line 1;"
                + " line 5: the key id must be 8 to 64 upper-case letters or digits;"
                + " line 6: the portfolio must be 1 to 64 letters, digits, '.', '_' or '-'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET.substring(0, 8)));
  }

  @Test
  void aFileWithoutAccountsIsRefused() throws Exception {
    Path file = write("# nothing yet\n\n");

    assertThatThrownBy(() -> AlpacaCredentials.load(file))
        .hasMessageContaining(file + " holds no account");
  }

  @Test
  void warnsNamingTheFileWhenOthersCanReadIt() throws Exception {
    Path file = write("main PKMAIN0000000001 " + SECRET + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    AlpacaCredentials credentials = AlpacaCredentials.load(file);

    assertThat(credentials.warnings())
        .containsExactly(
            "Alpaca credentials file "
                + file
                + " is readable by group or others (rw-r--r--): restrict it with 'chmod 600 "
                + file
                + "'");
  }

  private Path write(String content) throws Exception {
    Path file = dir.resolve("alpaca.credentials");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
