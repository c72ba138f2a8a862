package io.tradingcore.kafka;

import io.tradingcore.marketdata.Quarantined;

/**
 * A record read from Kafka: either its decoded value or, when it could not be decoded, the raw
 * record with the reason. Exactly one of the two is set.
 */
public record Decoded<T>(T value, Quarantined rejected) {

  public static <T> Decoded<T> ok(T value) {
    return new Decoded<>(value, null);
  }

  public static <T> Decoded<T> rejected(Quarantined rejected) {
    return new Decoded<>(null, rejected);
  }

  public boolean isOk() {
    return value != null;
  }
}
