package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads the real one-minute bars in {@code ../shared/data/us-equities-1min-2019-02}, which live
 * beside the checkout rather than in it; skipped with a message when that folder is absent.
 */
class CsvBarSourceRealDataTest {

  private static final String DATA_SET = "shared/data/us-equities-1min-2019-02";
  // Tests run in the module folder (jobs/); the shared folder sits beside the repository root.
  private static final List<Path> CANDIDATES =
      List.of(Path.of("..", "..", DATA_SET), Path.of("..", DATA_SET));

  private Path folder;
  private final List<BadInput> badInput = new ArrayList<>();

  @BeforeEach
  void findDataFolder() {
    Optional<Path> found = CANDIDATES.stream().filter(Files::isDirectory).findFirst();
    assumeTrue(
        found.isPresent(),
        () ->
            "Real market data not found at "
                + CANDIDATES.stream().map(p -> p.toAbsolutePath().normalize()).toList()
                + "; skipping the test over the shared data set");
    folder = found.orElseThrow();
  }

  @Test
  void readsAllAaplAndMsftBarsInTimeOrder() {
    List<Bar> bars = readAll(List.of("AAPL", "MSFT"));

    // 1,949 lines per file, header included: 5 sessions of 390 minutes, two missing on 14 Feb.
    assertThat(bars.stream().filter(bar -> bar.symbol().equals("AAPL"))).hasSize(1948);
    assertThat(bars.stream().filter(bar -> bar.symbol().equals("MSFT"))).hasSize(1948);
    assertThat(bars).isSortedAccordingTo(BarSource.ORDER);
    assertThat(badInput).isEmpty();
  }

  @Test
  void firstAndLastBarsMatchTheFiles() {
    List<Bar> bars = readAll(List.of("MSFT", "AAPL"));

    // AAPL_1min.csv line 2: 2019-02-11 09:31:00,171.14,171.2,170.7,170.97,619925
    assertBar(
        bars.get(0), "AAPL", "2019-02-11T09:31", "171.14", "171.2", "170.7", "170.97", "619925");
    // MSFT_1min.csv line 2: 2019-02-11 09:31:00,106.075,106.23,106,106.23,469145
    assertBar(
        bars.get(1), "MSFT", "2019-02-11T09:31", "106.075", "106.23", "106", "106.23", "469145");
    // MSFT_1min.csv last line: 2019-02-15 16:00:00,108.13,108.21,108.09,108.21,442343
    assertBar(
        bars.get(bars.size() - 1),
        "MSFT",
        "2019-02-15T16:00",
        "108.13",
        "108.21",
        "108.09",
        "108.21",
        "442343");
  }

  @Test
  void everyFileInTheDataSetReadsWithoutBadLines() {
    List<String> symbols = CsvBarSource.availableSymbols(folder);

    List<Bar> bars = readAll(symbols);

    assertThat(symbols).hasSize(12).contains("AAPL", "MSFT", "SPY");
    assertThat(bars).hasSize(23_343).isSortedAccordingTo(BarSource.ORDER);
    assertThat(badInput).isEmpty();
  }

  private void assertBar(
      Bar bar,
      String symbol,
      String newYorkEnd,
      String open,
      String high,
      String low,
      String close,
      String volume) {
    long end =
        LocalDateTime.parse(newYorkEnd)
            .atZone(ZoneId.of("America/New_York"))
            .toInstant()
            .toEpochMilli();
    assertThat(bar.symbol()).isEqualTo(symbol);
    assertThat(bar.endMillis()).isEqualTo(end);
    assertThat(bar.startMillis()).isEqualTo(end - 60_000);
    assertThat(Stream.of(bar.open(), bar.high(), bar.low(), bar.close(), bar.volume()))
        .containsExactly(
            new BigDecimal(open),
            new BigDecimal(high),
            new BigDecimal(low),
            new BigDecimal(close),
            new BigDecimal(volume));
  }

  private List<Bar> readAll(List<String> symbols) {
    try (CsvBarSource source = CsvBarSource.open(folder, symbols, badInput::add)) {
      return BarSources.drain(source);
    }
  }
}
