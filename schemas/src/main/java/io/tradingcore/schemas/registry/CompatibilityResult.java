package io.tradingcore.schemas.registry;

import java.util.List;

/** The verdict of a compatibility check with the checker's own explanation when it fails. */
record CompatibilityResult(boolean compatible, List<String> messages) {

  static CompatibilityResult of(List<String> messages) {
    return new CompatibilityResult(messages.isEmpty(), List.copyOf(messages));
  }
}
