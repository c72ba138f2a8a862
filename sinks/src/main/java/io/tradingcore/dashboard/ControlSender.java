package io.tradingcore.dashboard;

import io.tradingcore.kafka.ControlPublisher;
import io.tradingcore.schemas.avro.ControlCommand;

/** Signs and publishes a command: {@link ControlPublisher#send} in production. */
@FunctionalInterface
public interface ControlSender {
  /**
   * @throws IllegalArgumentException when the job would refuse the command for what it says
   * @throws IllegalStateException when Kafka does not take it
   */
  ControlPublisher.Sent send(
      String portfolio, ControlCommand command, String operator, String reason);
}
