package io.tradingcore.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.schemas.avro.RiskEvent;
import java.util.Locale;

/**
 * The JSON a webhook accepts. Slack's incoming webhooks take {@code {"text": …}} in its {@code
 * mrkdwn} (bold {@code *x*}; {@code &}, {@code <}, {@code >} escaped, so no text in an event can
 * mention {@code <!channel>}); Discord's take {@code {"content": …}} in Markdown (bold {@code
 * **x**}), with {@code allowed_mentions} empty so an {@code @everyone} in an event pings nobody.
 */
public enum WebhookFormat {
  SLACK(3_000) {
    @Override
    String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    String bold(String text) {
      return "*" + text + "*";
    }

    @Override
    ObjectNode body(String text) {
      ObjectNode body = JSON.createObjectNode();
      body.put("text", text);
      return body;
    }
  },
  DISCORD(2_000) {
    @Override
    String escape(String text) {
      return text.replaceAll("([\\\\*_~`|>#\\[\\]])", "\\\\$1");
    }

    @Override
    String bold(String text) {
      return "**" + text + "**";
    }

    @Override
    ObjectNode body(String text) {
      ObjectNode body = JSON.createObjectNode();
      body.put("content", text);
      body.putObject("allowed_mentions").putArray("parse");
      return body;
    }
  };

  static final ObjectMapper JSON = new ObjectMapper();

  /** Longest text sent: Discord refuses content over 2,000 characters; Slack's is kept short. */
  private final int maxLength;

  WebhookFormat(int maxLength) {
    this.maxLength = maxLength;
  }

  /** {@code text} with every character that means markup here made literal. */
  abstract String escape(String text);

  /** {@code text} (already escaped) in bold. */
  abstract String bold(String text);

  abstract ObjectNode body(String text);

  /** The request body announcing {@code event}. */
  public String payload(RiskEvent event) {
    String text = AlertText.of(event, this);
    if (text.length() > maxLength) {
      text = text.substring(0, maxLength - 1) + "…";
    }
    try {
      return JSON.writeValueAsString(body(text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert as JSON", e);
    }
  }

  /** As the command line and the webhook file spell it: {@code slack}, {@code discord}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format named {@code label}, in any case.
   *
   * @throws IllegalArgumentException naming the formats there are
   */
  public static WebhookFormat of(String label) {
    for (WebhookFormat format : values()) {
      if (format.label().equalsIgnoreCase(label)) {
        return format;
      }
    }
    throw new IllegalArgumentException("expected slack or discord, got '" + label + "'");
  }
}
