package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a simple comma-separated file with a fixed header line by line, keeping line numbers, and
 * reports the structural faults shared by every replay file: a missing or different header and a
 * wrong column count. Parsing the fields is the caller's job; it reports its own faults through
 * {@link #report}.
 */
final class CsvLineReader implements Closeable {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /** One data line that has the expected number of columns. */
  record Row(long lineNumber, String raw, List<String> fields) {
    String field(int index) {
      return fields.get(index).trim();
    }
  }

  private final String file;
  private final BufferedReader reader;
  private final List<String> columns;
  private final String header;
  private final BadInputListener listener;
  private long lineNumber;

  CsvLineReader(
      String file, BufferedReader reader, List<String> columns, BadInputListener listener) {
    this.file = requireNonNull(file, "file");
    this.reader = requireNonNull(reader, "reader");
    this.columns = List.copyOf(columns);
    this.header = String.join(",", columns);
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * The next line with the expected column count, or {@code null} at the end of the file. Lines
   * with another count are reported and skipped; blank lines hold no record and are skipped without
   * a report.
   */
  Row next() {
    String line;
    while ((line = readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1) {
        checkHeader(line);
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      // -1 keeps trailing empty fields, so "a,b,c,d,e," counts as six columns with one empty.
      String[] fields = line.split(",", -1);
      if (fields.length != columns.size()) {
        report(
            lineNumber,
            line,
            QuarantineReason.MALFORMED_CSV,
            "expected " + columns.size() + " columns (" + header + "), found " + fields.length);
        continue;
      }
      return new Row(lineNumber, line, Arrays.asList(fields));
    }
    if (lineNumber == 0) {
      report(1, "", QuarantineReason.MALFORMED_CSV, "empty file, expected header '" + header + "'");
      lineNumber = 1;
    }
    return null;
  }

  void report(Row row, QuarantineReason reason, String detail) {
    report(row.lineNumber(), row.raw(), reason, detail);
  }

  String file() {
    return file;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + file, e);
    }
  }

  // A file without its header is still read in the documented column order; the first line is
  // reported rather than guessed at, since it may be a header for a different layout.
  private void checkHeader(String line) {
    String withoutBom =
        !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    String normalized = withoutBom.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
    if (!normalized.equals(header)) {
      report(
          1,
          line,
          QuarantineReason.MALFORMED_CSV,
          "missing header: expected '" + header + "' on line 1");
    }
  }

  private void report(long number, String raw, QuarantineReason reason, String detail) {
    listener.onBadInput(new BadInput(file, number, raw, reason, detail));
  }

  private String readLine() {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + " after line " + lineNumber, e);
    }
  }
}
