package io.tradingcore.bridge;

/**
 * Points in the bridge's loop where a fault-injection test makes it crash; production bridges use
 * {@link #NONE}. An implementation that throws {@link Crash} stops the bridge at that point with
 * nothing of the current poll committed: the broker keeps what it was sent, the transaction with
 * the reports and the consumed offsets never commits.
 */
public interface BridgeFaults {
  /** Where the bridge is. */
  enum Point {
    /** The broker has taken an order; the bridge has not done anything with its answer. */
    AFTER_SUBMIT,
    /** The poll's reports and offsets are in the open transaction; the commit has not been sent. */
    AFTER_REPORTS_BEFORE_COMMIT,
    /** The poll's transaction has committed; nothing of the next poll has happened. */
    AFTER_COMMIT
  }

  /** Injects nothing. */
  BridgeFaults NONE = (point, clientOrderId) -> {};

  /**
   * Called each time the bridge passes {@code point}.
   *
   * @param clientOrderId the order just submitted at {@link Point#AFTER_SUBMIT}, else {@code null}
   * @throws Crash to stop the bridge right there
   */
  void reached(Point point, String clientOrderId);

  /** What a fault throws to crash the bridge; the bridge records it as its {@code failure()}. */
  final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Crash(Point point) {
      super("injected crash " + point);
    }
  }
}
