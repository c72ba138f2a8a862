package io.tradingcore.alerts;

import io.tradingcore.secrets.SecretFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the webhooks from a secrets file: one a line, {@code NAME [slack|discord] URL}, blank lines
 * and {@code #} comments ignored; a line without a format takes the default one. Held like the
 * other secrets files ({@link SecretFiles}): a warning when group or others may read it, and no
 * message ever quotes a line, since the URL is the secret.
 */
public final class WebhookFile {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookFile.class);
  private static final String WHAT = "Webhook file";
  static final String FORM = "NAME [slack|discord] URL";

  private WebhookFile() {}

  /**
   * The webhooks in {@code file}.
   *
   * @param defaultFormat the format of a line that names none
   * @throws IllegalArgumentException naming the file and, for each bad line, its number and what is
   *     wrong (every problem at once, never the line's content)
   */
  public static List<Webhook> load(Path file, WebhookFormat defaultFormat) {
    List<String> lines =
        SecretFiles.readLines(
            WHAT, file, ": write one webhook a line as '" + FORM + "' (chmod 600)");
    SecretFiles.permissionWarning(WHAT, file).ifPresent(LOG::warn);
    List<String> problems = new ArrayList<>();
    List<Webhook> webhooks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String problem = parse(line.split("\\s+"), defaultFormat, webhooks);
      if (problem == null && !names.add(webhooks.get(webhooks.size() - 1).name())) {
        problem = "the name " + webhooks.remove(webhooks.size() - 1).name() + " is used twice";
      }
      if (problem != null) {
        problems.add("line " + (i + 1) + ": " + problem);
      }
    }
    if (problems.isEmpty() && webhooks.isEmpty()) {
      problems.add("no webhook in it");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          WHAT
              + " "
              + file
              + ": "
              + String.join("; ", problems)
              + ". Write one webhook a line as '"
              + FORM
              + "'.");
    }
    return List.copyOf(webhooks);
  }

  /** Adds the webhook of one line's fields to {@code into}, or says what is wrong with them. */
  private static String parse(String[] fields, WebhookFormat defaultFormat, List<Webhook> into) {
    if (fields.length < 2 || fields.length > 3) {
      return "expected '" + FORM + "', found " + fields.length + " field(s)";
    }
    String name = fields[0];
    if (!Webhook.isValidName(name)) {
      return "the name must be letters, digits, '.', '_' or '-'";
    }
    WebhookFormat format = defaultFormat;
    if (fields.length == 3) {
      try {
        format = WebhookFormat.of(fields[1]);
      } catch (IllegalArgumentException e) {
        return "the format must be slack or discord";
      }
    }
    URI url;
    try {
      url = new URI(fields[fields.length - 1]);
    } catch (URISyntaxException e) {
      return "the URL is not a valid URI";
    }
    if (!Webhook.isHttpUrl(url)) {
      return "the URL must be http(s) with a host";
    }
    into.add(new Webhook(name, format, url));
    return null;
  }
}
