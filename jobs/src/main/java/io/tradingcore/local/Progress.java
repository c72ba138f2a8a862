package io.tradingcore.local;

import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.replay.Replayer;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The local stack's progress line: redrawn in place on a terminal, printed every few seconds
 * otherwise (logs, CI).
 */
final class Progress {
  private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;
  private static final DateTimeFormatter MARKET_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final boolean interactive;
  private final Replayer replayer;
  private final RunMonitor monitor;
  private final BrokerBridge bridge;
  private final long startNanos;
  private long lastPrinted;
  private boolean dirty;

  Progress(
      PrintStream out,
      boolean interactive,
      Replayer replayer,
      RunMonitor monitor,
      BrokerBridge bridge,
      long startNanos) {
    this.out = out;
    this.interactive = interactive;
    this.replayer = replayer;
    this.monitor = monitor;
    this.bridge = bridge;
    this.startNanos = startNanos;
  }

  void tick() {
    long now = System.nanoTime();
    if (!interactive && lastPrinted != 0 && now - lastPrinted < PLAIN_EVERY_NANOS) {
      return;
    }
    lastPrinted = now;
    long seconds = (now - startNanos) / 1_000_000_000L;
    long barEnd = replayer.lastMarketTime();
    String line =
        String.format(
            Locale.ROOT,
            "[%02d:%02d] market %s UTC | %s %,d | orders %,d | fills %,d | equity %s (%+.2f %%) | max dd %.2f %%",
            seconds / 60,
            seconds % 60,
            barEnd == Long.MIN_VALUE ? "-" : MARKET_TIME.format(Instant.ofEpochMilli(barEnd)),
            replayer.replaysTicks() ? "ticks" : "bars",
            replayer.replaysTicks() ? replayer.ticksPublished() : replayer.barsPublished(),
            monitor.orders(),
            bridge.stats().fills(),
            RunSummary.money(monitor.equity()),
            monitor.totalReturn() * 100,
            monitor.maxDrawdown() * 100);
    if (interactive) {
      out.print("\r" + line + "   ");
      dirty = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  void note(String message) {
    if (dirty) {
      out.println();
      dirty = false;
    }
    out.println("  " + message);
  }

  void done() {
    if (dirty) {
      out.println();
      dirty = false;
    }
  }
}
