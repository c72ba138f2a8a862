package io.tradingcore.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged at {@code level} or above while it is open, as text (message and stack trace),
 * through an appender on log4j's root logger.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final LoggerConfig root;
  private final Level previous;
  private final AbstractAppender appender;

  private LogCapture(Level level) {
    context = (LoggerContext) LogManager.getContext(false);
    root = context.getConfiguration().getRootLogger();
    previous = root.getLevel();
    appender =
        new AbstractAppender(
            "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line =
                new StringBuilder()
                    .append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(" - ")
                    .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            lines.add(line.toString());
          }
        };
    appender.start();
    root.addAppender(appender, level, null);
    if (root.getLevel().isMoreSpecificThan(level) && root.getLevel() != level) {
      root.setLevel(level);
    }
    context.updateLoggers();
  }

  public static LogCapture atLeast(Level level) {
    return new LogCapture(level);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    root.removeAppender(appender.getName());
    root.setLevel(previous);
    context.updateLoggers();
    appender.stop();
  }
}
