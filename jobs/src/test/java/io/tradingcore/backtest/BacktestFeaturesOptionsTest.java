package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.export.ExportedFeatures;
import io.tradingcore.export.FeatureExportJob;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.marketdata.Bar;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --data features:FOLDER} refuses an export it cannot run on exactly, before any
 * job starts, naming the option and the file; and reads one it can into the job's domain types.
 */
class BacktestFeaturesOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FeatureExportFixture export;
  private String data;

  @BeforeEach
  void writeExport() throws IOException {
    export = FeatureExportFixture.write(dir.resolve("export"));
    data = "features:" + export.folder;
  }

  @Test
  void refusesAFolderThatIsNotThere() {
    Path missing = dir.resolve("nope");

    Run run = backtest("--data", "features:" + missing);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--data features:"
                + missing
                + ": "
                + missing
                + " is not a folder; give a folder bin/trading-core export-features wrote");
  }

  @Test
  void refusesAFolderWithoutManifest() throws IOException {
    Files.delete(export.manifest());

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--data " + data + ": no MANIFEST.json in " + export.folder)
        .contains("an export that did not finish has none");
  }

  @Test
  void refusesFeaturesOfAnotherVersionThanThisBuildComputes() throws IOException {
    editManifest(m -> ((ObjectNode) m.get("asset")).put("featureSetVersion", 2));

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            export.manifest()
                + ": asset features are asset v2, this build computes asset v1; export the"
                + " features again with this build");
  }

  @Test
  void refusesFeatureWindowsOtherThanTheExports() {
    Run run = backtest("--data", data, "--feature-window", "rsi=10");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--feature-window gives FeatureWindows[momentum=5, volatility=20, vwap=10,")
        .contains("rsi=10, ema=20, vpin=50], but the features in " + export.manifest())
        .contains("were computed with FeatureWindows[momentum=5,")
        .contains("drop --feature-window to take the export's");
  }

  @Test
  void refusesCrossAssetSettingsOtherThanTheExports() {
    Run run = backtest("--data", data, "--correlation-window", "30", "--benchmark", "MSFT");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--benchmark and --correlation-window give CrossAssetParameters[window=30,"
                + " benchmark=MSFT, stalenessLimit=5], but the features in "
                + export.manifest()
                + " were aligned with CrossAssetParameters[window=50, benchmark=SPY,"
                + " stalenessLimit=5]; drop --benchmark and --correlation-window to take the"
                + " export's");
  }

  @Test
  void refusesSymbolsTheExportHasNoFeaturesOf() {
    Run run = backtest("--data", data, "--symbols", "AAPL,TSLA");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--symbols TSLA: not in the export "
                + export.manifest()
                + " (symbols AAPL,MSFT, benchmark SPY); choose --symbols among those");
  }

  @Test
  void refusesDaysOutsideTheExport() {
    Run run = backtest("--data", data, "--from", "2019-02-08", "--to", "2019-02-12");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--from 2019-02-08 is outside the export "
                + export.manifest()
                + ", which holds 2019-02-11 to 2019-02-11; give --from and --to within it")
        .contains("--to 2019-02-12 is outside the export");
  }

  @Test
  void anExportWithoutARecordedRangeHoldsTheDaysOfItsFirstAndLastBar() throws IOException {
    editManifest(m -> m.remove("range"));

    ExportedFeatures opened = ExportedFeatures.open(export.folder);
    Run run = backtest("--data", data, "--to", "2019-02-12");

    assertThat(opened.firstDay()).isEqualTo(FeatureExportFixture.DAY);
    assertThat(opened.lastDay()).isEqualTo(FeatureExportFixture.DAY);
    assertThat(run.errors()).contains("--to 2019-02-12 is outside the export");
  }

  @Test
  void refusesTheQualityGatesOptionsWhichRanInTheExport() {
    Run run = backtest("--data", data, "--jump-sigmas", "5");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "--jump-sigmas has no effect with --data "
                + data
                + ": the export's bars passed its quality gate when it was written");
  }

  @Test
  void refusesAnExportWhoseBarsChangedAfterItWasWritten() throws IOException {
    List<Bar> truncated = export.bars.subList(0, export.bars.size() - 3);
    export.writeBars(truncated);

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--data " + data + ": " + export.folder.resolve("bars") + ": 1167 records")
        .contains("but MANIFEST.json says 1170 records with")
        .contains("the export was changed or truncated after it was written; export the features")
        .contains("again (" + FeatureExportFixture.COMMAND + ")");
  }

  @Test
  void refusesAnExportWhoseFeaturesChangedAfterItWasWritten() throws IOException {
    // Same bars, same number of vectors, other values: only the content hash tells.
    FeatureCalculator other = new FeatureCalculator(FeatureWindows.DEFAULT.withMomentum(7));
    Map<String, FeatureState> states = new HashMap<>();
    List<BarFeatures> changed = new ArrayList<>();
    for (Bar bar : export.bars) {
      changed.add(
          other.update(states.computeIfAbsent(bar.symbol(), s -> other.initialState()), bar));
    }
    export.writeFeatures(changed);

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(export.folder.resolve("asset") + ": 1170 records with content SHA-256")
        .contains("but MANIFEST.json says 1170 records with")
        .contains("changed or truncated");
  }

  @Test
  void refusesAnExportMissingAFileTheManifestLists() throws IOException {
    Path file = export.folder.resolve("asset").resolve("asset-0" + FeatureExportJob.FILE_SUFFIX);
    Files.delete(file);

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors()).contains(file + " is missing but MANIFEST.json says it is listed");
  }

  @Test
  void refusesAnExportWrittenBeforeBarsHadAContentHash() throws IOException {
    editManifest(m -> ((ObjectNode) m.get("bars")).remove("contentSha256"));

    Run run = backtest("--data", data);

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(export.manifest() + " has no content hash of bars/")
        .contains("export the features again (" + FeatureExportFixture.COMMAND + ")");
  }

  @Test
  void readsTheBarsAndExactlyTheirFeaturesLogReturnsIncluded() throws IOException {
    ExportedFeatures opened = ExportedFeatures.open(export.folder);

    ExportedFeatures.Contents all = opened.load(FeatureExportFixture.WITH_BENCHMARK, null, null);
    ExportedFeatures.Contents aaplOnly =
        opened.load(List.of("AAPL"), FeatureExportFixture.DAY, FeatureExportFixture.DAY);

    assertThat(opened.symbols()).containsExactly("AAPL", "MSFT");
    assertThat(opened.entities()).containsExactly("AAPL", "MSFT", "SPY");
    assertThat(opened.featureWindows()).isEqualTo(FeatureWindows.DEFAULT);
    assertThat(opened.crossAsset()).isEqualTo(FeatureExportFixture.config().crossAsset());
    assertThat(opened.firstDay()).isEqualTo(LocalDate.of(2019, 2, 11));
    assertThat(opened.lastDay()).isEqualTo(LocalDate.of(2019, 2, 11));
    // Records compare every double exactly: the log returns, which the files do not hold, are the
    // feature core's; the closes are the same numbers (the wire drops their trailing zeros).
    assertThat(all.features()).hasSize(1170);
    for (int i = 0; i < all.features().size(); i++) {
      BarFeatures expected = export.features.get(i);
      BarFeatures read = all.features().get(i);
      assertThat(read.close()).isEqualByComparingTo(expected.close());
      assertThat(read).isEqualTo(withClose(expected, read.close()));
    }
    assertThat(all.bars()).hasSize(1170);
    assertThat(aaplOnly.bars()).hasSize(390).allMatch(b -> b.symbol().equals("AAPL"));
    assertThat(aaplOnly.features()).hasSize(390);
  }

  /** {@code features} with another spelling of the same close (170.1 for 170.10). */
  private static BarFeatures withClose(BarFeatures f, BigDecimal close) {
    return new BarFeatures(
        f.symbol(),
        f.barStart(),
        f.barEnd(),
        close,
        f.logReturn(),
        f.momentum(),
        f.volatility(),
        f.spread(),
        f.vwapDeviation(),
        f.bookImbalance(),
        f.tradeIntensity(),
        f.volOfVol(),
        f.skewness(),
        f.kurtosis(),
        f.rsi(),
        f.emaDeviation(),
        f.vpin(),
        f.quoteImbalance(),
        f.warm());
  }

  private void editManifest(java.util.function.Consumer<ObjectNode> edit) throws IOException {
    ObjectNode manifest = (ObjectNode) JSON.readTree(export.manifest().toFile());
    edit.accept(manifest);
    JSON.writeValue(export.manifest().toFile(), manifest);
  }

  private Run backtest(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--strategy", "momentum", "--out", dir.resolve("out").toString()));
    return run(all);
  }
}
