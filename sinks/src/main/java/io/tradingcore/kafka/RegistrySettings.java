package io.tradingcore.kafka;

import io.tradingcore.schemas.serde.RegistryClient;
import java.io.Serializable;
import java.time.Duration;

/**
 * How a job or the bridge reaches the schema registry.
 *
 * @param autoRegister register this build's schemas on first write (local stack and tests); in
 *     production schemas are registered ahead by the release process and this is false
 */
public record RegistrySettings(String url, boolean autoRegister, Duration timeout)
    implements Serializable {

  public RegistrySettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("schema registry URL is required");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("registry timeout must be positive, got " + timeout);
    }
  }

  public static RegistrySettings of(String url, boolean autoRegister) {
    return new RegistrySettings(url, autoRegister, RegistryClient.DEFAULT_TIMEOUT);
  }

  public RegistryClient client() {
    return new RegistryClient(url, timeout);
  }
}
