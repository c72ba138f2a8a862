package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookFileTest {
  private static final String SLACK_URL =
      "https://hooks.slack.com/services/T000/B000/s3cr3tT0k3nXyZ";
  private static final String DISCORD_URL = "https://discord.com/api/webhooks/123/s3cr3tD1sc0rd";

  @TempDir Path dir;

  @Test
  void readsNamesFormatsAndUrlsSkippingCommentsAndBlankLines() throws Exception {
    Path file =
        write(
            "# where risk alerts go\n\nops "
                + SLACK_URL
                + "\n  desk discord "
                + DISCORD_URL
                + "\n");

    List<Webhook> webhooks = WebhookFile.load(file, WebhookFormat.SLACK);

    assertThat(webhooks)
        .containsExactly(
            new Webhook("ops", WebhookFormat.SLACK, URI.create(SLACK_URL)),
            new Webhook("desk", WebhookFormat.DISCORD, URI.create(DISCORD_URL)));
    assertThat(webhooks.get(1).toString()).isEqualTo("desk (discord → discord.com)");
  }

  @Test
  void aLineWithoutAFormatTakesTheDefault() throws Exception {
    List<Webhook> webhooks =
        WebhookFile.load(write("desk " + DISCORD_URL + "\n"), WebhookFormat.DISCORD);

    assertThat(webhooks).extracting(Webhook::format).containsExactly(WebhookFormat.DISCORD);
  }

  @Test
  void everyBadLineIsNamedByNumberAndWhatIsWrongButNeverQuoted() throws Exception {
    Path file =
        write(
            "ops "
                + SLACK_URL
                + "\n"
                + SLACK_URL
                + "\n"
                + "ops teams "
                + SLACK_URL
                + "\n"
                + "ops ftp://s3cr3tHost/x\n"
                + "ops "
                + DISCORD_URL
                + "\n");

    assertThatThrownBy(() -> WebhookFile.load(file, WebhookFormat.SLACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Webhook file "
                + file
                + ": line 2: expected 'NAME [slack|discord] URL', found 1 field(s);"
                + " line 3: the format must be slack or discord;"
                + " line 4: the URL must be http(s) with a host;"
                + " line 5: the name ops is used twice."
                + " Write one webhook a line as 'NAME [slack|discord] URL'.")
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void aMissingOrEmptyFileSaysHowToWriteOne() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> WebhookFile.load(missing, WebhookFormat.SLACK))
        .hasMessage(
            "Webhook file "
                + missing
                + " does not exist: write one webhook a line as 'NAME [slack|discord] URL'"
                + " (chmod 600)");
    Path empty = write("# nothing yet\n");
    assertThatThrownBy(() -> WebhookFile.load(empty, WebhookFormat.SLACK))
        .hasMessageContaining(": no webhook in it.");
  }

  private Path write(String content) throws Exception {
    Path file = Files.createTempFile(dir, "webhooks", ".txt");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
