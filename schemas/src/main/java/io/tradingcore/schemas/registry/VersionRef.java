package io.tradingcore.schemas.registry;

/**
 * A version as a path names it: a number from 1 up, or {@code latest} (which Confluent also accepts
 * spelled {@code -1}).
 */
record VersionRef(int number) {

  private static final int LATEST = -1;

  static VersionRef latest() {
    return new VersionRef(LATEST);
  }

  static VersionRef parse(String text) throws RegistryException {
    if ("latest".equalsIgnoreCase(text)) {
      return latest();
    }
    int number;
    try {
      number = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryException.invalidVersion(text);
    }
    if (number == LATEST) {
      return latest();
    }
    if (number < 1) {
      throw RegistryException.invalidVersion(text);
    }
    return new VersionRef(number);
  }

  boolean isLatest() {
    return number == LATEST;
  }
}
