package io.tradingcore.schemas.evolution;

/**
 * A subject's compatibility mode, as Confluent Schema Registry names them: which earlier versions a
 * new version is checked against, and in which direction.
 *
 * <ul>
 *   <li>BACKWARD: a consumer on the new schema reads data written with the previous one.
 *   <li>FORWARD: a consumer on the previous schema reads data written with the new one.
 *   <li>FULL: both.
 *   <li>The {@code _TRANSITIVE} variants check against every earlier version, not only the last.
 *   <li>NONE: no check.
 * </ul>
 */
public enum CompatibilityMode {
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true),
  NONE(false, false, false);

  private final boolean newReadsOld;
  private final boolean oldReadsNew;
  private final boolean transitive;

  CompatibilityMode(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
    this.newReadsOld = newReadsOld;
    this.oldReadsNew = oldReadsNew;
    this.transitive = transitive;
  }

  /** Whether a reader on the new schema must read data of the earlier ones. */
  public boolean newReadsOld() {
    return newReadsOld;
  }

  /** Whether a reader on an earlier schema must read data of the new one. */
  public boolean oldReadsNew() {
    return oldReadsNew;
  }

  /** Whether every earlier version is checked, not only the latest. */
  public boolean transitive() {
    return transitive;
  }
}
