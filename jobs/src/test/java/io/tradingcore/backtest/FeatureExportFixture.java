package io.tradingcore.backtest;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.export.FeatureExportJob;
import io.tradingcore.export.FeatureExportMain;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small feature export written without Flink, for the checks of {@code --data features:FOLDER}
 * that fail before any job: one synthetic session of AAPL, MSFT and SPY (seed 7) with every bar
 * accepted, the feature core's vectors of each bar, and the manifest {@link
 * FeatureExportMain#writeManifest} writes for the real export. The backtest reads no portfolio
 * vector (it aligns the asset features itself); one per bar end, holding only a name, stands in for
 * them so that the manifest names their feature set.
 */
final class FeatureExportFixture {
  static final LocalDate DAY = LocalDate.of(2019, 2, 11);
  static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
  static final List<String> WITH_BENCHMARK = List.of("AAPL", "MSFT", "SPY");

  /** What the manifest says made the export. */
  static final String COMMAND = "FeatureExportFixture.write";

  final Path folder;
  final List<Bar> bars = new ArrayList<>();

  /** Each bar's features in end-time order, as the rolling features computed them. */
  final List<BarFeatures> features = new ArrayList<>();

  private FeatureExportFixture(Path folder) {
    this.folder = folder;
  }

  static FeatureExportFixture write(Path folder) throws IOException {
    FeatureExportFixture export = new FeatureExportFixture(folder);
    FeatureCalculator calculator = new FeatureCalculator(config().featureWindows());
    Map<String, FeatureState> states = new HashMap<>();
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(WITH_BENCHMARK)
                .withSeed(7)
                .withStartDate(DAY)
                .withTradingDays(1))) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        export.bars.add(bar.get());
        export.features.add(
            calculator.update(
                states.computeIfAbsent(bar.get().symbol(), s -> calculator.initialState()),
                bar.get()));
      }
    }
    export.writeBars(export.bars);
    export.writeFeatures(export.features);
    List<FeatureVector> portfolio = new ArrayList<>();
    export.bars.stream()
        .map(Bar::endMillis)
        .distinct()
        .forEach(end -> portfolio.add(portfolioStandIn(end)));
    export.writeFile(FeatureExportJob.PORTFOLIO_FOLDER, FeatureVector.class, portfolio);
    Files.createDirectories(folder.resolve(FeatureExportJob.QUARANTINE_FOLDER));
    FeatureExportMain.writeManifest(
        folder,
        "fixture: synthetic, seed 7, one session",
        FeatureExportMain.rangeSection(new MarketDays(DAY, DAY), export.bars, true),
        SYMBOLS,
        config(),
        0,
        COMMAND);
    return export;
  }

  /** The trading job's default configuration, with which the fixture's features are computed. */
  static io.tradingcore.jobs.TradingJobConfig config() {
    return new TradingOptions().toConfig();
  }

  /** Replaces the bar file (the manifest stays as it was). */
  void writeBars(List<Bar> replacement) throws IOException {
    List<io.tradingcore.schemas.avro.Bar> wire = new ArrayList<>();
    replacement.forEach(b -> wire.add(AvroMapping.toAvro(b, Instant.ofEpochMilli(b.endMillis()))));
    writeFile(FeatureExportJob.BARS_FOLDER, io.tradingcore.schemas.avro.Bar.class, wire);
  }

  /** Replaces the asset feature file (the manifest stays as it was). */
  void writeFeatures(List<BarFeatures> replacement) throws IOException {
    List<FeatureVector> wire = new ArrayList<>();
    replacement.forEach(f -> wire.add(AvroMapping.toAvro(f, Instant.ofEpochMilli(f.barEnd()))));
    writeFile(FeatureExportJob.ASSET_FOLDER, FeatureVector.class, wire);
  }

  Path manifest() {
    return folder.resolve(FeatureExportMain.MANIFEST);
  }

  private <T extends SpecificRecord> void writeFile(String section, Class<T> type, List<T> records)
      throws IOException {
    Path dir = Files.createDirectories(folder.resolve(section));
    Path file = dir.resolve(section + "-0" + FeatureExportJob.FILE_SUFFIX);
    try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
      writer.create(records.get(0).getSchema(), file.toFile());
      for (T record : records) {
        writer.append(record);
      }
    }
  }

  private static FeatureVector portfolioStandIn(long barEnd) {
    return FeatureVector.newBuilder()
        .setEntity("main")
        .setScope(FeatureScope.PORTFOLIO)
        .setFeatureSet(PortfolioFeatureVector.FEATURE_SET)
        .setFeatureSetVersion(PortfolioFeatureVector.FEATURE_SET_VERSION)
        .setBarStart(Instant.ofEpochMilli(barEnd - 60_000))
        .setBarEnd(Instant.ofEpochMilli(barEnd))
        .setNames(List.of("stand-in"))
        .setValues(List.of(0.0))
        .setWarm(false)
        .setClose(null)
        .setTsInit(Instant.ofEpochMilli(barEnd))
        .build();
  }
}
