package io.tradingcore.bridge;

import io.tradingcore.kafka.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the bridge reads orders and market data and writes execution reports.
 *
 * @param name distinguishes bridges sharing a cluster: consumer group and transactional id
 * @param pollTimeout how long one poll waits for records
 * @param startFromMillis where a partition without committed offsets starts: at the first record
 *     written at or after this instant, or (when {@code null}) at the earliest record
 * @param controlKeys the key file that verifies {@code control.v1} commands; {@code null}: the
 *     bridge does not read {@code control.v1}
 */
public record BridgeConfig(
    String bootstrapServers,
    RegistrySettings registry,
    String name,
    Duration pollTimeout,
    Long startFromMillis,
    Path controlKeys) {

  public BridgeConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "bridge name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
  }

  public static BridgeConfig of(String bootstrapServers, RegistrySettings registry) {
    return new BridgeConfig(
        bootstrapServers, registry, "broker-bridge", Duration.ofMillis(100), null, null);
  }

  /** The same bridge under another name, starting new partitions at {@code timestampMillis}. */
  public BridgeConfig forRun(String runName, long timestampMillis) {
    return new BridgeConfig(
        bootstrapServers, registry, runName, pollTimeout, timestampMillis, controlKeys);
  }

  /**
   * The same bridge reading {@code control.v1} and acting on KILL, verified with the keys in {@code
   * keyFile}.
   */
  public BridgeConfig withControlKeys(Path keyFile) {
    return new BridgeConfig(
        bootstrapServers, registry, name, pollTimeout, startFromMillis, keyFile);
  }

  /** The consumer group of the bridge's {@code control.v1} reader. */
  public String controlGroup() {
    return name + "-control";
  }
}
