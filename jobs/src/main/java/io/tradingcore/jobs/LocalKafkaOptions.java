package io.tradingcore.jobs;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers} and {@code --registry-url} for the commands an operator runs beside a
 * job, defaulting to the local stack's Kafka and registry.
 */
public final class LocalKafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka (default: ${DEFAULT-VALUE}, the local stack's).")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      defaultValue = "http://localhost:8085",
      description = "Schema registry (default: ${DEFAULT-VALUE}, the local stack's).")
  String registryUrl;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }
}
