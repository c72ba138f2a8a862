package io.tradingcore.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tradingcore.backtest.EntryThresholdGrid.Candidate;
import io.tradingcore.backtest.WalkForwardPlan.Fold;
import io.tradingcore.backtest.WalkForwardPlan.Window;
import io.tradingcore.backtest.WalkForwardReport.Fit;
import io.tradingcore.backtest.WalkForwardReport.FoldResult;
import io.tradingcore.backtest.report.BacktestReport;
import io.tradingcore.backtest.report.BacktestRun;
import io.tradingcore.backtest.report.BarsPerYear;
import io.tradingcore.backtest.report.Baselines;
import io.tradingcore.backtest.report.PerformanceMetrics;
import io.tradingcore.backtest.report.PriceSeries;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.jobs.CommandLines;
import io.tradingcore.jobs.ModelReleases;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.money.Decimals;
import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.PolicyModel;
import io.tradingcore.policy.PolicyScorerFunction;
import io.tradingcore.policy.TrainingRange;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.BadInput;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.strategy.MomentumParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/trading-core walk-forward}: splits a range of NYSE trading days into folds ({@link
 * WalkForwardPlan}), fits each fold on its train window only and backtests it ({@link
 * BacktestRunner}, one embedded Flink job per window) on the test window that follows; writes every
 * window's backtest under {@code --out/folds/} and the walk-forward report ({@link
 * WalkForwardReport}) in {@code --out}, with a progress line per fold.
 *
 * <p>Momentum: the entry threshold is chosen from {@code --entry-grid} by the train window's Sharpe
 * ratio ({@link EntryThresholdGrid}). Policy: fold {@code n} is scored with {@code --models
 * DIR/fold-<n>.onnx}, refused unless the model's training range ends before the test window ({@link
 * FoldModels}). Every window starts cold: features warm up inside it.
 */
@Command(
    name = "walk-forward",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Walk-forward backtest: splits the NYSE trading days of --from..--to into folds, fits each"
          + " fold on its train window only (momentum: the entry threshold of --entry-grid with"
          + " the best train Sharpe; policy: one model per fold from --models, trained before the"
          + " test window) and backtests it on the test window that follows. Writes"
          + " walk-forward.json, walk-forward.html and the stitched out-of-sample run's report"
          + " (report.json, report.html, equity.png), and every window's backtest under folds/."
    })
public final class WalkForwardMain implements Callable<Integer> {
  static final LocalDate SYNTHETIC_FROM = LocalDate.of(2019, 1, 2);
  static final LocalDate SYNTHETIC_TO = BacktestMain.SYNTHETIC_TO;
  static final String FOLDS = "folds";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      defaultValue = "synthetic",
      paramLabel = "synthetic|csv:FOLDER",
      description =
          "History: synthetic (seeded one-minute bars, NYSE sessions) or csv:FOLDER of"
              + " <SYMBOL>_1min.csv files (default: ${DEFAULT-VALUE}).")
  String data = "synthetic";

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description =
          "First day of the range, inclusive (default: synthetic "
              + "2019-01-02, a CSV history at its first bar).")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description =
          "Last day, inclusive (default: synthetic 2019-02-15, a CSV history at its last bar).")
  LocalDate to;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--train-days",
      defaultValue = "10",
      description = "Trading days each fold fits on (default: ${DEFAULT-VALUE}).")
  int trainDays = 10;

  @Option(
      names = "--test-days",
      defaultValue = "5",
      description =
          "Trading days each fold is scored on; the next fold moves by this many, the last"
              + " tests the days left (default: ${DEFAULT-VALUE}).")
  int testDays = 5;

  @Option(
      names = "--anchored",
      description =
          "Every train window starts at --from and grows (default: rolling, a fixed-length train"
              + " window right before each test window).")
  boolean anchored;

  @Option(
      names = "--strategy",
      defaultValue = "momentum",
      paramLabel = "momentum|policy",
      description = "What is fitted and tested (default: ${DEFAULT-VALUE}).")
  String strategy = "momentum";

  @Option(
      names = "--entry-grid",
      split = ",",
      paramLabel = "THRESHOLD",
      description =
          "Momentum entry thresholds tried on each train window; the best train Sharpe wins, ties"
              + " to the smaller (default: 0.00025,0.0005,0.001,0.002). --exit-threshold stays"
              + " as given.")
  List<BigDecimal> entryGrid = EntryThresholdGrid.DEFAULT;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description =
          "Policy: a folder with fold-1.onnx, fold-2.onnx, … one model per fold, each recording"
              + " its training range (tradingcore.training_range) ending before its test window.")
  Path models;

  @Option(
      names = "--print-plan",
      description =
          "Print the folds as JSON on standard output and stop: no backtest runs, --out is not"
              + " touched, --models is not read. Each fold carries the export-features options of"
              + " its train window (training/walk-forward trains one policy per fold from it).")
  boolean printPlan;

  @Mixin FillModelOptions fillModel = new FillModelOptions();

  @Mixin PortfolioBreakerOptions breakers = new PortfolioBreakerOptions();

  @Option(
      names = "--out",
      defaultValue = "walk-forward",
      description =
          "Folder the report and every window's backtest go to (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace an earlier walk-forward in --out instead of refusing to touch it.")
  boolean overwrite;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Flink parallelism of the job's operators (default: ${DEFAULT-VALUE}).")
  int parallelism = 1;

  @Mixin TradingOptions trading = new TradingOptions();

  private final PrintStream console;

  public WalkForwardMain() {
    this(System.out);
  }

  /** For tests: where progress and the summary go. */
  public WalkForwardMain(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine(new WalkForwardMain()).execute(args));
  }

  /** The command line with one clear error line instead of a stack trace. */
  public static CommandLine commandLine(WalkForwardMain command) {
    return CommandLines.plainErrors(command);
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    long start = System.nanoTime();
    boolean policy = checkOptions(cli);
    List<BigDecimal> grid = policy ? List.of() : EntryThresholdGrid.sorted(entryGrid);
    TradingJobConfig config;
    try {
      config = trading.toConfig();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    PaperFillModel fills = fillModel.fillModel(config.sessions());

    BacktestMain.BarHistory history = history(cli);
    List<BadInput> badInput = new ArrayList<>();
    List<Bar> bars = history.load(trading.marketSymbols(), badInput);
    if (bars.isEmpty()) {
      throw new CommandLine.ParameterException(
          cli,
          "no bars of "
              + String.join(",", trading.marketSymbols())
              + " in "
              + history.describe()
              + "; widen --from/--to or check --data");
    }
    LocalDate first = from != null ? from : day(bars.get(0));
    LocalDate last = to != null ? to : day(bars.get(bars.size() - 1));
    WalkForwardPlan plan;
    try {
      plan =
          WalkForwardPlan.of(
              WalkForwardPlan.tradingDays(first, last, UsEquityCalendar.INSTANCE),
              trainDays,
              testDays,
              anchored);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    if (printPlan) {
      console.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(planJson(plan, history)));
      return 0;
    }
    List<FoldModel> foldModels = policy ? foldModels(cli, plan, config) : List.of();
    prepareOutputFolder(cli);

    String command =
        "bin/trading-core walk-forward " + String.join(" ", cli.getParseResult().originalArgs());
    String title =
        "Walk-forward: " + String.join(" + ", trading.symbols()) + ", " + history.describe();
    console.printf(
        Locale.ROOT,
        "Walk-forward of %s (%s) on %,d bars (%s): %d %s folds, train %d, test %d trading days,"
            + " tested %s%n",
        String.join(",", trading.symbols()),
        policy ? "policy, models " + models : "momentum, entry grid " + plain(grid),
        bars.size(),
        history.describe(),
        plan.folds().size(),
        anchored ? "anchored" : "rolling",
        trainDays,
        testDays,
        plan.tested());

    List<FoldResult> results = new ArrayList<>();
    for (Fold fold : plan.folds()) {
      long foldStart = System.nanoTime();
      console.printf(
          Locale.ROOT,
          "Fold %d/%d: train %s, test %s%n",
          fold.number(),
          plan.folds().size(),
          fold.train(),
          fold.test());
      Path folder = out.resolve(FOLDS).resolve("fold-" + fold.number());
      TradingJobConfig tested;
      Fit fit;
      if (policy) {
        FoldModel model = foldModels.get(fold.number() - 1);
        tested = config.withStrategy(model.choice());
        fit = Fit.policy(model.file().toString(), model.version(), model.range());
        console.printf(
            Locale.ROOT,
            "  model %s, version %s, trained on %s%n",
            model.file(),
            model.version(),
            model.range());
      } else {
        List<Candidate> candidates = new ArrayList<>();
        for (BigDecimal threshold : grid) {
          BacktestRun run =
              runWindow(
                      config.withMomentum(entry(config.momentum(), threshold)),
                      fills,
                      bars,
                      fold,
                      fold.train(),
                      "train",
                      folder.resolve("train-" + threshold.toPlainString()),
                      title,
                      command)
                  .run();
          PerformanceMetrics m = PerformanceMetrics.of(run);
          candidates.add(new Candidate(threshold, m.sharpe()));
          console.printf(
              Locale.ROOT,
              "  train entry %s: Sharpe %s, return %s, %d fills%n",
              threshold.toPlainString(),
              m.sharpe().isDefined()
                  ? String.format(Locale.ROOT, "%.2f", m.sharpe().orThrow())
                  : "n/a (" + m.sharpe().undefinedBecause() + ")",
              WalkForwardReport.percent(m.totalReturn()),
              m.fills());
        }
        Candidate chosen = EntryThresholdGrid.choose(candidates);
        tested = config.withMomentum(entry(config.momentum(), chosen.threshold()));
        fit = Fit.momentum(chosen, candidates);
        console.printf(Locale.ROOT, "  chose entry %s%n", chosen.threshold().toPlainString());
      }
      BacktestRunner.Result test =
          runWindow(
              tested,
              fills,
              bars,
              fold,
              fold.test(),
              "test",
              folder.resolve("test"),
              title,
              command);
      FoldResult result = new FoldResult(fold, fit, test.run());
      results.add(result);
      PerformanceMetrics m = result.metrics();
      console.printf(
          Locale.ROOT,
          "  test %s: return %s, Sharpe %s, max drawdown %.3f %%, %d fills, equity %s (%.1f s)%n",
          fold.test(),
          WalkForwardReport.percent(m.totalReturn()),
          m.sharpe().isDefined() ? String.format(Locale.ROOT, "%.2f", m.sharpe().orThrow()) : "n/a",
          m.drawdown().max() * 100,
          m.fills(),
          Decimals.normalize(m.finalEquity()).toPlainString(),
          (System.nanoTime() - foldStart) / 1e9);
    }

    PortfolioSpec portfolio = config.portfolios().get(0);
    BacktestRun stitched =
        WalkForwardReport.stitch(
            results,
            portfolio.initialCash(),
            BarsPerYear.US_EQUITY_MINUTES,
            "out-of-sample: the test windows of "
                + plan.folds().size()
                + " folds end to end ("
                + WalkForwardReport.STITCHING
                + ")");
    List<Bar> testedBars =
        within(bars, plan.tested()).stream()
            .filter(b -> portfolio.symbols().contains(b.symbol()))
            .toList();
    BacktestReport report =
        BacktestReport.builder(title)
            .generatedAt(command)
            .primary(stitched)
            .baseline(
                new Baselines(
                        PriceSeries.of(testedBars),
                        portfolio.initialCash(),
                        fills.costs(),
                        portfolio.lots(),
                        BarsPerYear.US_EQUITY_MINUTES)
                    .buyAndHold())
            .build();
    WalkForwardReport.write(
        plan, policy ? "policy" : "momentum", grid, results, report, command, out);
    PerformanceMetrics total = report.primary().metrics();
    console.printf(
        Locale.ROOT,
        "Done in %.1f s: %d folds, stitched out-of-sample return %s, Sharpe %s, max drawdown %.3f"
            + " %%, equity %s → %s; unreadable input lines %,d%n",
        (System.nanoTime() - start) / 1e9,
        results.size(),
        WalkForwardReport.percent(total.totalReturn()),
        total.sharpe().isDefined()
            ? String.format(Locale.ROOT, "%.2f", total.sharpe().orThrow())
            : "n/a",
        total.drawdown().max() * 100,
        Decimals.normalize(total.initialCash()).toPlainString(),
        Decimals.normalize(total.finalEquity()).toPlainString(),
        badInput.size());
    console.printf(
        Locale.ROOT,
        "  report %s (%s); every window's backtest under %s%n",
        out.resolve(WalkForwardReport.HTML).toAbsolutePath(),
        WalkForwardReport.JSON,
        out.resolve(FOLDS).toAbsolutePath());
    return 0;
  }

  /** A fold's policy: the model file, its checked training range and the strategy to run. */
  private record FoldModel(Path file, String version, TrainingRange range, StrategyChoice choice) {}

  /** Checks the options that need no data; true for the policy. */
  private boolean checkOptions(CommandLine cli) {
    List<String> errors = new ArrayList<>();
    String kind = strategy.strip().toLowerCase(Locale.ROOT);
    boolean policy = kind.equals("policy");
    if (!policy && !kind.equals("momentum")) {
      errors.add("--strategy must be momentum or policy, got '" + strategy + "'");
    }
    if (policy && models == null && !printPlan) {
      errors.add(
          "--strategy policy needs --models DIR with fold-1.onnx, fold-2.onnx, … (one model per"
              + " fold, trained before its test window)");
    }
    if (!policy && models != null) {
      errors.add("--models is for --strategy policy");
    }
    if (!policy) {
      try {
        EntryThresholdGrid.sorted(entryGrid);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (parallelism < 1) {
      errors.add("--parallelism must be at least 1, got " + parallelism);
    }
    fillModel.check(errors);
    breakers.check(errors);
    if (from != null && to != null && to.isBefore(from)) {
      errors.add("--to " + to + " is before --from " + from + "; swap them");
    }
    if (!errors.isEmpty()) {
      throw new CommandLine.ParameterException(cli, String.join("; ", errors));
    }
    return policy;
  }

  private BacktestMain.BarHistory history(CommandLine cli) {
    String kind = data.strip();
    if (kind.equalsIgnoreCase("synthetic")) {
      return new BacktestMain.Synthetic(
          seed, from == null ? SYNTHETIC_FROM : from, to == null ? SYNTHETIC_TO : to);
    }
    if (kind.regionMatches(true, 0, "csv:", 0, 4)) {
      List<String> errors = new ArrayList<>();
      BacktestMain.Csv csv = BacktestMain.csv(data, trading.marketSymbols(), from, to, errors);
      if (csv == null) {
        throw new CommandLine.ParameterException(cli, String.join("; ", errors));
      }
      return csv;
    }
    throw new CommandLine.ParameterException(
        cli, "--data must be synthetic or csv:FOLDER, got '" + data + "'");
  }

  /**
   * The plan as {@code --print-plan} prints it: the options that made it, every fold's windows with
   * their trading days, its model's file name and the {@code export-features} options that export
   * exactly its train window's bars of this history (the trading options given here included, so
   * the features are the ones the backtest computes).
   */
  private Map<String, Object> planJson(WalkForwardPlan plan, BacktestMain.BarHistory history) {
    List<String> source = new ArrayList<>();
    if (history instanceof BacktestMain.Synthetic synthetic) {
      // The walk-forward generates one series over the whole range: export its sessions, cut.
      source.addAll(
          List.of(
              "--source",
              "synthetic",
              "--seed",
              Long.toString(synthetic.seed()),
              "--start-date",
              plan.days().get(0).toString(),
              "--days",
              Integer.toString(plan.days().size())));
    } else if (history instanceof BacktestMain.Csv csv) {
      source.addAll(
          List.of(
              "--source",
              "csv",
              "--csv-dir",
              csv.folder().toAbsolutePath().normalize().toString()));
    } else {
      throw new IllegalStateException("no export options for " + history.describe());
    }
    source.addAll(tradingOptionsAsGiven());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("data", data);
    json.put("history", history.describe());
    json.put("symbols", trading.symbols());
    json.put("benchmark", trading.benchmark());
    json.put("trainDays", trainDays);
    json.put("testDays", testDays);
    json.put("anchored", anchored);
    json.put("days", plan.days().stream().map(LocalDate::toString).toList());
    List<Map<String, Object>> folds = new ArrayList<>();
    for (Fold fold : plan.folds()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("number", fold.number());
      f.put("model", FoldModels.file(Path.of(""), fold.number()).toString());
      f.put("train", windowJson(fold.train()));
      f.put("test", windowJson(fold.test()));
      List<String> export = new ArrayList<>(source);
      export.addAll(
          List.of(
              "--from", fold.train().first().toString(), "--to", fold.train().last().toString()));
      f.put("exportFeatures", export);
      folds.add(f);
    }
    json.put("folds", folds);
    return json;
  }

  private static Map<String, Object> windowJson(Window window) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("from", window.first().toString());
    json.put("to", window.last().toString());
    json.put("days", window.days().stream().map(LocalDate::toString).toList());
    return json;
  }

  /** The trading options given on this command line, as given: features depend on some. */
  private List<String> tradingOptionsAsGiven() {
    Set<String> names = new HashSet<>();
    spec.mixins().get("trading").options().forEach(o -> names.add(o.longestName()));
    List<String> args = new ArrayList<>();
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      if (!names.contains(option.longestName())) {
        continue;
      }
      if (option.arity().max() == 0) {
        args.add(option.longestName());
      } else {
        for (String value : option.originalStringValues()) {
          args.add(option.longestName());
          args.add(value);
        }
      }
    }
    return args;
  }

  /** Every fold's model, loaded and guarded before anything runs; all refusals at once. */
  private List<FoldModel> foldModels(
      CommandLine cli, WalkForwardPlan plan, TradingJobConfig config) {
    List<String> errors = new ArrayList<>();
    List<FoldModel> loaded = new ArrayList<>();
    if (!Files.isDirectory(models)) {
      throw new CommandLine.ParameterException(cli, "--models " + models + " is not a folder");
    }
    for (Fold fold : plan.folds()) {
      Path file = FoldModels.file(models, fold.number());
      try {
        if (!Files.isRegularFile(file)) {
          throw new IncompatibleModelException(
              "fold "
                  + fold.number()
                  + " (test "
                  + fold.test()
                  + ") has no model: "
                  + file
                  + " does not exist");
        }
        byte[] onnx = Files.readAllBytes(file);
        TrainingRange range = FoldModels.check(file, TrainingRange.metadataOf(onnx), fold);
        ModelReleases.Loaded model = ModelReleases.fromFile(file);
        PolicyScorerFunction.fits(model.release(), model.contract(), config.portfolios());
        loaded.add(
            new FoldModel(
                file,
                model.contract().modelVersion(),
                range,
                StrategyChoice.policy(model, PolicyModel.Settings.DEFAULT)));
      } catch (IncompatibleModelException | IOException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new CommandLine.ParameterException(
          cli, "--models " + models + " refused: " + String.join("; ", errors));
    }
    return loaded;
  }

  private void prepareOutputFolder(CommandLine cli) throws IOException {
    List<String> files =
        List.of(
            WalkForwardReport.JSON,
            WalkForwardReport.HTML,
            ReportFiles.JSON,
            ReportFiles.HTML,
            ReportFiles.CHART,
            FOLDS);
    BacktestMain.refuseEarlierRun(
        cli, out, overwrite, "a walk-forward", files.stream().map(out::resolve).toList());
    if (Files.isDirectory(out.resolve(FOLDS))) {
      try (Stream<Path> walk = Files.walk(out.resolve(FOLDS))) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (String file : files) {
      Files.deleteIfExists(out.resolve(file));
    }
    Files.createDirectories(out);
  }

  /** One window's backtest into {@code folder}. */
  private BacktestRunner.Result runWindow(
      TradingJobConfig config,
      PaperFillModel fills,
      List<Bar> bars,
      Fold fold,
      Window window,
      String role,
      Path folder,
      String title,
      String command)
      throws Exception {
    List<Bar> windowBars = within(bars, window);
    if (windowBars.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "fold " + fold.number() + "'s " + role + " window " + window + " has no bars");
    }
    Files.createDirectories(folder);
    BacktestRunner runner =
        new BacktestRunner(
            new BacktestRunner.Settings(
                config,
                fills,
                parallelism,
                BarsPerYear.US_EQUITY_MINUTES,
                title + ", fold " + fold.number() + " " + role + " " + window,
                command,
                Set.of(),
                breakers.settings()));
    return runner.run(windowBars, folder, new BacktestRunner.Progress());
  }

  private static MomentumParameters entry(MomentumParameters momentum, BigDecimal threshold) {
    return new MomentumParameters(
        threshold.doubleValue(),
        momentum.exitThreshold(),
        momentum.notionalPerSymbol(),
        momentum.allowShort(),
        momentum.maWindowForDisplay());
  }

  private static List<Bar> within(List<Bar> bars, Window window) {
    return bars.stream().filter(b -> window.contains(day(b))).toList();
  }

  private static LocalDate day(Bar bar) {
    return MarketDays.of(bar);
  }

  private static String plain(List<BigDecimal> values) {
    return String.join(",", values.stream().map(BigDecimal::toPlainString).toList());
  }
}
