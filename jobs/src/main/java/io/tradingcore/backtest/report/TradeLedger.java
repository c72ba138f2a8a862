package io.tradingcore.backtest.report;

import io.tradingcore.portfolio.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Replays a run's fills through the position book's own {@link Position} arithmetic, symbol by
 * symbol, into closed round trips and per-asset attribution.
 */
public final class TradeLedger {
  /** Decimals of the share of a flipping fill's fee given to the trip it closes. */
  private static final int FEE_SHARE_SCALE = 8;

  private final List<RoundTrip> roundTrips;
  private final SortedMap<String, AssetAttribution> assets;

  private TradeLedger(List<RoundTrip> roundTrips, SortedMap<String, AssetAttribution> assets) {
    this.roundTrips = List.copyOf(roundTrips);
    this.assets = java.util.Collections.unmodifiableSortedMap(assets);
  }

  public static TradeLedger of(BacktestRun run) {
    Map<String, SymbolBook> books = new TreeMap<>();
    List<RoundTrip> trips = new ArrayList<>();
    for (Fill fill : run.fills()) {
      books.computeIfAbsent(fill.symbol(), SymbolBook::new).apply(fill, trips);
    }
    SortedMap<String, AssetAttribution> assets = new TreeMap<>();
    books.forEach(
        (symbol, book) -> assets.put(symbol, book.attribution(run.finalMarks().get(symbol))));
    return new TradeLedger(trips, assets);
  }

  /** Closed round trips in the order they closed. */
  public List<RoundTrip> roundTrips() {
    return roundTrips;
  }

  /** Attribution by symbol, in alphabetical order. */
  public SortedMap<String, AssetAttribution> assets() {
    return assets;
  }

  /** One symbol's position, the open round trip and running totals. */
  private static final class SymbolBook {
    private final String symbol;
    private Position position;
    private BigDecimal realized = BigDecimal.ZERO;
    private BigDecimal fees = BigDecimal.ZERO;
    private BigDecimal traded = BigDecimal.ZERO;
    private int fills;
    private int closedTrips;
    private long tripOpened;
    private BigDecimal tripRealized = BigDecimal.ZERO;
    private BigDecimal tripFees = BigDecimal.ZERO;

    SymbolBook(String symbol) {
      this.symbol = symbol;
      this.position = Position.flat(symbol);
    }

    void apply(Fill fill, List<RoundTrip> trips) {
      BigDecimal held = position.quantity();
      boolean wasLong = held.signum() > 0;
      Position.Change change = position.apply(fill.signedQuantity(), fill.price());
      fills++;
      realized = realized.add(change.realized());
      fees = fees.add(fill.fee());
      traded = traded.add(fill.notional());
      if (held.signum() == 0) {
        tripOpened = fill.timeMillis();
      }
      boolean reduces = held.signum() != 0 && held.signum() != fill.signedQuantity().signum();
      BigDecimal next = change.position().quantity();
      if (!reduces || next.signum() == held.signum()) {
        // Opening, adding or partly closing: the trip goes on.
        tripRealized = tripRealized.add(change.realized());
        tripFees = tripFees.add(fill.fee());
      } else {
        // Closed to flat, or flipped: the closing share of the fee ends this trip.
        BigDecimal closing = held.abs().min(fill.quantity());
        BigDecimal closingFee =
            fill.fee()
                .multiply(closing)
                .divide(fill.quantity(), FEE_SHARE_SCALE, RoundingMode.HALF_EVEN);
        trips.add(
            new RoundTrip(
                symbol,
                wasLong,
                tripOpened,
                fill.timeMillis(),
                tripRealized.add(change.realized()),
                tripFees.add(closingFee)));
        closedTrips++;
        tripOpened = fill.timeMillis();
        tripRealized = BigDecimal.ZERO;
        tripFees = next.signum() == 0 ? BigDecimal.ZERO : fill.fee().subtract(closingFee);
      }
      position = change.position();
    }

    AssetAttribution attribution(BigDecimal mark) {
      return new AssetAttribution(
          symbol,
          position.quantity(),
          realized,
          position.unrealizedPnl(mark),
          fees,
          traded,
          fills,
          closedTrips);
    }
  }
}
