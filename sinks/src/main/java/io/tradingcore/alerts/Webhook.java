package io.tradingcore.alerts;

import java.net.URI;

/**
 * One place alerts go. The URL is a secret (whoever has it can post to the channel): only {@link
 * #host()} ever reaches a log line, an error or the dead-letter log, and {@link #toString()} leaves
 * the URL out.
 *
 * @param name names the webhook in logs and dead letters, and its consumer group ({@code <forwarder
 *     name>-<name>})
 */
public record Webhook(String name, WebhookFormat format, URI url) {

  public Webhook {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "a webhook name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (format == null) {
      throw new IllegalArgumentException("webhook " + name + " needs a format");
    }
    if (!isHttpUrl(url)) {
      throw new IllegalArgumentException("webhook " + name + " needs an http(s) URL with a host");
    }
  }

  /** Letters, digits, '.', '_' or '-': a name that fits a consumer group and a log line. */
  static boolean isValidName(String name) {
    return name != null && name.matches("[A-Za-z0-9._-]+");
  }

  /** An http or https URL with a host. */
  static boolean isHttpUrl(URI url) {
    return url != null
        && url.getHost() != null
        && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()));
  }

  /** The only part of the URL that is shown anywhere. */
  public String host() {
    return url.getHost();
  }

  /** {@code name (format → host)}: never the path or query, which carry the secret. */
  @Override
  public String toString() {
    return name + " (" + format.label() + " → " + host() + ")";
  }
}
