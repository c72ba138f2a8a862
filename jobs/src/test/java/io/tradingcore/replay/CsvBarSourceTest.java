package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvBarSourceTest {

  private static final String HEADER = "timestamp,open,high,low,close,volume";
  private static final long AT_1430_UTC = Instant.parse("2019-02-11T14:30:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir Path folder;

  private final List<BadInput> badInput = new ArrayList<>();

  @Test
  void readsTimestampsAsTheEndOfTheMinuteInNewYorkTime() throws IOException {
    write("AAPL", HEADER, "2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925");

    List<Bar> bars = readAll(List.of("AAPL"));

    // 09:31 EST is 14:31 UTC, and the line is the bar 09:30-09:31.
    assertThat(bars)
        .containsExactly(
            new Bar(
                "AAPL",
                AT_1430_UTC,
                AT_1430_UTC + MINUTE,
                new BigDecimal("171.14"),
                new BigDecimal("171.2"),
                new BigDecimal("170.7"),
                new BigDecimal("170.97"),
                new BigDecimal("619925"),
                null,
                null,
                "csv"));
    assertThat(badInput).isEmpty();
  }

  @Test
  void appliesDaylightSavingTimeOfTheZone() throws IOException {
    write("AAPL", HEADER, "2019-07-01 09:31:00,200,200,200,200,1");

    Bar bar = readAll(List.of("AAPL")).get(0);

    assertThat(bar.endMillis()).isEqualTo(Instant.parse("2019-07-01T13:31:00Z").toEpochMilli());
  }

  @Test
  void readsTimestampsInTheConfiguredZone() throws IOException {
    write("BTC", HEADER, "2019-02-11 14:31:00,1,1,1,1,1");

    try (CsvBarSource source =
        new CsvBarSource(
            CsvBarSource.Config.of(folder, List.of("BTC")).withZone(ZoneOffset.UTC),
            badInput::add)) {
      assertThat(source.next().orElseThrow().endMillis()).isEqualTo(AT_1430_UTC + MINUTE);
    }
  }

  @Test
  void mergesFilesByEndTimeThenSymbol() throws IOException {
    write(
        "MSFT",
        HEADER,
        "2019-02-11 09:31:00,106.075,106.23,106,106.23,469145",
        "2019-02-11 09:33:00,106.2,106.31,106.135,106.17,100915");
    write(
        "AAPL",
        HEADER,
        "2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925",
        "2019-02-11 09:32:00,170.92,170.92,170.6755,170.7701,123138",
        "2019-02-11 09:33:00,170.77,170.83,170.3477,170.35,168622");

    List<Bar> bars = readAll(List.of("MSFT", "AAPL"));

    assertThat(bars)
        .extracting(bar -> bar.symbol() + "@" + (bar.endMillis() - AT_1430_UTC) / MINUTE)
        .containsExactly("AAPL@1", "MSFT@1", "AAPL@2", "AAPL@3", "MSFT@3");
  }

  @Test
  void reportsMalformedLineWithFileAndLineNumberAndCarriesOn() throws IOException {
    Path file =
        write(
            "AAPL",
            HEADER,
            "2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925",
            "2019-02-11 09:32:00,170.92,170.92,170.6755,170.7701",
            "2019-02-11 09:33:00,170.77,abc,170.3477,170.35,",
            "11/02/2019 09:34,170.36,170.82,170.36,170.5974,98896",
            "2019-02-11 09:35:00,170.6,170.7,170.5,170.65,1000");

    List<Bar> bars = readAll(List.of("AAPL"));

    assertThat(bars)
        .extracting(Bar::close)
        .map(Object::toString)
        .containsExactly("170.97", "170.65");
    assertThat(badInput)
        .containsExactly(
            new BadInput(
                file.toString(),
                3,
                "2019-02-11 09:32:00,170.92,170.92,170.6755,170.7701",
                QuarantineReason.MALFORMED_CSV,
                "expected 6 columns (" + HEADER + "), found 5"),
            new BadInput(
                file.toString(),
                4,
                "2019-02-11 09:33:00,170.77,abc,170.3477,170.35,",
                QuarantineReason.NOT_A_NUMBER,
                "not a number: [high='abc', volume='']"),
            new BadInput(
                file.toString(),
                5,
                "11/02/2019 09:34,170.36,170.82,170.36,170.5974,98896",
                QuarantineReason.MALFORMED_CSV,
                "unparsable timestamp '11/02/2019 09:34', expected yyyy-MM-dd HH:mm:ss"));
  }

  @Test
  void reportsAMissingHeaderAndReadsTheRestInTheDocumentedLayout() throws IOException {
    write(
        "AAPL",
        "2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925",
        "2019-02-11 09:32:00,170.92,170.92,170.6755,170.7701,123138");

    List<Bar> bars = readAll(List.of("AAPL"));

    assertThat(bars).hasSize(1);
    assertThat(badInput)
        .singleElement()
        .satisfies(
            bad -> {
              assertThat(bad.lineNumber()).isEqualTo(1);
              assertThat(bad.reason()).isEqualTo(QuarantineReason.MALFORMED_CSV);
              assertThat(bad.detail()).startsWith("missing header");
            });
  }

  @Test
  void acceptsAHeaderWithAByteOrderMarkSpacesOrCapitals() throws IOException {
    write(
        "AAPL", "\uFEFFTimestamp, Open, High, Low, Close, Volume", "2019-02-11 09:31:00,1,1,1,1,1");

    assertThat(readAll(List.of("AAPL"))).hasSize(1);
    assertThat(badInput).isEmpty();
  }

  @Test
  void reportsAnEmptyFile() throws IOException {
    write("AAPL");

    assertThat(readAll(List.of("AAPL"))).isEmpty();
    assertThat(badInput)
        .singleElement()
        .extracting(BadInput::lineNumber, BadInput::detail)
        .containsExactly(1L, "empty file, expected header '" + HEADER + "'");
  }

  @Test
  void reportsTimestampsThatAreNotAfterThePreviousLine() throws IOException {
    write(
        "AAPL",
        HEADER,
        "2019-02-11 09:32:00,1,1,1,1,1",
        "2019-02-11 09:32:00,2,2,2,2,2",
        "2019-02-11 09:31:00,3,3,3,3,3",
        "2019-02-11 09:33:00,4,4,4,4,4");

    List<Bar> bars = readAll(List.of("AAPL"));

    assertThat(bars).extracting(Bar::close).map(Object::toString).containsExactly("1", "4");
    assertThat(badInput)
        .extracting(BadInput::lineNumber, BadInput::reason)
        .containsExactly(
            tuple(3L, QuarantineReason.DUPLICATE), tuple(4L, QuarantineReason.OUT_OF_ORDER));
  }

  @Test
  void reportsATimestampThatIsNotOnAWholeMinute() throws IOException {
    write("AAPL", HEADER, "2019-02-11 09:31:30,1,1,1,1,1");

    assertThat(readAll(List.of("AAPL"))).isEmpty();
    assertThat(badInput)
        .singleElement()
        .extracting(BadInput::reason)
        .isEqualTo(QuarantineReason.MISALIGNED_TIMESTAMP);
  }

  @Test
  void skipsBlankLinesWithoutReportingThem() throws IOException {
    write("AAPL", HEADER, "2019-02-11 09:31:00,1,1,1,1,1", "", "2019-02-11 09:32:00,2,2,2,2,2", "");

    assertThat(readAll(List.of("AAPL"))).hasSize(2);
    assertThat(badInput).isEmpty();
  }

  @Test
  void staysEmptyAtTheEnd() throws IOException {
    write("AAPL", HEADER, "2019-02-11 09:31:00,1,1,1,1,1");

    try (CsvBarSource source = CsvBarSource.open(folder, List.of("AAPL"), badInput::add)) {
      assertThat(source.next()).isPresent();
      assertThat(source.next()).isEmpty();
      assertThat(source.next()).isEmpty();
    }
  }

  @Test
  void rejectsASymbolWithoutAFileNamingTheFolderAndTheAvailableSymbols() throws IOException {
    write("AAPL", HEADER);
    write("MSFT", HEADER);
    Files.writeString(folder.resolve("LICENSE"), "ISC");

    assertThatThrownBy(() -> CsvBarSource.open(folder, List.of("AAPL", "TSLA"), badInput::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[TSLA]")
        .hasMessageContaining(folder.toAbsolutePath().toString())
        .hasMessageContaining("available symbols: [AAPL, MSFT]");
  }

  @Test
  void rejectsAFolderThatDoesNotExist() {
    Path missing = folder.resolve("nowhere");

    assertThatThrownBy(() -> CsvBarSource.open(missing, List.of("AAPL"), badInput::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toAbsolutePath() + " does not exist");
  }

  @Test
  void listsTheSymbolsThatHaveAFile() throws IOException {
    write("MSFT", HEADER);
    write("AAPL", HEADER);
    Files.writeString(folder.resolve("README.md"), "notes");

    assertThat(CsvBarSource.availableSymbols(folder)).containsExactly("AAPL", "MSFT");
  }

  @Test
  void reportsEveryConfigProblemAtOnce() {
    assertThatThrownBy(() -> new CsvBarSource.Config(null, List.of("A", "A"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("folder must be set")
        .hasMessageContaining("zone must be set")
        .hasMessageContaining("A is listed twice");
  }

  private Path write(String symbol, String... lines) throws IOException {
    Path file = folder.resolve(symbol + "_1min.csv");
    Files.writeString(
        file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private List<Bar> readAll(List<String> symbols) {
    try (CsvBarSource source = CsvBarSource.open(folder, symbols, badInput::add)) {
      return BarSources.drain(source);
    }
  }
}
