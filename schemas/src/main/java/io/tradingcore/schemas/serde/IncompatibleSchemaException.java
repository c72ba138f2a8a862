package io.tradingcore.schemas.serde;

/** The registry refused a schema because it breaks the subject's compatibility level. */
public final class IncompatibleSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String subject;

  public IncompatibleSchemaException(String subject, String registryMessage) {
    super("Schema for subject " + subject + " is incompatible: " + registryMessage);
    this.subject = subject;
  }

  public String subject() {
    return subject;
  }
}
