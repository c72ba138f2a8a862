package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.schemas.avro.QuarantineReason;

/**
 * One input line a source rejected: where it was, what it said, and why it was refused. Carries
 * what {@code md.quarantine.v1} needs, with the reason from the same closed code set.
 *
 * @param file the file path or classpath resource the line came from
 * @param lineNumber 1-based line number in that file (the header is line 1)
 * @param rawLine the line exactly as read, without its line terminator
 * @param reason stable reason code
 * @param detail human-readable explanation, e.g. which column failed to parse
 */
public record BadInput(
    String file, long lineNumber, String rawLine, QuarantineReason reason, String detail) {

  public BadInput {
    requireNonNull(file, "file");
    requireNonNull(rawLine, "rawLine");
    requireNonNull(reason, "reason");
    requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return file + ":" + lineNumber + ": " + reason + " (" + detail + "): " + rawLine;
  }
}
