package io.tradingcore.backtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * {@code equity.png}: the equity curve of every run of a report above its drawdown from the
 * high-water mark, on one axis of step times (UTC) where market closures take no room. The primary
 * run is drawn thickest and on top. Renders headless (Java2D into an image, no display).
 */
public final class EquityChart {
  public static final int WIDTH = 1200;
  public static final int HEIGHT = 720;

  private static final Paint[] PALETTE = {
    new Color(0x1f4e9c), // primary: deep blue
    new Color(0xe07b00), // orange
    new Color(0x2a9d4b), // green
    new Color(0x8e44ad), // purple
    new Color(0x7f8c8d), // grey
    new Color(0xc0392b), // red
    new Color(0x16a3b8), // teal
  };
  private static final Color GRID = new Color(0xe3e6ea);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private EquityChart() {}

  public static void write(BacktestReport report, OutputStream out) throws IOException {
    ImageIO.write(render(report), "png", out);
  }

  public static BufferedImage render(BacktestReport report) {
    // One x position per distinct step time of any run: nights, weekends and holidays take no
    // room, so a one-minute backtest reads as a continuous curve; the axis labels the times.
    TreeSet<Long> times = new TreeSet<>();
    for (BacktestReport.Entry entry : report.entries()) {
      entry.run().steps().forEach(p -> times.add(p.timeMillis()));
    }
    long[] axisTimes = times.stream().mapToLong(Long::longValue).toArray();
    DefaultXYDataset equity = new DefaultXYDataset();
    DefaultXYDataset drawdown = new DefaultXYDataset();
    for (BacktestReport.Entry entry : report.entries()) {
      BacktestRun run = entry.run();
      int n = run.steps().size();
      double[][] e = new double[2][n];
      double[][] d = new double[2][n];
      BigDecimal mark = run.initialCash();
      for (int i = 0; i < n; i++) {
        EquityPoint p = run.steps().get(i);
        if (p.equity().compareTo(mark) > 0) {
          mark = p.equity();
        }
        double x = Arrays.binarySearch(axisTimes, p.timeMillis());
        e[0][i] = x;
        e[1][i] = p.equity().doubleValue();
        d[0][i] = x;
        d[1][i] =
            -100.0 * mark.subtract(p.equity()).divide(mark, MathContext.DECIMAL64).doubleValue();
      }
      equity.addSeries(run.name(), e);
      drawdown.addSeries(run.name(), d);
    }

    NumberAxis time =
        new NumberAxis(axisTimes.length == 0 ? "step" : "bar end (UTC), market time only");
    time.setTickLabelFont(TICK_FONT);
    time.setLabelFont(LABEL_FONT);
    time.setLowerMargin(0.0);
    time.setUpperMargin(0.0);
    time.setAutoRangeIncludesZero(false);
    time.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    time.setNumberFormatOverride(new StepTimeFormat(axisTimes));

    NumberAxis equityAxis = new NumberAxis("equity");
    equityAxis.setAutoRangeIncludesZero(false);
    equityAxis.setNumberFormatOverride(
        new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    NumberAxis drawdownAxis = new NumberAxis("drawdown %");
    drawdownAxis.setAutoRangeIncludesZero(true);
    for (NumberAxis axis : new NumberAxis[] {equityAxis, drawdownAxis}) {
      axis.setTickLabelFont(TICK_FONT);
      axis.setLabelFont(LABEL_FONT);
    }

    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(12.0);
    plot.add(subplot(equity, equityAxis, report), 3);
    plot.add(subplot(drawdown, drawdownAxis, report), 1);

    JFreeChart chart =
        new JFreeChart(report.title(), new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    legend.setFrame(BlockBorder.NONE);
    legend.setItemFont(LABEL_FONT);
    chart.setPadding(new RectangleInsets(8, 8, 8, 16));
    return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
  }

  /** Labels an x position with the time of that step: the date, and the minute on short runs. */
  private static final class StepTimeFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;
    private static final long THREE_DAYS = 3L * 24 * 60 * 60 * 1000;
    private final long[] times;
    private final DateTimeFormatter format;

    StepTimeFormat(long[] times) {
      this.times = times;
      boolean shortRun = times.length == 0 || times[times.length - 1] - times[0] <= THREE_DAYS;
      this.format =
          DateTimeFormatter.ofPattern(shortRun ? "MM-dd HH:mm" : "yyyy-MM-dd", Locale.ROOT)
              .withZone(ZoneOffset.UTC);
    }

    @Override
    public StringBuffer format(double number, StringBuffer out, FieldPosition position) {
      return format(Math.round(number), out, position);
    }

    @Override
    public StringBuffer format(long number, StringBuffer out, FieldPosition position) {
      if (number >= 0 && number < times.length) {
        out.append(format.format(Instant.ofEpochMilli(times[(int) number])));
      }
      return out;
    }

    @Override
    public Number parse(String source, ParsePosition position) {
      throw new UnsupportedOperationException("axis labels are never parsed");
    }
  }

  private static XYPlot subplot(DefaultXYDataset data, NumberAxis axis, BacktestReport report) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    // One path per series: much faster for tens of thousands of steps.
    renderer.setDrawSeriesLineAsPath(true);
    int i = 0;
    for (BacktestReport.Entry entry : report.entries()) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      // Thousands of steps make dashes jitter: roles differ by width, the primary on top.
      float width = entry.role() == RunRole.PRIMARY ? 2.2f : 1.1f;
      renderer.setSeriesStroke(
          i, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      i++;
    }
    // The legend of the top panel is enough.
    renderer.setDefaultSeriesVisibleInLegend(axis.getLabel().startsWith("equity"));
    XYPlot plot = new XYPlot(data, null, axis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    return plot;
  }
}
