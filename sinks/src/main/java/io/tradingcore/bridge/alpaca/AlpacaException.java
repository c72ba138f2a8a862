package io.tradingcore.bridge.alpaca;

/**
 * Alpaca could not be reached or answered in a way the adapter cannot act on (bad credentials,
 * retries exhausted). Its message names the request, the portfolio and what happened, never a
 * credential.
 */
public final class AlpacaException extends RuntimeException {
  private final int status;

  AlpacaException(String message, int status) {
    super(message);
    this.status = status;
  }

  AlpacaException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status of the last answer, or 0 when there was none (a time-out, a network error). */
  public int status() {
    return status;
  }
}
