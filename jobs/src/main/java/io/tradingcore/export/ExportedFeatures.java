package io.tradingcore.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.replay.MarketDays;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An export that {@code bin/trading-core export-features} wrote ({@link FeatureExportMain}), read
 * back to run the trading job's later operators on exactly its features (the backtest's {@code
 * --data features:FOLDER}).
 *
 * <p>{@link #open} reads {@value FeatureExportMain#MANIFEST} and checks what it can without the
 * records: the feature sets and their versions against this build's. {@link #load} reads the gated
 * bars, the asset feature vectors and the quarantined records, checks them against the manifest
 * (the files it lists, the record counts, the content hashes: a changed or truncated export is
 * refused) and maps each vector back to the {@link BarFeatures} it was made from, with its bar
 * ({@link AvroMapping#toDomain(FeatureVector, Bar, BigDecimal)}: the exact close of the bar, not
 * the vector's close rounded to the wire's 8 decimals).
 *
 * <p>Every refusal is an {@link IllegalArgumentException} that names the file.
 */
public final class ExportedFeatures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path folder;
  private final JsonNode manifest;
  private final List<String> symbols;
  private final String benchmark;
  private final FeatureWindows featureWindows;
  private final CrossAssetParameters crossAsset;
  private final LocalDate firstDay;
  private final LocalDate lastDay;

  private ExportedFeatures(Path folder, JsonNode manifest) {
    this.folder = folder;
    this.manifest = manifest;
    List<String> listed = new ArrayList<>();
    required(manifest, "symbols").forEach(s -> listed.add(s.asText()));
    this.symbols = List.copyOf(listed);
    this.benchmark = required(manifest, "benchmark").asText();
    this.featureWindows = featureWindows(text(manifest, "featureWindows"));
    this.crossAsset = crossAsset(text(manifest, "crossAsset"));
    JsonNode range = manifest.get("range");
    if (range != null && range.hasNonNull("from") && range.hasNonNull("to")) {
      this.firstDay = date(range.get("from").asText());
      this.lastDay = date(range.get("to").asText());
    } else {
      // An export from before the manifest recorded its range: its first and last bar's dates.
      JsonNode asset = required(manifest, FeatureExportJob.ASSET_FOLDER);
      this.firstDay = day(text(asset, "firstBarEnd"));
      this.lastDay = day(text(asset, "lastBarEnd"));
    }
  }

  /** What an export holds, mapped to the job's domain types and in end-time order. */
  public record Contents(
      List<Bar> bars, List<BarFeatures> features, List<Quarantined> quarantined) {
    public Contents {
      bars = List.copyOf(bars);
      features = List.copyOf(features);
      quarantined = List.copyOf(quarantined);
    }
  }

  /**
   * Reads {@code folder}'s manifest and checks its feature sets against this build's.
   *
   * @throws IllegalArgumentException when the folder or its manifest is missing, the manifest
   *     cannot be read, or its features are another set or version than this build computes
   */
  public static ExportedFeatures open(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          folder + " is not a folder; give a folder bin/trading-core export-features wrote");
    }
    Path file = folder.resolve(FeatureExportMain.MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no "
              + FeatureExportMain.MANIFEST
              + " in "
              + folder
              + "; give a folder bin/trading-core export-features wrote (it writes the manifest"
              + " last, so an export that did not finish has none)");
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
    }
    try {
      checkFeatureSet(
          manifest,
          FeatureExportJob.ASSET_FOLDER,
          BarFeatures.FEATURE_SET,
          BarFeatures.FEATURE_SET_VERSION);
      checkFeatureSet(
          manifest,
          FeatureExportJob.PORTFOLIO_FOLDER,
          PortfolioFeatureVector.FEATURE_SET,
          PortfolioFeatureVector.FEATURE_SET_VERSION);
      return new ExportedFeatures(folder, manifest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public Path folder() {
    return folder;
  }

  public Path manifestFile() {
    return folder.resolve(FeatureExportMain.MANIFEST);
  }

  /** The symbols the export's portfolio traded. */
  public List<String> symbols() {
    return symbols;
  }

  /** The benchmark of the export's cross-asset features, exported with the symbols. */
  public String benchmark() {
    return benchmark;
  }

  /** Every symbol with features in the export: the traded ones, then the benchmark. */
  public List<String> entities() {
    List<String> all = new ArrayList<>(symbols);
    if (!all.contains(benchmark)) {
      all.add(benchmark);
    }
    return all;
  }

  /** The feature windows the export was computed with. */
  public FeatureWindows featureWindows() {
    return featureWindows;
  }

  /** The cross-asset settings the export's portfolio features were computed with. */
  public CrossAssetParameters crossAsset() {
    return crossAsset;
  }

  /**
   * The export's first market date: its recorded {@code range.from} ({@code export-features
   * --from}, or its first bar's New York date).
   */
  public LocalDate firstDay() {
    return firstDay;
  }

  /** The export's last market date: its recorded {@code range.to}, or its last bar's date. */
  public LocalDate lastDay() {
    return lastDay;
  }

  /**
   * Reads and checks the records, and returns those of {@code symbols} on New York days in [{@code
   * from}, {@code to}] ({@code null}: the export's first or last day). Log returns are taken over
   * the whole export, so the first bar in the range has its return from the bar before it, as its
   * features do.
   *
   * @throws IllegalArgumentException when the files differ from what the manifest lists, or a
   *     vector does not match its bar
   */
  public Contents load(Collection<String> symbols, LocalDate from, LocalDate to)
      throws IOException {
    List<io.tradingcore.schemas.avro.Bar> bars =
        FeatureFiles.readBars(listedFiles(FeatureExportJob.BARS_FOLDER));
    check(
        FeatureExportJob.BARS_FOLDER,
        bars.size(),
        FeatureFiles.contentHash(bars, io.tradingcore.schemas.avro.Bar.class));
    List<FeatureVector> vectors = FeatureFiles.read(listedFiles(FeatureExportJob.ASSET_FOLDER));
    check(FeatureExportJob.ASSET_FOLDER, vectors.size(), FeatureFiles.contentHash(vectors));
    List<QuarantinedRecord> refused =
        FeatureFiles.read(
            FeatureFiles.list(folder.resolve(FeatureExportJob.QUARANTINE_FOLDER)),
            QuarantinedRecord.class);
    int quarantinedBars = required(manifest, "quarantinedBars").asInt();
    if (refused.size() != quarantinedBars) {
      throw new IllegalArgumentException(
          mismatch(
              FeatureExportJob.QUARANTINE_FOLDER,
              refused.size() + " records",
              "quarantinedBars " + quarantinedBars));
    }
    if (bars.size() != vectors.size()) {
      throw new IllegalArgumentException(
          folder
              + " holds "
              + bars.size()
              + " gated bars and "
              + vectors.size()
              + " asset feature vectors; an export has one vector per gated bar");
    }

    MarketDays days = new MarketDays(from, to);
    Map<String, FeatureVector> byBar = new HashMap<>();
    vectors.forEach(v -> byBar.put(v.getEntity() + "@" + v.getBarEnd().toEpochMilli(), v));
    List<Bar> keptBars = new ArrayList<>();
    List<BarFeatures> keptFeatures = new ArrayList<>();
    String previousSymbol = null;
    BigDecimal previousClose = null;
    // Bars in (symbol, end) order: each symbol's bars in sequence, for the log returns.
    for (io.tradingcore.schemas.avro.Bar wire : bars) {
      Bar bar = AvroMapping.toDomain(wire);
      if (!bar.symbol().equals(previousSymbol)) {
        previousSymbol = bar.symbol();
        previousClose = null;
      }
      FeatureVector vector = byBar.get(bar.symbol() + "@" + bar.endMillis());
      if (vector == null) {
        throw new IllegalArgumentException(
            folder
                + " has no asset feature vector for the gated bar of "
                + bar.symbol()
                + " ending at "
                + Instant.ofEpochMilli(bar.endMillis()));
      }
      BarFeatures features;
      try {
        features = AvroMapping.toDomain(vector, bar, previousClose);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(folder + ": " + e.getMessage(), e);
      }
      previousClose = bar.close();
      if (symbols.contains(bar.symbol()) && days.contains(bar)) {
        keptBars.add(bar);
        keptFeatures.add(features);
      }
    }
    keptBars.sort(Comparator.comparingLong(Bar::endMillis).thenComparing(Bar::symbol));
    keptFeatures.sort(
        Comparator.comparingLong(BarFeatures::barEnd).thenComparing(BarFeatures::symbol));
    List<Quarantined> keptRefused = new ArrayList<>();
    for (QuarantinedRecord record : refused) {
      Quarantined quarantined = AvroMapping.toDomain(record);
      if ((quarantined.key() == null || symbols.contains(quarantined.key()))
          && within(refusedAt(quarantined), from, to)) {
        keptRefused.add(quarantined);
      }
    }
    return new Contents(keptBars, keptFeatures, keptRefused);
  }

  /** The files a section of the manifest lists, each of which must still be there. */
  private List<Path> listedFiles(String section) {
    List<Path> files = new ArrayList<>();
    TreeSet<Path> present = new TreeSet<>(FeatureFiles.list(folder.resolve(section)));
    for (JsonNode name : required(required(manifest, section), "files")) {
      Path file = folder.resolve(name.asText());
      if (!present.remove(file)) {
        throw new IllegalArgumentException(mismatch(section, file + " is missing", "it is listed"));
      }
      files.add(file);
    }
    if (!present.isEmpty()) {
      throw new IllegalArgumentException(
          mismatch(section, present.first() + " is there", "it is not listed"));
    }
    return files;
  }

  /** The records of a section against the manifest's count and content hash. */
  private void check(String section, int records, String contentHash) {
    JsonNode listed = required(manifest, section);
    if (!listed.hasNonNull("contentSha256")) {
      throw new IllegalArgumentException(
          manifestFile()
              + " has no content hash of "
              + section
              + "/ (an export written before the backtest could read exports); export the"
              + " features again"
              + again());
    }
    int count = listed.get("records").asInt();
    String hash = listed.get("contentSha256").asText();
    if (records != count || !contentHash.equals(hash)) {
      throw new IllegalArgumentException(
          mismatch(
              section,
              records + " records with content SHA-256 " + contentHash,
              count + " records with " + hash));
    }
  }

  private String mismatch(String section, String found, String manifestSays) {
    return folder.resolve(section)
        + ": "
        + found
        + " but "
        + FeatureExportMain.MANIFEST
        + " says "
        + manifestSays
        + ": the export was changed or truncated after it was written; export the features again"
        + again();
  }

  /** How the export was made, from its manifest, as a hint: {@code " (COMMAND)"} or empty. */
  private String again() {
    JsonNode command = manifest.get("command");
    return command == null || command.isNull() ? "" : " (" + command.asText() + ")";
  }

  private static void checkFeatureSet(JsonNode manifest, String section, String set, int version) {
    JsonNode listed = required(manifest, section);
    String exportedSet = listed.path("featureSet").asText(null);
    int exportedVersion = listed.path("featureSetVersion").asInt(-1);
    if (!set.equals(exportedSet) || version != exportedVersion) {
      throw new IllegalArgumentException(
          section
              + " features are "
              + exportedSet
              + " v"
              + exportedVersion
              + ", this build computes "
              + set
              + " v"
              + version
              + "; export the features again with this build");
    }
  }

  /** The windows in a manifest's {@code FeatureWindows[momentum=5, ...]}. */
  static FeatureWindows featureWindows(String text) {
    Map<String, String> fields = recordFields(text, "FeatureWindows");
    Map<String, Integer> windows = new LinkedHashMap<>();
    fields.forEach((name, value) -> windows.put(name, Integer.valueOf(value)));
    FeatureWindows parsed = FeatureWindows.DEFAULT.with(windows);
    if (!windows.keySet().equals(new java.util.HashSet<>(FeatureWindows.NAMES))) {
      throw new IllegalArgumentException(
          "featureWindows " + text + " are not this build's windows " + FeatureWindows.NAMES);
    }
    return parsed;
  }

  /** The settings in a manifest's {@code CrossAssetParameters[window=50, ...]}. */
  static CrossAssetParameters crossAsset(String text) {
    Map<String, String> fields = recordFields(text, "CrossAssetParameters");
    if (!fields.keySet().equals(java.util.Set.of("window", "benchmark", "stalenessLimit"))) {
      throw new IllegalArgumentException(
          "crossAsset " + text + " is not window, benchmark and stalenessLimit");
    }
    return new CrossAssetParameters(
        Integer.parseInt(fields.get("window")),
        fields.get("benchmark"),
        Integer.parseInt(fields.get("stalenessLimit")));
  }

  /** {@code Name[a=1, b=x]} (a record's {@code toString}) as {@code {a=1, b=x}}. */
  private static Map<String, String> recordFields(String text, String name) {
    if (!text.startsWith(name + "[") || !text.endsWith("]")) {
      throw new IllegalArgumentException("expected " + name + "[...], got " + text);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String inner = text.substring(name.length() + 1, text.length() - 1);
    for (String field : inner.split(", ")) {
      int equals = field.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException("expected " + name + "[name=value, ...], got " + text);
      }
      fields.put(field.substring(0, equals), field.substring(equals + 1));
    }
    return fields;
  }

  /**
   * Whether a time falls on a New York day in [from, to] ({@code null}: unbounded), as {@link
   * MarketDays} dates a bar by its start; {@code Long.MIN_VALUE}, no time, falls on every day.
   */
  private static boolean within(long millis, LocalDate from, LocalDate to) {
    if (millis == Long.MIN_VALUE) {
      return true;
    }
    LocalDate day = Instant.ofEpochMilli(millis).atZone(UsEquityCalendar.ZONE).toLocalDate();
    return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
  }

  /** The start of the bar a refused record holds, or {@code Long.MIN_VALUE} when it holds none. */
  private static long refusedAt(Quarantined quarantined) {
    try {
      JsonNode bar = JSON.readTree(quarantined.payload());
      return bar != null && bar.has("startMillis")
          ? bar.get("startMillis").asLong()
          : Long.MIN_VALUE;
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("range " + text + " is not a date");
    }
  }

  /** New York date of the bar that ends at {@code barEnd} (its last instant's date). */
  private static LocalDate day(String barEnd) {
    try {
      return Instant.parse(barEnd).minusMillis(1).atZone(UsEquityCalendar.ZONE).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("firstBarEnd/lastBarEnd " + barEnd + " is not an instant");
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(
          "no " + field + "; not a manifest export-features wrote, or an empty export");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return required(node, field).asText();
  }
}
