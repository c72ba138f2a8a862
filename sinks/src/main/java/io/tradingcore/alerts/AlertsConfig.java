package io.tradingcore.alerts;

import io.tradingcore.kafka.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the alerts forwarder reads, which events it sends, how hard it tries, and where undelivered
 * alerts go.
 *
 * @param name the forwarder's name: each webhook's consumer group is {@code <name>-<webhook name>}
 * @param pollTimeout how long one poll of {@code risk.events.v1} waits for records
 * @param startFromMillis where a webhook's first run starts reading (its group has no committed
 *     offset yet): at the first event written at or after this instant; {@code null}: at the end of
 *     the topic (an existing forwarder does not flood a new channel with history). Later runs carry
 *     on from the committed offsets.
 */
public record AlertsConfig(
    String bootstrapServers,
    RegistrySettings registry,
    String name,
    Duration pollTimeout,
    Long startFromMillis,
    AlertFilter filter,
    DeliveryPolicy policy,
    Path deadLetterFile) {

  public static final String DEFAULT_NAME = "alerts";

  public AlertsConfig {
    List<String> problems = new ArrayList<>();
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      problems.add("Kafka bootstrap servers are required");
    }
    if (registry == null) {
      problems.add("the schema registry is required");
    }
    if (!Webhook.isValidName(name)) {
      problems.add(
          "the forwarder name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
      problems.add("the poll timeout must be positive, got " + pollTimeout);
    }
    if (filter == null || policy == null || deadLetterFile == null) {
      problems.add("a filter, a delivery policy and a dead-letter file are required");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults: every webhook's first run starts at the end of the topic. */
  public static AlertsConfig of(
      String bootstrapServers, RegistrySettings registry, Path deadLetterFile) {
    return new AlertsConfig(
        bootstrapServers,
        registry,
        DEFAULT_NAME,
        Duration.ofMillis(200),
        null,
        AlertFilter.DEFAULT,
        DeliveryPolicy.defaults(),
        deadLetterFile);
  }

  /** The same forwarder under another name, first runs starting at {@code timestampMillis}. */
  public AlertsConfig forRun(String runName, Long timestampMillis) {
    return new AlertsConfig(
        bootstrapServers,
        registry,
        runName,
        pollTimeout,
        timestampMillis,
        filter,
        policy,
        deadLetterFile);
  }

  public AlertsConfig withPolicy(DeliveryPolicy policy) {
    return new AlertsConfig(
        bootstrapServers,
        registry,
        name,
        pollTimeout,
        startFromMillis,
        filter,
        policy,
        deadLetterFile);
  }

  /** The consumer group that keeps {@code webhook}'s place in {@code risk.events.v1}. */
  public String groupOf(Webhook webhook) {
    return name + "-" + webhook.name();
  }
}
