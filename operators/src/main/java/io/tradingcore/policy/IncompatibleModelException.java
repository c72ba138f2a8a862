package io.tradingcore.policy;

/**
 * A model the scorer refuses: unreadable, corrupt, or not fitting what the pipeline produces. The
 * message names the mismatch; the model in use keeps deciding.
 */
public final class IncompatibleModelException extends Exception {
  private static final long serialVersionUID = 1L;

  public IncompatibleModelException(String message) {
    super(message);
  }

  public IncompatibleModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
