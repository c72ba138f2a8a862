package io.tradingcore.testing;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.BarAggregator;
import io.tradingcore.marketdata.TradeOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real market data for tests, read plainly (test code must not depend on the jobs module's
 * readers): the shared one-minute US equity bars and the Bitstamp trades shipped in ta4j-examples.
 */
public final class MarketDataFiles {
  /** The shared minute bars, relative to the operators module (where Maven runs its tests). */
  public static final Path SHARED_MINUTE_BARS =
      Path.of("../../shared/data/us-equities-1min-2019-02");

  /**
   * Bitstamp BTC/USD trades, 25 Nov – 1 Dec 2013: {@code timestamp,price,amount}, epoch seconds.
   */
  public static final String BITSTAMP_RESOURCE = "bitstamp_trades_from_20131125_usd.csv";

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private MarketDataFiles() {}

  /** The file of {@code symbol}'s minute bars, if the shared data is beside the checkout. */
  public static Optional<Path> minuteBarsFile(String symbol) {
    Path file = SHARED_MINUTE_BARS.resolve(symbol + "_1min.csv");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * {@code timestamp,open,high,low,close,volume} with US/Eastern timestamps labelling the end of
   * the minute.
   */
  public static List<Bar> readMinuteBars(String symbol, Path file) {
    List<Bar> bars = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (!"timestamp,open,high,low,close,volume".equals(header)) {
        throw new IllegalStateException(file + ": unexpected header " + header);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",");
        long end = LocalDateTime.parse(f[0], TIMESTAMP).atZone(NEW_YORK).toInstant().toEpochMilli();
        bars.add(
            new Bar(
                symbol,
                end - TestBars.ONE_MINUTE,
                end,
                new BigDecimal(f[1]),
                new BigDecimal(f[2]),
                new BigDecimal(f[3]),
                new BigDecimal(f[4]),
                new BigDecimal(f[5]),
                null,
                null,
                "csv"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bars;
  }

  /**
   * The Bitstamp trades as one-minute {@code BTCUSD} bars built by {@link BarAggregator}, each
   * carrying the tick-rule buy volume when {@code tickRule} is set: a trade above the last
   * different price is a buy, below it a sell, and at the same price it keeps the previous trade's
   * side (the first trades, with no earlier price, count as buys).
   */
  public static List<Bar> bitstampMinuteBars(boolean tickRule) {
    InputStream in = MarketDataFiles.class.getClassLoader().getResourceAsStream(BITSTAMP_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          BITSTAMP_RESOURCE + " not on the test classpath: it ships in org.ta4j:ta4j-examples");
    }
    BarAggregator aggregator = new BarAggregator("BTCUSD", "bitstamp");
    List<Bar> bars = new ArrayList<>();
    BigDecimal buyVolume = BigDecimal.ZERO;
    BigDecimal lastPrice = null;
    boolean lastWasBuy = true;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",");
        if (f.length != 3) {
          continue;
        }
        long time = Long.parseLong(f[0].trim()) * 1000;
        BigDecimal price = new BigDecimal(f[1].trim());
        BigDecimal amount = new BigDecimal(f[2].trim());
        if (price.signum() <= 0 || amount.signum() < 0) {
          continue;
        }
        TradeOutcome outcome = aggregator.onTrade(price, amount, time);
        if (outcome instanceof TradeOutcome.Late) {
          continue;
        }
        if (outcome instanceof TradeOutcome.BarClosed closed) {
          bars.add(tickRule ? withBuyVolume(closed.bar(), buyVolume) : closed.bar());
          buyVolume = BigDecimal.ZERO;
        }
        if (lastPrice != null && price.compareTo(lastPrice) != 0) {
          lastWasBuy = price.compareTo(lastPrice) > 0;
        }
        lastPrice = price;
        if (lastWasBuy) {
          buyVolume = buyVolume.add(amount);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<Bar> last = aggregator.flush();
    if (last.isPresent()) {
      bars.add(tickRule ? withBuyVolume(last.get(), buyVolume) : last.get());
    }
    return bars;
  }

  private static Bar withBuyVolume(Bar bar, BigDecimal buyVolume) {
    return new Bar(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.open(),
        bar.high(),
        bar.low(),
        bar.close(),
        bar.volume(),
        bar.vwap(),
        bar.tradeCount(),
        bar.source(),
        buyVolume,
        null);
  }
}
