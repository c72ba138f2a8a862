package io.tradingcore.jobs;

import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.local.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The exactly-once order sink's settings, shared by the job's entry point and the local stack;
 * checked against the brokers at start ({@link io.tradingcore.kafka.OrderSinkChecks}).
 */
public final class OrderSinkOptions {

  @Option(
      names = "--transaction-timeout",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "How long an order transaction may stay open before Kafka aborts it: longer than a"
              + " checkpoint plus a restart, at most the brokers' transaction.max.timeout.ms"
              + " (checked at start; default: ${DEFAULT-VALUE}).")
  Duration transactionTimeout = KafkaEndpoints.DEFAULT_TRANSACTION_TIMEOUT;

  /** {@code kafka} with these settings. */
  public KafkaEndpoints applyTo(KafkaEndpoints kafka) {
    return kafka.withTransactionTimeout(transactionTimeout);
  }
}
