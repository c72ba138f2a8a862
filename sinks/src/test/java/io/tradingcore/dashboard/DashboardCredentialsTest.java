package io.tradingcore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCredentialsTest {
  @TempDir Path dir;

  @Test
  void aFirstRunCreatesAnOwnerOnlyFileWithARandomPassword() throws Exception {
    Path file = dir.resolve(".local/dashboard.credentials");

    DashboardCredentials created = DashboardCredentials.loadOrGenerate(file);
    DashboardCredentials again = DashboardCredentials.loadOrGenerate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String[] line = Files.readAllLines(file).get(1).split(" ");
    assertThat(line[0]).isEqualTo("operator");
    assertThat(line[1]).hasSizeGreaterThanOrEqualTo(24);
    assertThat(created.matches("operator", line[1])).isTrue();
    assertThat(again.matches("operator", line[1])).as("never overwritten").isTrue();
    assertThat(created.toString()).doesNotContain(line[1]);
  }

  @Test
  void onlyTheExactUserAndPasswordMatch() throws Exception {
    Path file = dir.resolve("dashboard.credentials");
    Files.writeString(file, "# ops\ndesk correct-horse-battery\n");

    DashboardCredentials credentials = DashboardCredentials.load(file);

    assertThat(credentials.matches("desk", "correct-horse-battery")).isTrue();
    assertThat(credentials.matches("desk", "correct-horse-batter")).isFalse();
    assertThat(credentials.matches("desk", "correct-horse-battery ")).isFalse();
    assertThat(credentials.matches("Desk", "correct-horse-battery")).isFalse();
    assertThat(credentials.matches(null, null)).isFalse();
  }

  @Test
  void aBadFileIsNamedWithoutItsContent() throws Exception {
    Path file = dir.resolve("dashboard.credentials");
    Files.writeString(file, "s3cret-password-on-its-own\n");

    assertThatThrownBy(() -> DashboardCredentials.load(file))
        .hasMessageContaining("Invalid dashboard credentials file " + file)
        .hasMessageContaining("line 1: expected '<user> <password>', found 1 field")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aShortPasswordIsRefused() throws Exception {
    Path file = dir.resolve("dashboard.credentials");
    Files.writeString(file, "operator short\n");

    assertThatThrownBy(() -> DashboardCredentials.load(file))
        .hasMessageContaining("the password is shorter than 12 characters")
        .hasMessageNotContaining("short\n");
  }

  @Test
  void aMissingFileSaysHowToGetOne() {
    Path file = dir.resolve("nope");

    assertThatThrownBy(() -> DashboardCredentials.load(file))
        .hasMessageContaining("Dashboard credentials file " + file + " does not exist")
        .hasMessageContaining("the local stack creates one on first run");
  }
}
