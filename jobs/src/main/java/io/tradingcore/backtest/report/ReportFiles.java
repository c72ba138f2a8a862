package io.tradingcore.backtest.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report's three files into a folder. */
public final class ReportFiles {
  public static final String JSON = "report.json";
  public static final String HTML = "report.html";
  public static final String CHART = ReportHtml.CHART_FILE;

  private ReportFiles() {}

  /** Writes {@code report.json}, {@code report.html} and {@code equity.png}, replacing old ones. */
  public static void write(BacktestReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(JSON), ReportJson.render(report), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(HTML), ReportHtml.render(report), StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(folder.resolve(CHART))) {
      EquityChart.write(report, out);
    }
  }
}
