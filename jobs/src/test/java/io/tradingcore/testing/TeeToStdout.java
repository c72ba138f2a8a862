package io.tradingcore.testing;

import io.tradingcore.local.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps the run's output for assertions and shows it in the test log. */
public final class TeeToStdout extends OutputStream {
  private final ByteArrayOutputStream copy;

  public TeeToStdout(ByteArrayOutputStream copy) {
    this.copy = copy;
  }

  @Override
  public synchronized void write(int b) {
    copy.write(b);
    System.out.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    copy.write(b, off, len);
    System.out.write(b, off, len);
  }

  /**
   * The first match of {@code pattern} in what was written, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError naming the pattern when it has not appeared by then
   */
  public Matcher awaitMatch(Pattern pattern, Duration timeout) {
    if (!Deadline.await(() -> pattern.matcher(text()).find(), timeout)) {
      throw new AssertionError("No '" + pattern + "' in the output within " + timeout);
    }
    Matcher match = pattern.matcher(text());
    match.find();
    return match;
  }

  private synchronized String text() {
    return copy.toString(StandardCharsets.UTF_8);
  }
}
