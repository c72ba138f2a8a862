package io.tradingcore.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.backtest.WalkForwardMain;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.testing.CliRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export command end to end on an embedded Flink: files, manifest, determinism, and a
 * walk-forward fold's train window exported by the options its plan prints.
 */
class FeatureExportMainITCase {
  private static final List<String> SYNTHETIC_DAY =
      List.of("--source", "synthetic", "--symbols", "AAPL,MSFT", "--days", "1", "--seed", "7");

  @TempDir Path dir;

  @Test
  void exportsTheJobsOwnFeaturesReproducibly() throws Exception {
    Run first = export(dir.resolve("a"));
    Run second = export(dir.resolve("b"));

    assertThat(first.exit).as(first.console + first.errors).isZero();
    assertThat(second.exit).as(second.console + second.errors).isZero();
    JsonNode manifest = first.manifest().get("asset");
    List<FeatureVector> records =
        FeatureFiles.read(
            FeatureFiles.list(dir.resolve("a").resolve(FeatureExportJob.ASSET_FOLDER)));

    // One vector per bar: 390 one-minute bars a session per symbol, the benchmark SPY included.
    assertThat(records).hasSize(3 * 390);
    assertThat(manifest.get("records").asInt()).isEqualTo(1170);
    assertThat(manifest.get("featureSet").asText()).isEqualTo(BarFeatures.FEATURE_SET);
    assertThat(manifest.get("names").size()).isEqualTo(BarFeatures.NAMES.size());
    // Same history, same content, although container files differ byte for byte.
    assertThat(second.manifest().get("asset").get("contentSha256").asText())
        .isEqualTo(manifest.get("contentSha256").asText())
        .isEqualTo(FeatureFiles.contentHash(records));
    assertThat(first.console).contains("Wrote 1,170 feature vectors");
    // One portfolio vector per bar end; SPY, the benchmark, is aligned with the traded symbols.
    JsonNode portfolio = first.manifest().get("portfolio");
    assertThat(portfolio.get("records").asInt()).isEqualTo(390);
    assertThat(portfolio.get("names").toString())
        .contains("AAPL.beta", "SPY.beta", "correlation.AAPL.MSFT", "correlation.MSFT.SPY");
    assertThat(second.manifest().get("portfolio").get("contentSha256").asText())
        .isEqualTo(portfolio.get("contentSha256").asText());

    // The files hold exactly what the feature core computes over the same bars.
    Map<String, FeatureVector> exported = new HashMap<>();
    records.forEach(r -> exported.put(r.getEntity() + "@" + r.getBarEnd().toEpochMilli(), r));
    FeatureCalculator calculator = new FeatureCalculator(FeatureWindows.DEFAULT);
    Map<String, FeatureState> states = new HashMap<>();
    int compared = 0;
    for (Bar bar : synthetic(LocalDate.of(2019, 2, 11), 1)) {
      BarFeatures expected =
          calculator.update(
              states.computeIfAbsent(bar.symbol(), s -> calculator.initialState()), bar);
      FeatureVector actual = exported.get(expected.symbol() + "@" + expected.barEnd());
      assertThat(actual).as("vector of %s at %d", expected.symbol(), expected.barEnd()).isNotNull();
      List<Double> values = new ArrayList<>();
      for (double value : expected.vector()) {
        values.add(value);
      }
      assertThat(actual.getValues()).isEqualTo(values);
      assertThat(actual.getWarm()).isEqualTo(expected.warm());
      compared++;
    }
    assertThat(compared).isEqualTo(1170);

    // The gated bars travel with the features: training fills at the next bar's open.
    List<io.tradingcore.schemas.avro.Bar> bars =
        FeatureFiles.read(
            FeatureFiles.list(dir.resolve("a").resolve(FeatureExportJob.BARS_FOLDER)),
            io.tradingcore.schemas.avro.Bar.class);
    assertThat(bars).hasSize(1170);
    assertThat(first.manifest().get("bars").get("records").asInt()).isEqualTo(1170);
    assertThat(bars)
        .allSatisfy(
            b ->
                assertThat(exported)
                    .containsKey(b.getSymbol() + "@" + b.getEndTime().toEpochMilli()));
  }

  @Test
  void refusesToOverwriteAnEarlierExportUnlessAsked() throws Exception {
    assertThat(export(dir).exit).isZero();

    Run again = export(dir);
    Run replaced = export(dir, "--overwrite");

    assertThat(again.exit).isNotZero();
    assertThat(again.errors).contains("already holds an export", "--overwrite");
    assertThat(replaced.exit).as(replaced.console + replaced.errors).isZero();
    assertThat(FeatureFiles.list(dir.resolve(FeatureExportJob.ASSET_FOLDER))).hasSize(1);
  }

  @Test
  void exportsExactlyTheBarsOfAWalkForwardFoldsTrainWindow() throws Exception {
    CliRun plan =
        CliRun.of(
            console -> WalkForwardMain.commandLine(new WalkForwardMain(console)),
            ("--from 2019-01-02 --to 2019-01-10 --seed 7 --symbols AAPL,MSFT --train-days 3"
                    + " --test-days 2 --print-plan")
                .split(" "));
    assertThat(plan.exit()).as(plan.errors()).isZero();
    JsonNode fold = new ObjectMapper().readTree(plan.console()).get("folds").get(1);
    List<String> args = new ArrayList<>();
    fold.get("exportFeatures").forEach(a -> args.add(a.asText()));
    Path out = dir.resolve("fold-2");
    args.addAll(List.of("--out", out.toString()));

    Run exported = run(out, args);

    assertThat(exported.exit).as(exported.console + exported.errors).isZero();
    JsonNode range = exported.manifest().get("range");
    assertThat(range.get("from").asText()).isEqualTo("2019-01-04");
    assertThat(range.get("to").asText()).isEqualTo("2019-01-08");
    assertThat(range.get("daysWithBars").asInt()).isEqualTo(3);
    assertThat(range.get("tradingDaysWithoutBars")).isEmpty();
    assertThat(exported.console).contains("market dates 2019-01-04 to 2019-01-08");
    // The walk-forward's own series over its whole range, cut to the train window: the same bars.
    Set<String> expected = new TreeSet<>();
    MarketDays window = new MarketDays(LocalDate.of(2019, 1, 4), LocalDate.of(2019, 1, 8));
    for (Bar bar : synthetic(LocalDate.of(2019, 1, 2), 7)) {
      if (window.contains(bar)) {
        expected.add(key(bar.symbol(), bar.endMillis(), bar.open()));
      }
    }
    Set<String> bars = new TreeSet<>();
    FeatureFiles.read(
            FeatureFiles.list(out.resolve(FeatureExportJob.BARS_FOLDER)),
            io.tradingcore.schemas.avro.Bar.class)
        .forEach(
            b ->
                bars.add(
                    key(b.getSymbol().toString(), b.getEndTime().toEpochMilli(), b.getOpen())));
    assertThat(expected).hasSize(3 * 3 * 390);
    assertThat(bars).isEqualTo(expected);
  }

  /** The synthetic market of AAPL, MSFT and SPY, seed 7, as the export generates it. */
  private static List<Bar> synthetic(LocalDate start, int days) {
    List<Bar> bars = new ArrayList<>();
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "SPY"))
                .withSeed(7)
                .withStartDate(start)
                .withTradingDays(days))) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        bars.add(bar.get());
      }
    }
    return bars;
  }

  private static String key(String symbol, long endMillis, BigDecimal open) {
    return symbol + "@" + endMillis + "=" + open.stripTrailingZeros().toPlainString();
  }

  private static Run export(Path out, String... extra) {
    List<String> args = new ArrayList<>(SYNTHETIC_DAY);
    args.add("--out");
    args.add(out.toString());
    args.addAll(List.of(extra));
    return run(out, args);
  }

  private static Run run(Path out, List<String> args) {
    CliRun run =
        CliRun.of(console -> FeatureExportMain.commandLine(new FeatureExportMain(console)), args);
    return new Run(run.exit(), run.console(), run.errors(), out);
  }

  private record Run(int exit, String console, String errors, Path out) {
    JsonNode manifest() throws IOException {
      return new ObjectMapper().readTree(out.resolve(FeatureExportMain.MANIFEST).toFile());
    }
  }
}
