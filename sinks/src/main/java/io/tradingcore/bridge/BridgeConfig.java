package io.tradingcore.bridge;

import io.tradingcore.kafka.RegistrySettings;
import java.time.Duration;

/**
 * Where the bridge reads orders and market data and writes execution reports.
 *
 * @param name distinguishes bridges sharing a cluster: consumer group and transactional id
 * @param pollTimeout how long one poll waits for records
 */
public record BridgeConfig(
    String bootstrapServers, RegistrySettings registry, String name, Duration pollTimeout) {

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
    return new BridgeConfig(bootstrapServers, registry, "broker-bridge", Duration.ofMillis(100));
  }
}
