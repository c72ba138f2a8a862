package io.tradingcore.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.schemas.avro.RiskEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alerts that could not be delivered, one JSON object a line, appended and forced to disk
 * before the forwarder commits the event's offset: an alert is either at its webhook or here.
 *
 * <p>A line holds when ({@code deadLetteredAt}), where it was going ({@code webhook}, {@code host}
 * — never the URL — and {@code format}), how it failed ({@code attempts}, {@code lastStatus}, null
 * when nothing answered, {@code lastError}), where it was read ({@code topic}, {@code partition},
 * {@code offset}), and the whole {@code event}; for a record that could not be decoded, {@code
 * event} is null and {@code undecodable} and {@code valueBase64} say why and what it was.
 */
public final class DeadLetterLog {
  private final Path file;
  private final Clock clock;

  public DeadLetterLog(Path file) {
    this(file, Clock.systemUTC());
  }

  DeadLetterLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /** Records that {@code event}, read from {@code record}, could not be delivered. */
  public void undelivered(
      Webhook webhook, ConsumerRecord<?, ?> record, RiskEvent event, WebhookClient.Result result) {
    ObjectNode line = header(webhook, record);
    line.put("attempts", result.attempts());
    if (result.lastStatus() == null) {
      line.putNull("lastStatus");
    } else {
      line.put("lastStatus", result.lastStatus());
    }
    line.put("lastError", result.lastError());
    line.set("event", eventJson(event));
    append(line);
  }

  /** Records that {@code record} could not be decoded, so {@code webhook} never got it. */
  public void undecodable(Webhook webhook, ConsumerRecord<?, byte[]> record, String why) {
    ObjectNode line = header(webhook, record);
    line.put("attempts", 0);
    line.putNull("lastStatus");
    line.put("lastError", "undecodable");
    line.putNull("event");
    line.put("undecodable", why);
    line.put(
        "valueBase64",
        record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
    append(line);
  }

  private ObjectNode header(Webhook webhook, ConsumerRecord<?, ?> record) {
    ObjectNode line = WebhookFormat.JSON.createObjectNode();
    line.put("deadLetteredAt", clock.instant().toString());
    line.put("webhook", webhook.name());
    line.put("host", webhook.host());
    line.put("format", webhook.format().label());
    line.put("topic", record.topic());
    line.put("partition", record.partition());
    line.put("offset", record.offset());
    return line;
  }

  /** The event as JSON: every field of {@code RiskEvent}, times as ISO instants. */
  static ObjectNode eventJson(RiskEvent event) {
    ObjectNode json = WebhookFormat.JSON.createObjectNode();
    json.put("eventId", event.getEventId());
    json.put("portfolio", event.getPortfolio());
    json.put("symbol", event.getSymbol());
    json.put("reason", event.getReason().name());
    json.put("severity", event.getSeverity().name());
    json.put("cause", event.getCause());
    ObjectNode values = json.putObject("values");
    new java.util.TreeMap<>(event.getValues()).forEach(values::put);
    json.put("causationId", event.getCausationId());
    json.put(
        "tradingState", event.getTradingState() == null ? null : event.getTradingState().name());
    json.put("tsEvent", event.getTsEvent().toString());
    json.put("tsInit", event.getTsInit().toString());
    return json;
  }

  private synchronized void append(ObjectNode line) {
    try {
      byte[] bytes =
          (WebhookFormat.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dead letter as JSON", e);
    } catch (IOException e) {
      // The offset must not be committed: the forwarder stops and the alert is read again.
      throw new UncheckedIOException("cannot append to the dead-letter log " + file, e);
    }
  }
}
