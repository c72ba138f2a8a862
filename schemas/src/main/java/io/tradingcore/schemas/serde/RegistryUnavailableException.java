package io.tradingcore.schemas.serde;

/**
 * The schema registry could not be reached or answered with an error that says nothing about the
 * record itself. Unlike {@link DecodeException}, the record is not at fault: callers retry or fail
 * rather than quarantine it.
 */
public final class RegistryUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
