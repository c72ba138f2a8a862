package io.tradingcore.replay;

/**
 * Receives every input line a {@link BarSource} rejects, so the caller can log it, count it and
 * publish it to the quarantine topic. The source skips the line and carries on after the call.
 */
@FunctionalInterface
public interface BadInputListener {

  void onBadInput(BadInput badInput);
}
