package io.tradingcore.execution;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic client order ids: the same decision always produces the same id, so a replay, a
 * recovery or the bridge's own retries can never turn one decision into two broker orders. Ids are
 * name-based UUIDs (36 characters, inside Alpaca's 48-character limit).
 */
public final class ClientOrderIds {
  private ClientOrderIds() {}

  public static String of(String portfolio, long decisionTime, String symbol, long sequence) {
    String name = "order|" + portfolio + "|" + decisionTime + "|" + symbol + "|" + sequence;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Id of a bracket exit ({@code leg} = {@code take-profit} or {@code stop-loss}) of entry {@code
   * parentClientOrderId}: the same entry always gets the same exit ids.
   */
  public static String exit(String parentClientOrderId, String leg) {
    String name = "exit|" + parentClientOrderId + "|" + leg;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Id of the {@code reportNumber}-th execution report on an order. */
  public static String executionId(String clientOrderId, int reportNumber) {
    String name = "exec|" + clientOrderId + "|" + reportNumber;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
