package io.tradingcore.kafka;

import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.risk.control.ControlVerifier;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Signs operator commands with a control key and publishes them on {@code control.v1}: what {@code
 * bin/trading-core control} and the dashboard's kill switch both do, so a command from either is
 * verified by the job and the bridge in the same way.
 */
public final class ControlPublisher {
  private final String bootstrapServers;
  private final RegistrySettings registry;
  private final ControlKeys keys;
  private final String keyId;
  private final Duration timeout;

  /**
   * @param keyId the key to sign with; {@code null} for the key file's first key
   * @param timeout how long a publication may wait for Kafka to acknowledge it
   */
  public ControlPublisher(
      String bootstrapServers,
      RegistrySettings registry,
      ControlKeys keys,
      String keyId,
      Duration timeout) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.keyId = keyId == null ? keys.firstKeyId() : keyId;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A signed command together with where Kafka put it. */
  public record Sent(Control command, RecordMetadata written) {}

  /**
   * A new unsigned command with a random id, issued now, checked with the job's own rules.
   *
   * @param limitName for SET_LIMIT, else {@code null}
   * @param limitValue for SET_LIMIT, else {@code null}
   * @throws IllegalArgumentException with the job's words, ending in "nothing sent", when the job
   *     would refuse the command for what it says
   */
  public static Control command(
      String portfolio,
      ControlCommand command,
      String limitName,
      String limitValue,
      String operator,
      String reason) {
    Control unsigned =
        Control.newBuilder()
            .setCommandId(UUID.randomUUID().toString())
            .setPortfolio(portfolio)
            .setCommand(command)
            .setLimitName(limitName)
            .setLimitValue(limitValue)
            .setOperator(operator)
            .setReason(reason)
            .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .build();
    List<String> problems = ControlVerifier.contentProblems(unsigned);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + "; nothing sent");
    }
    return unsigned;
  }

  /**
   * {@code unsigned} signed with this publisher's key.
   *
   * @throws IllegalArgumentException when the key file has no such key
   */
  public Control sign(Control unsigned) {
    return ControlSignature.sign(unsigned, keyId, keys);
  }

  /**
   * Publishes a signed command and waits for Kafka to acknowledge it.
   *
   * @throws IllegalStateException naming the servers when Kafka does not acknowledge in time
   */
  public RecordMetadata publish(Control signed) {
    return KafkaEndpoints.publishControl(bootstrapServers, registry, signed, timeout);
  }

  /** Checks, signs and publishes a command without a limit (KILL, RESUME, FLATTEN). */
  public Sent send(String portfolio, ControlCommand command, String operator, String reason) {
    Control signed = sign(command(portfolio, command, null, null, operator, reason));
    return new Sent(signed, publish(signed));
  }
}
