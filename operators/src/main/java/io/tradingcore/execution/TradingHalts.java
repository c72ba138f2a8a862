package io.tradingcore.execution;

import io.tradingcore.marketdata.Bar;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When a symbol is halted, for a simulated broker: an exchange-style limit-up/limit-down rule
 * computed from bars, plus halts an operator sets by hand.
 *
 * <p>The rule: the reference is the open of the oldest bar that started within {@code window}
 * before the end of the current bar; when the current bar's high or low lies beyond {@code band} (a
 * fraction) of it, the symbol halts for {@code pause} from the end of that bar. The bar that broke
 * the band traded, so it may still fill; bars that start inside the pause do not. Halts are judged
 * in market time, so they are the same on every replay. A halt set by {@link #halt} lasts until
 * {@link #resume}.
 */
public final class TradingHalts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The defaults: a 10 % move within 5 minutes halts the symbol for 5 minutes. */
  public static final BigDecimal DEFAULT_BAND = new BigDecimal("0.10");

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_PAUSE = Duration.ofMinutes(5);

  /** Halts remembered per symbol, for late orders; older ones are forgotten. */
  private static final int HALTS_KEPT = 1_000;

  private final BigDecimal band;
  private final long windowMillis;
  private final long pauseMillis;
  private final Map<String, Deque<Bar>> recent = new HashMap<>();
  private final Map<String, Deque<Halt>> halts = new HashMap<>();
  private final Map<String, String> manual = new TreeMap<>();

  public TradingHalts(BigDecimal band, Duration window, Duration pause) {
    if (band.signum() <= 0 || window.isNegative() || window.isZero() || pause.isNegative()) {
      throw new IllegalArgumentException(
          "halts need a positive band and window and a pause >= 0, got "
              + band
              + ", "
              + window
              + ", "
              + pause);
    }
    this.band = band;
    this.windowMillis = window.toMillis();
    this.pauseMillis = pause.toMillis();
  }

  public TradingHalts() {
    this(DEFAULT_BAND, DEFAULT_WINDOW, DEFAULT_PAUSE);
  }

  /** A halt of {@code symbol} over {@code [fromMillis, untilMillis)}, with why. */
  public record Halt(String symbol, long fromMillis, long untilMillis, String why)
      implements Serializable {
    boolean covers(long t) {
      return fromMillis <= t && t < untilMillis;
    }
  }

  /** Feeds one bar (in time order per symbol); the halt it starts, if any. */
  public Optional<Halt> onBar(Bar bar) {
    String symbol = bar.symbol();
    if (haltAt(symbol, bar.startMillis()).isPresent()) {
      return Optional.empty();
    }
    Deque<Bar> bars = recent.computeIfAbsent(symbol, s -> new ArrayDeque<>());
    bars.addLast(bar);
    while (bars.peekFirst().startMillis() < bar.endMillis() - windowMillis) {
      bars.removeFirst();
    }
    BigDecimal reference = bars.peekFirst().open();
    BigDecimal up = reference.multiply(BigDecimal.ONE.add(band));
    BigDecimal down = reference.multiply(BigDecimal.ONE.subtract(band));
    boolean breaksUp = bar.high().compareTo(up) > 0;
    if (!breaksUp && bar.low().compareTo(down) >= 0) {
      return Optional.empty();
    }
    Halt halt =
        new Halt(
            symbol,
            bar.endMillis(),
            bar.endMillis() + pauseMillis,
            symbol
                + " is halted from "
                + Instant.ofEpochMilli(bar.endMillis())
                + " to "
                + Instant.ofEpochMilli(bar.endMillis() + pauseMillis)
                + ": limit-"
                + (breaksUp
                    ? "up, high " + bar.high().toPlainString()
                    : "down, low " + bar.low().toPlainString())
                + " beyond "
                + band.movePointRight(2).stripTrailingZeros().toPlainString()
                + " % of "
                + reference.toPlainString()
                + " within "
                + Duration.ofMillis(windowMillis).toMinutes()
                + " minutes");
    Deque<Halt> symbolHalts = halts.computeIfAbsent(symbol, s -> new ArrayDeque<>());
    symbolHalts.addLast(halt);
    if (symbolHalts.size() > HALTS_KEPT) {
      symbolHalts.removeFirst();
    }
    // Trading resumes from a fresh reference.
    bars.clear();
    return Optional.of(halt);
  }

  /** Halts {@code symbol} until {@link #resume}: an operator's or a venue's halt. */
  public void halt(String symbol, String why) {
    manual.put(symbol, symbol + " is halted: " + why);
  }

  public void resume(String symbol) {
    manual.remove(symbol);
  }

  /** Why {@code symbol} cannot trade at market time {@code t}, if it cannot. */
  public Optional<String> haltAt(String symbol, long t) {
    String byHand = manual.get(symbol);
    if (byHand != null) {
      return Optional.of(byHand);
    }
    Deque<Halt> symbolHalts = halts.get(symbol);
    if (symbolHalts != null) {
      for (Halt halt : symbolHalts) {
        if (halt.covers(t)) {
          return Optional.of(halt.why());
        }
      }
    }
    return Optional.empty();
  }

  /** The limit-up/limit-down halts of {@code symbol} remembered, oldest first. */
  public List<Halt> haltsOf(String symbol) {
    return new ArrayList<>(halts.getOrDefault(symbol, new ArrayDeque<>()));
  }
}
