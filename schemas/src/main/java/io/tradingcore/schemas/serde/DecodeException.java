package io.tradingcore.schemas.serde;

import io.tradingcore.schemas.avro.QuarantineReason;

/**
 * A record could not be decoded because of what is in it (not because a service is down). Carries
 * the stable reason code under which the record is quarantined.
 */
public final class DecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final QuarantineReason reason;

  public DecodeException(QuarantineReason reason, String message) {
    this(reason, message, null);
  }

  public DecodeException(QuarantineReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public QuarantineReason reason() {
    return reason;
  }
}
