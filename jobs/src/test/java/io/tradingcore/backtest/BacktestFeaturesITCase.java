package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.assertSameWithoutTrailingZeros;
import static io.tradingcore.backtest.BacktestCli.lines;
import static io.tradingcore.backtest.BacktestCli.manifest;
import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.export.FeatureExportMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --data features:FOLDER} end to end: two synthetic sessions exported with {@code
 * export-features}, then backtested from the export and, for comparison, from the same synthetic
 * history with the features computed in the job.
 *
 * <p>The records are the same numbers either way, but not the same bytes: the export's bars went
 * through the wire's decimal codec, which keeps a price's value and drops the trailing zeros of its
 * scale (169.9, not the synthetic source's 169.90), as a Kafka range's bars do. So the files are
 * compared with trailing zeros dropped; and the export's own runs at parallelism 1 and 2, which
 * read the same bars, byte for byte.
 */
@Tag("slow")
class BacktestFeaturesITCase {
  private static final List<String> EXPORTED_DAYS =
      List.of("--seed", "7", "--from", "2019-02-11", "--to", "2019-02-12");

  /** Every file of a run's records, the extra runs' included. */
  private static final List<String> RECORDS =
      List.of(
          BacktestRunner.ORDERS,
          BacktestRunner.REPORTS,
          BacktestRunner.SNAPSHOTS,
          BacktestRunner.RISK_EVENTS,
          BacktestRunner.QUARANTINE,
          ExtraRun.LOOK_AHEAD.folder() + "/" + BacktestRunner.ORDERS,
          ExtraRun.LOOK_AHEAD.folder() + "/" + BacktestRunner.REPORTS,
          ExtraRun.LOOK_AHEAD.folder() + "/" + BacktestRunner.SNAPSHOTS,
          ExtraRun.LOOK_AHEAD.folder() + "/" + BacktestRunner.RISK_EVENTS);

  /** The shared data set beside the checkout (tests run in jobs/). */
  private static final List<Path> REAL_DATA =
      List.of(
          Path.of("..", "..", "shared/data/us-equities-1min-2019-02"),
          Path.of("..", "shared/data/us-equities-1min-2019-02"));

  @TempDir static Path dir;

  private static Path export;
  private static Run synthetic;
  private static Run features;
  private static Run parallel;

  @BeforeAll
  static void exportAndBacktest() throws Exception {
    export = dir.resolve("export");
    Run exported =
        BacktestCli.execute(
            console -> FeatureExportMain.commandLine(new FeatureExportMain(console)),
            List.of(
                "--source", "synthetic", "--seed", "7", "--days", "2", "--out", export.toString()));
    assertThat(exported.exit()).as(exported.console() + exported.errors()).isZero();

    List<String> synthetic = new ArrayList<>(List.of("--data", "synthetic"));
    synthetic.addAll(EXPORTED_DAYS);
    BacktestFeaturesITCase.synthetic = backtest("synthetic", 1, synthetic);
    features = backtest("features", 1, List.of("--data", "features:" + export));
    parallel = backtest("features-2", 2, List.of("--data", "features:" + export));
  }

  @Test
  void exportedFeaturesGiveTheRecordsOfTheHistoryTheyWereComputedFrom() throws IOException {
    for (Run run : List.of(synthetic, features, parallel)) {
      assertThat(run.exit()).as(run.console() + run.errors()).isZero();
    }
    System.out.print(features.console());

    assertSameWithoutTrailingZeros(features, synthetic, RECORDS);
    assertThat(manifest(features).get("orders").asLong()).as("orders").isGreaterThan(20);
    assertThat(manifest(features).get("barsMarked").asLong())
        .as("AAPL and MSFT, two sessions")
        .isEqualTo(2 * 2 * 390);
    assertThat(lines(features.out().resolve(ExtraRun.LOOK_AHEAD.folder() + "/orders.jsonl")))
        .as("the look-ahead check trades on the exported features one bar late")
        .hasSizeGreaterThan(20);
    assertThat(features.console())
        .contains("Backtesting AAPL,MSFT on 2,340 bars with their exported features")
        .contains("(features exported to " + export + ")");
  }

  @Test
  void anExportGivesTheSameBytesAtParallelismOneAndTwo() throws IOException {
    for (String file : RECORDS) {
      Path one = features.out().resolve(file);
      Path two = parallel.out().resolve(file);
      assertThat(Files.mismatch(one, two)).as("first byte that differs in %s", file).isEqualTo(-1);
    }
    assertThat(manifest(parallel).get("ordersSha256"))
        .isEqualTo(manifest(features).get("ordersSha256"));
  }

  /**
   * Real bars, whose prices carry no trailing zeros, go through the export's files unchanged: the
   * export of two days of the shared CSV data gives the CSV run's records byte for byte, the bar
   * the quality gate refused (SPY, zero volume with a price range) included.
   */
  @Test
  void onRealBarsAnExportGivesTheCsvRunsRecordsByteForByte() throws IOException {
    Path csv = REAL_DATA.stream().filter(Files::isDirectory).findFirst().orElse(null);
    assumeTrue(csv != null, "no shared data set at " + REAL_DATA + "; skipping the real-bars run");
    Path realExport = dir.resolve("export-real");
    List<String> days = List.of("--from", "2019-02-11", "--to", "2019-02-12");
    List<String> exportArgs =
        new ArrayList<>(
            List.of(
                "--source", "csv", "--csv-dir", csv.toString(), "--out", realExport.toString()));
    exportArgs.addAll(days);
    Run exported =
        BacktestCli.execute(
            console -> FeatureExportMain.commandLine(new FeatureExportMain(console)), exportArgs);
    assertThat(exported.exit()).as(exported.console() + exported.errors()).isZero();
    List<String> fromCsv = new ArrayList<>(List.of("--data", "csv:" + csv));
    fromCsv.addAll(days);

    Run csvRun = backtest("real-csv", 1, fromCsv);
    Run exportRun = backtest("real-features", 1, List.of("--data", "features:" + realExport));

    assertThat(exportRun.exit()).as(exportRun.console() + exportRun.errors()).isZero();
    assertThat(lines(exportRun.out().resolve(BacktestRunner.QUARANTINE))).hasSize(1);
    assertThat(lines(exportRun.out().resolve(BacktestRunner.ORDERS))).hasSizeGreaterThan(20);
    for (String file : RECORDS) {
      assertThat(Files.mismatch(csvRun.out().resolve(file), exportRun.out().resolve(file)))
          .as("first byte that differs in %s", file)
          .isEqualTo(-1);
    }
  }

  private static Run backtest(String name, int parallelism, List<String> data) {
    Path out = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--strategy",
                "momentum",
                "--out",
                out.toString(),
                "--parallelism",
                String.valueOf(parallelism)));
    args.addAll(data);
    return run(args).withOut(out);
  }
}
