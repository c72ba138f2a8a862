package io.tradingcore.replay;

import java.util.Map;
import java.util.Random;

/**
 * How one synthetic asset behaves: where its price starts, how strongly it follows the market
 * factor, its own noise, and how much it trades. Known symbols have fixed profiles (start prices
 * near their February 2019 levels, like the bundled real data); any other symbol gets one derived
 * from the seed and its name.
 *
 * @param beta sensitivity to the market factor's log moves
 * @param idiosyncraticVolPerMinute volatility of the asset's own log moves per minute, in TREND
 * @param baseVolumePerMinute typical shares traded in a mid-session minute
 * @param averageTradeSize typical shares per trade, for the trade count
 */
record AssetProfile(
    String symbol,
    double startPrice,
    double beta,
    double idiosyncraticVolPerMinute,
    double baseVolumePerMinute,
    double averageTradeSize) {

  private static final Map<String, AssetProfile> KNOWN =
      Map.of(
          "AAPL", new AssetProfile("AAPL", 170.00, 1.20, 0.0006, 90_000, 150),
          "MSFT", new AssetProfile("MSFT", 106.00, 1.10, 0.0005, 70_000, 150),
          "SPY", new AssetProfile("SPY", 271.00, 1.00, 0.0001, 250_000, 300),
          "QQQ", new AssetProfile("QQQ", 169.00, 1.15, 0.00015, 120_000, 250));

  static AssetProfile forSymbol(String symbol, long seed) {
    AssetProfile known = KNOWN.get(symbol);
    if (known != null) {
      return known;
    }
    Random random = new Random(Seeds.forSymbol(seed, symbol, Seeds.PROFILE));
    // Log-uniform ranges: prices 20–500, volumes 20k–200k shares a minute.
    double startPrice =
        Math.round(20 * StrictMath.exp(random.nextDouble() * StrictMath.log(25)) * 100) / 100.0;
    double beta = 0.6 + random.nextDouble();
    double idiosyncraticVol = 0.0003 + 0.0006 * random.nextDouble();
    double baseVolume = 20_000 * StrictMath.exp(random.nextDouble() * StrictMath.log(10));
    double averageTradeSize = 100 + 100 * random.nextDouble();
    return new AssetProfile(
        symbol, startPrice, beta, idiosyncraticVol, baseVolume, averageTradeSize);
  }
}
