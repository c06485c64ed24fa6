package org.softlookup;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The pictures of the course: attention heatmaps, curves of a sweep, bars of one distribution, small multiples.
 * Every builder returns the XChart object, so a learner can restyle it; {@link #png} turns it into an image.
 * Drawing is headless and deterministic: the same input gives the same bytes, in DejaVu Sans where installed.
 */
public final class Charts {

    /** Size of a line or bar chart: fits a notebook column without scaling. */
    static final int WIDTH = 600;
    static final int HEIGHT = 400;

    /** Matrices up to this many rows and columns show their numbers in the cells. */
    static final int MAX_CELLS_WITH_VALUES = 12;

    private static final double GRID_PX = 480;      // the longer side of a heatmap's cell grid
    private static final double MAX_CELL_PX = 64;   // small matrices should not become posters
    private static final int MAX_LABEL_CHARS = 16;
    private static final int LEGEND_PADDING = 6;

    // ColorBrewer "Blues": one hue, light to dark, so order reads correctly without colour vision.
    static final Color[] SEQUENTIAL = colors("f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5",
            "08519c", "08306b");
    // ColorBrewer "RdBu" reversed: negative blue, zero white, positive red; safe for red-green colour blindness
    // because the two arms differ in blue-yellow and in lightness, not only in red-green.
    static final Color[] DIVERGING = colors("053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7",
            "f4a582", "d6604d", "b2182b", "67001f");
    /** Cells that hold NaN or an infinity: grey with hatching, a colour neither palette uses. */
    static final Color NOT_A_NUMBER = new Color(0xc8c8c8);
    private static final Color HATCH = new Color(0x8c8c8c);
    // Okabe & Ito's palette, in an order where neighbours differ in lightness too; yellow left out (too pale on white).
    static final Color[] SERIES = colors("0072b2", "d55e00", "009e73", "cc79a7", "e69f00", "56b4e9", "000000");

    /**
     * When every line is named after a colour channel (R, G, B) or one of the course's colours, each is drawn in
     * its own colour, from the same colour-blind-safe palette: a learner should not read "R" off a blue line.
     */
    static final Map<String, Color> NAMED = Map.of(
            "r", new Color(0xd55e00), "g", new Color(0x009e73), "b", new Color(0x0072b2),
            "red", new Color(0xd55e00), "yellow", new Color(0xe69f00), "green", new Color(0x009e73),
            "cyan", new Color(0x56b4e9), "blue", new Color(0x0072b2), "magenta", new Color(0xcc79a7));

    private static final Color INK = new Color(0x222222);
    private static final Color SOFT_INK = new Color(0x555555);
    private static final Color GRID_LINES = new Color(0xe6e6e6);
    private static final Color FRAME = new Color(0xbdbdbd);
    private static final Color ZERO_LINE = new Color(0x8a8a8a);
    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

    private Charts() {
    }

    // ------------------------------------------------------------------ heatmaps

    /**
     * A heatmap of a matrix as it is written (row 0 on top), labelled, with its numbers when it is at most 12 x 12.
     * Data with no negative entry get a white-to-blue scale from 0; signed data (gradients) a blue-white-red
     * scale centred on 0 and symmetric, so the sign of a cell is its hue. NaN and infinities are shown as grey
     * hatched cells (labelled when numbers are shown), never as an error. Label lists may be null (0, 1, 2, ...).
     */
    public static HeatMapChart heatmap(INDArray matrix, List<String> rowLabels, List<String> colLabels, String title) {
        SoftLookup.ensureReady();
        double[][] a = entries("matrix", matrix);
        double maxAbs = 0;
        boolean signed = false;
        for (double[] row : a) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                    signed |= v < 0;
                }
            }
        }
        // A legend reads best with round ends; rounding the range up keeps every cell inside it.
        double top = maxAbs > 0 ? niceCeil(maxAbs) : 1;
        String pattern = cellPattern(maxAbs);
        return signed
                ? heatmap(a, rowLabels, colLabels, title, DIVERGING, -top, top, pattern)
                : heatmap(a, rowLabels, colLabels, title, SEQUENTIAL, 0, top, pattern);
    }

    /**
     * A heatmap of attention weights on the fixed range 0..1, so heatmaps of different weights compare cell by cell.
     * Entries must lie in [0, 1] (NaN is drawn grey, as in {@link #heatmap}); numbers shown with two decimals.
     */
    public static HeatMapChart heatmapWeights(INDArray weights, List<String> rowLabels, List<String> colLabels,
                                              String title) {
        SoftLookup.ensureReady();
        double[][] a = entries("weights", weights);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double v = a[i][j];
                if (v < -1e-9 || v > 1 + 1e-9 || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("weights[" + i + ", " + j + "] is " + v
                            + ", but attention weights lie in [0, 1]: use Charts.heatmap for other matrices");
                }
            }
        }
        return heatmap(a, rowLabels, colLabels, title, SEQUENTIAL, 0, 1, "0.00");
    }

    private static HeatMapChart heatmap(double[][] a, List<String> rowLabels, List<String> colLabels, String title,
                                        Color[] palette, double min, double max, String pattern) {
        int rows = a.length;
        int cols = a[0].length;
        List<String> rowNames = labels("rowLabels", rowLabels, rows, "rows");
        List<String> colNames = labels("colLabels", colLabels, cols, "columns");

        boolean showValues = rows <= MAX_CELLS_WITH_VALUES && cols <= MAX_CELLS_WITH_VALUES;
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        String[][] text = new String[rows][cols];
        double widestText = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                text[i][j] = cellText(a[i][j], format);
                widestText = Math.max(widestText, width(text[i][j], Fonts.VALUE));
            }
        }
        double cell = Math.min(MAX_CELL_PX, GRID_PX / Math.max(rows, cols));
        if (showValues) {
            cell = Math.max(cell, widestText + 10);
        }

        // Labels the cells cannot hold are thinned (every k-th kept), never overlapped.
        double widestCol = 0;
        for (String s : colNames) {
            widestCol = Math.max(widestCol, width(shorten(s), Fonts.TICK));
        }
        boolean rotate = widestCol > cell - 6;
        List<String> shownCols = thin(colNames, rotate ? lineHeight(Fonts.TICK) + 2 : widestCol + 8, cell);
        List<String> shownRows = thin(rowNames, lineHeight(Fonts.TICK) + 2, cell);

        // XChart puts y index 0 at the bottom; the matrix has row 0 on top, so rows go in reversed.
        List<String> yData = new ArrayList<>(shownRows);
        Collections.reverse(yData);
        List<Number[]> heat = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // Non-finite cells are left to the overlay; XChart would paint NaN black.
                if (Double.isFinite(a[i][j])) {
                    heat.add(new Number[]{j, rows - 1 - i, a[i][j]});
                }
            }
        }
        if (heat.isEmpty()) {
            heat.add(null); // XChart wants at least one entry; null ones are skipped when painting
        }

        HeatMapChart chart = new HeatMapChart(WIDTH, HEIGHT, Styler.ChartTheme.XChart);
        chart.setTitle(title == null ? "" : title);
        var styler = chart.getStyler();
        style(styler);
        styler.setPlotContentSize(1.0);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesVisible(false);
        styler.setAxisTicksLineVisible(false);
        styler.setAxisTicksMarksVisible(false);
        styler.setPlotMargin(0);
        styler.setRangeColors(palette.clone());
        styler.setMin(min);
        styler.setMax(max);
        styler.setShowValue(false); // drawn by the overlay, in a colour that contrasts with each cell
        styler.setDrawBorder(true); // hides hairline seams between antialiased cells
        styler.setHeatMapValueDecimalPattern(pattern);
        styler.setGradientColorColumnWeight(14);
        styler.setLegendPadding(LEGEND_PADDING);
        // The colour bar stands beside the matrix when the matrix is tall enough for it (XChart's bar is at
        // least 100 px long), otherwise it lies underneath.
        double barLength = rows * cell - 2 * LEGEND_PADDING - 2 * Fonts.LEGEND.getSize() - 4;
        boolean beside = barLength >= 100;
        styler.setLegendPosition(beside ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(beside ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        styler.setGradientColorColumnHeight((int) Math.min(200, Math.max(100, barLength)));
        styler.setLegendBorderColor(Color.WHITE);
        if (rotate) {
            styler.setXAxisLabelRotation(90);
        }
        chart.addSeries("matrix", shownCols, yData, heat);
        HeatmapOverlay overlay = new HeatmapOverlay(a, text, showValues);
        chart.addAnnotation(overlay);
        fitSquareCells(chart, overlay, cols * cell, rows * cell);
        return chart;
    }

    /** Resizes the chart so its cells come out square: XChart sizes the plot from what is left around it. */
    private static void fitSquareCells(HeatMapChart chart, HeatmapOverlay overlay, double gridWidth, double gridHeight) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
            int minWidth = (int) Math.ceil(width(chart.getTitle(), Fonts.TITLE)) + 40;
            int w = Math.max(minWidth, (int) Math.round(chart.getWidth() + gridWidth - overlay.plot.getWidth()));
            int h = (int) Math.round(chart.getHeight() + gridHeight - overlay.plot.getHeight());
            // paint() is the only public way to set a chart's size
            chart.paint(g, Math.max(w, 200), Math.max(h, 160));
        } finally {
            g.dispose();
        }
    }

    /**
     * Draws what XChart's heatmap cannot: numbers in a colour that reads on each cell, and NaN/infinite cells.
     * It sees the plot through XChart's Annotation, which is the one public hook into a chart's layout.
     */
    private static final class HeatmapOverlay extends Annotation {
        private final double[][] a;
        private final String[][] text;
        private final boolean showValues;
        final Rectangle2D.Double plot = new Rectangle2D.Double();

        HeatmapOverlay(double[][] a, String[][] text, boolean showValues) {
            super(true);
            this.a = a;
            this.text = text;
            this.showValues = showValues;
        }

        @Override
        public void paint(Graphics2D g) {
            double x0 = getXAxisScreenValueForMin();
            double y0 = getYAxisScreenValueForMin();
            plot.setRect(x0, y0, getXAxisScreenValueForMax() - x0, getYAxisScreenValueForMax() - y0);
            if (!isVisible) {
                return;
            }
            HeatMapChart chart = (HeatMapChart) this.chart;
            var styler = chart.getStyler();
            double lo = chart.getHeatMapSeries().getMin();
            double hi = chart.getHeatMapSeries().getMax();
            int rows = a.length;
            int cols = a[0].length;
            double cw = plot.getWidth() / cols;
            double ch = plot.getHeight() / rows;
            Shape clip = g.getClip();
            g.clip(new Rectangle2D.Double(plot.x - 1, plot.y - 1, plot.width + 2, plot.height + 2));
            Font font = Fonts.VALUE;
            if (showValues) {
                double widest = 0;
                for (String[] row : text) {
                    for (String s : row) {
                        widest = Math.max(widest, width(s, font));
                    }
                }
                // A learner may shrink the chart; the numbers then shrink with it rather than spill over.
                if (widest > cw - 4) {
                    font = font.deriveFont((float) Math.max(7, font.getSize2D() * (cw - 4) / widest));
                }
            }
            Rectangle2D.Double[][] cells = new Rectangle2D.Double[rows][cols];
            Color[][] fills = new Color[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    cells[i][j] = new Rectangle2D.Double(x0 + j * cw, y0 + i * ch, cw, ch);
                    if (Double.isFinite(a[i][j])) {
                        fills[i][j] = colorOf(a[i][j], lo, hi, styler.getRangeColors());
                    } else {
                        fills[i][j] = NOT_A_NUMBER;
                        paintNotANumber(g, cells[i][j]);
                    }
                }
            }
            // Hairlines between cells, so two cells of nearly equal colour still read as two numbers.
            if (Math.min(cw, ch) >= 12) {
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(1f));
                for (int j = 1; j < cols; j++) {
                    g.draw(new Line2D.Double(x0 + j * cw, y0, x0 + j * cw, y0 + plot.getHeight()));
                }
                for (int i = 1; i < rows; i++) {
                    g.draw(new Line2D.Double(x0, y0 + i * ch, x0 + plot.getWidth(), y0 + i * ch));
                }
            }
            if (showValues) {
                g.setFont(font);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        Rectangle2D.Double cell = cells[i][j];
                        if (fills[i][j] == NOT_A_NUMBER) {
                            // a patch of plain grey under the word, so the hatching does not cross it
                            Rectangle2D t = font.getStringBounds(text[i][j], g.getFontRenderContext());
                            g.setColor(NOT_A_NUMBER);
                            g.fill(new Rectangle2D.Double(cell.getCenterX() - t.getWidth() / 2 - 3,
                                    cell.getCenterY() - t.getHeight() / 2 - 1, t.getWidth() + 6, t.getHeight() + 2));
                        }
                        g.setColor(luminance(fills[i][j]) < 0.4 ? Color.WHITE : INK);
                        drawCentered(g, text[i][j], font, cell.getCenterX(), cell.getCenterY());
                    }
                }
            }
            g.setClip(clip);
            // A frame, so the edge of a matrix of near-white cells is still visible on a white page.
            g.setColor(FRAME);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Rectangle2D.Double(x0 - 0.5, y0 - 0.5, plot.getWidth() + 1, plot.getHeight() + 1));
            paintLegendMiddle(g, chart, lo, hi);
        }

        /**
         * XChart's colour bar is labelled at its ends only; this adds the middle (0 on a diverging scale).
         * The geometry repeats Legend_HeatMap of XChart 3.8.8, which does not expose it.
         */
        private void paintLegendMiddle(Graphics2D g, HeatMapChart chart, double lo, double hi) {
            var styler = chart.getStyler();
            if (!styler.isLegendVisible() || styler.isPiecewise()
                    || styler.getLegendPosition() != Styler.LegendPosition.OutsideE
                    || styler.getLegendLayout() != Styler.LegendLayout.Vertical) {
                return;
            }
            Font font = styler.getLegendFont();
            int pad = styler.getLegendPadding();
            int barWidth = styler.getGradientColorColumnWeight();
            int barHeight = styler.getGradientColorColumnHeight();
            if (barHeight < 4 * font.getSize()) {
                return;
            }
            FontRenderContext frc = new FontRenderContext(null, true, false);
            double textWidth = Math.max(new TextLayout(lo + "", font, frc).getBounds().getWidth(),
                    new TextLayout(hi + "", font, frc).getBounds().getWidth());
            double legendWidth = pad + barWidth + pad + textWidth + pad;
            double legendHeight = pad + font.getSize() + barHeight + font.getSize() + pad;
            double x = chart.getWidth() - legendWidth - 6 + pad;
            double y = plot.getY() + (plot.getHeight() - legendHeight) / 2 + pad;
            // XChart's gradient runs from y + barHeight (low end) to y + font size (high end)
            double middle = y + (barHeight + font.getSize()) / 2.0;
            String label = (lo + hi) / 2 + "";
            var layout = new TextLayout(label, font, frc);
            g.setColor(styler.getChartFontColor());
            g.fill(layout.getOutline(AffineTransform.getTranslateInstance(
                    x + barWidth + pad, middle + layout.getBounds().getHeight() / 2)));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(x + barWidth, middle, x + barWidth + pad / 2.0, middle));
        }

        private static void paintNotANumber(Graphics2D g, Rectangle2D.Double cell) {
            // half a pixel over the edge: XChart's cells are fractional and this one was never painted
            Rectangle2D.Double r = new Rectangle2D.Double(cell.x - 0.5, cell.y - 0.5, cell.width + 1, cell.height + 1);
            g.setColor(NOT_A_NUMBER);
            g.fill(r);
            Shape clip = g.getClip();
            g.clip(r);
            g.setColor(HATCH);
            g.setStroke(new BasicStroke(1f));
            double step = 6;
            for (double d = -r.height; d < r.width; d += step) {
                g.draw(new Line2D.Double(r.x + d, r.y + r.height, r.x + d + r.height, r.y));
            }
            g.setClip(clip);
        }

        @Override
        public Rectangle2D getBounds() {
            return plot;
        }
    }

    /** The colour XChart gives a value: linear interpolation between neighbouring range colours. */
    static Color colorOf(double value, double min, double max, Color[] range) {
        if (value <= min) {
            return range[0];
        }
        if (value >= max) {
            return range[range.length - 1];
        }
        double index = (value - min) / (max - min) * (range.length - 1);
        int k = (int) index;
        double t = index - k;
        Color a = range[k];
        Color b = range[Math.min(k + 1, range.length - 1)];
        return new Color((int) (a.getRed() + t * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    private static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    private static String cellText(double v, DecimalFormat format) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0 && format.toPattern().contains("E")) {
            return "0"; // not 0.0E0
        }
        String s = format.format(v);
        // "-0.00" is a rounding artefact, not information a learner can use
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }

    /** Enough decimals for two or three significant digits of the largest entry; scientific when tiny. */
    private static String cellPattern(double maxAbs) {
        if (maxAbs == 0) {
            return "0.00";
        }
        if (maxAbs >= 100) {
            return "0";
        }
        if (maxAbs >= 10) {
            return "0.0";
        }
        if (maxAbs >= 0.1) {
            return "0.00";
        }
        if (maxAbs >= 0.01) {
            return "0.000";
        }
        return "0.0E0";
    }

    /** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 times a power of ten that is at least v (v > 0). */
    static double niceCeil(double v) {
        int k = (int) Math.floor(Math.log10(v));
        double m = v / Math.pow(10, k);
        for (String step : new String[]{"1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10"}) {
            // parsing "2.5E-2" gives the double nearest 0.025, which prints as 0.025, unlike 2.5 * 0.01
            double nice = Double.parseDouble(step + "E" + k);
            if (Double.parseDouble(step) >= m * (1 - 1e-12)) {
                return nice;
            }
        }
        return Double.parseDouble("1E" + (k + 1));
    }

    // ------------------------------------------------------------------ lines

    /**
     * One line per column of {@code columns} {@code [x.length, k]}, named by {@code names}: for a sweep whose rows are
     * the steps, such as the weights of every key as the query moves. Same drawing as the Map version.
     */
    public static XYChart lines(String title, String xLabel, String yLabel, double[] x, INDArray columns,
                                List<String> names) {
        SoftLookup.ensureReady();
        double[][] a = entries("columns", columns);  // NaN allowed, as in the Map version: a gap in the line
        if (columns.rows() != (x == null ? -1 : x.length)) {
            throw new IllegalArgumentException("columns has " + columns.rows() + " rows but x has "
                    + (x == null ? "no" : String.valueOf(x.length)) + " values: one row per x value");
        }
        if (names == null || names.size() != columns.columns()) {
            throw new IllegalArgumentException("names has " + (names == null ? "no" : String.valueOf(names.size()))
                    + " entries but columns has " + columns.columns() + " columns: one name per line");
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            double[] column = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                column[i] = a[i][j];
            }
            series.put(names.get(j), column);
        }
        return lines(title, xLabel, yLabel, x, series);
    }

    /**
     * Curves of one or more series over a common x, e.g. a weight or a partial derivative as one input sweeps.
     * No markers (unless x has a single point); a grey zero line when the data cross zero; NaN in a series leaves
     * a gap in its curve, an infinity is an error. Series keep the map's order if it has one, else go alphabetical.
     * Series all named after colours (R, G, B, red, yellow, …) are drawn in those colours.
     */
    public static XYChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        SoftLookup.ensureReady();
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x must hold at least one value, but it is "
                    + (x == null ? "null" : "empty"));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x[" + i + "] is " + x[i] + ": every x must be a finite number");
            }
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must hold at least one named series, but it is "
                    + (series == null ? "null" : "empty"));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : ordered(series).entrySet()) {
            String name = e.getKey();
            double[] y = e.getValue();
            if (name == null) {
                throw new IllegalArgumentException("series has a null name");
            }
            if (y == null || y.length != x.length) {
                throw new IllegalArgumentException("series \"" + name + "\" has " + (y == null ? "no" : y.length)
                        + " values, but x has " + x.length + ": each series needs one y per x");
            }
            boolean any = false;
            for (int i = 0; i < y.length; i++) {
                if (Double.isInfinite(y[i])) {
                    throw new IllegalArgumentException("series \"" + name + "\" has " + y[i] + " at index " + i
                            + ": a curve cannot reach infinity (NaN would leave a gap)");
                }
                if (!Double.isNaN(y[i])) {
                    any = true;
                    lo = Math.min(lo, y[i]);
                    hi = Math.max(hi, y[i]);
                }
            }
            if (!any) {
                throw new IllegalArgumentException("series \"" + name + "\" has only NaN values: nothing to draw");
            }
        }

        XYChart chart = new XYChart(WIDTH, HEIGHT, Styler.ChartTheme.XChart);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        var styler = chart.getStyler();
        style(styler);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(GRID_LINES);
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setAxisTicksMarksVisible(false);
        styler.setLegendVisible(series.size() > 1);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendSeriesLineLength(24);

        double xMin = Arrays.stream(x).min().getAsDouble();
        double xMax = Arrays.stream(x).max().getAsDouble();
        styler.setXAxisDecimalPattern(tickPattern(xMin, xMax));
        styler.setYAxisDecimalPattern(tickPattern(lo, hi));
        // Added first, so it lies under the data. When the data cross zero it is the zero line, the sign change
        // the learner should see; otherwise it draws nothing. Either way its x values come in an order that stops
        // XChart from putting ticks on the data points of an evenly spaced x (ticks like -2.52, -2.04, ...).
        boolean crossesZero = lo < 0 && hi > 0;
        XYSeries axis = chart.addSeries(uniqueName(series, "y = 0"), new double[]{xMax, xMin},
                crossesZero ? new double[]{0, 0} : new double[]{Double.NaN, Double.NaN});
        axis.setLineColor(ZERO_LINE);
        axis.setLineStyle(new BasicStroke(1f));
        axis.setMarker(SeriesMarkers.NONE);
        axis.setShowInLegend(false);
        boolean named = series.keySet().stream().allMatch(n -> NAMED.containsKey(n.toLowerCase(Locale.ROOT)));
        int k = 0;
        for (Map.Entry<String, double[]> e : ordered(series).entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), x.clone(), e.getValue().clone());
            Color ink = named ? NAMED.get(e.getKey().toLowerCase(Locale.ROOT)) : SERIES[k % SERIES.length];
            s.setLineColor(ink);
            // Beyond the palette, a dash pattern keeps series apart without relying on colour.
            s.setLineStyle(k < SERIES.length ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{6f, 4f}, 0f));
            s.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setMarkerColor(ink);
            k++;
        }
        return chart;
    }

    private static String uniqueName(Map<String, ?> taken, String name) {
        String n = name;
        while (taken.containsKey(n)) {
            n = n + " ";
        }
        return n;
    }

    /** The map in its own order if it has one; otherwise alphabetical, so a picture never depends on hashing. */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        if (map instanceof LinkedHashMap || map instanceof SortedMap) {
            return map;
        }
        for (String key : map.keySet()) {
            if (key == null) {
                return map; // callers reject null names with their own message
            }
        }
        return new TreeMap<>(map);
    }

    // ------------------------------------------------------------------ bars

    /**
     * Bars of one distribution, e.g. the softmax weights of a query over the keys, with their values printed.
     * Values all in [0, 1] get the fixed axis 0..1 (distributions compare across charts); otherwise the axis
     * includes 0. NaN or infinite values are an error: a bar needs a height. Labels may be null (0, 1, 2, ...).
     */
    public static CategoryChart bars(String title, List<String> labels, double[] values) {
        SoftLookup.ensureReady();
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one number, but it is "
                    + (values == null ? "null" : "empty"));
        }
        boolean unit = true;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] is " + values[i]
                        + ": every bar needs a finite height");
            }
            unit &= values[i] >= 0 && values[i] <= 1;
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        List<String> names = labels("labels", labels, values.length, "values");
        int n = values.length;
        int width = (int) Math.min(900, Math.max(WIDTH, 120 + 44.0 * n));
        CategoryChart chart = new CategoryChart(width, HEIGHT, Styler.ChartTheme.XChart);
        chart.setTitle(title == null ? "" : title);
        var styler = chart.getStyler();
        style(styler);
        styler.setLegendVisible(false);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(GRID_LINES);
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setAxisTicksMarksVisible(false);
        styler.setAvailableSpaceFill(0.7);
        if (unit) {
            styler.setYAxisMin(0.0);
            styler.setYAxisMax(1.0);
            // with only whole numbers among the data XChart would print just 0 and 1
            styler.setYAxisDecimalPattern("0.0");
        } else {
            // room beyond the longest bars for their numbers
            double room = 0.12 * (hi - lo);
            styler.setYAxisMin(lo < 0 ? lo - room : 0.0);
            styler.setYAxisMax(hi > 0 ? hi + room : 0.0);
        }
        double slot = (width - 100.0) / n;
        double widest = 0;
        for (String s : names) {
            widest = Math.max(widest, width(shorten(s), Fonts.TICK));
        }
        boolean rotate = widest > slot - 6;
        if (rotate) {
            styler.setXAxisLabelRotation(90);
        }
        List<String> shown = thin(names, rotate ? lineHeight(Fonts.TICK) + 2 : widest + 8, slot);
        DecimalFormat format = new DecimalFormat(unit ? "0.00" : cellPattern(Math.max(-lo, hi)),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        String[] text = new String[n];
        double widestText = 0;
        List<Double> heights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text[i] = cellText(values[i], format);
            widestText = Math.max(widestText, width(text[i], Fonts.VALUE));
            heights.add(values[i]);
        }
        CategorySeries s = chart.addSeries("values", shown, heights);
        s.setFillColor(SERIES[0]);
        // numbers only where each fits over its bar; beyond that the axis has to do
        BarLabels barLabels = new BarLabels(values, text);
        barLabels.setVisible(widestText <= slot * 0.95);
        chart.addAnnotation(barLabels);
        return chart;
    }

    /**
     * Bars of one distribution given as a vector or a one-row matrix, e.g. the output of a softmax.
     * Same drawing and rules as {@link #bars(String, List, double[])}.
     */
    public static CategoryChart bars(String title, List<String> labels, INDArray values) {
        SoftLookup.ensureReady();
        double[][] a = entries("values", values);
        if (a.length != 1) {
            throw new IllegalArgumentException("values must be a vector or a one-row matrix [1, n] for bars, but its shape is "
                    + Check.shape(values) + ": pick one row, e.g. values.getRow(0, true)");
        }
        return bars(title, labels, a[0]);
    }

    /** {@link #bars(String, List, INDArray)} with axis titles: what the bars are (x) and what their height means (y). */
    public static CategoryChart bars(String title, String xLabel, String yLabel, List<String> labels, INDArray values) {
        CategoryChart chart = bars(title, labels, values);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        return chart;
    }

    /** Each bar's value just beyond its end (above a positive bar, below a negative one), inside if no room. */
    private static final class BarLabels extends Annotation {
        private final double[] values;
        private final String[] text;

        BarLabels(double[] values, String[] text) {
            super(true);
            this.values = values;
            this.text = text;
        }

        @Override
        public void paint(Graphics2D g) {
            if (!isVisible) {
                return;
            }
            double x0 = getXAxisScreenValueForMin();
            double top = getYAxisScreenValueForMin();
            double bottom = getYAxisScreenValueForMax();
            double plotWidth = getXAxisScreenValueForMax() - x0;
            // the same layout as XChart's bars: categories share the plot content width equally
            double content = ((AxesChartStyler) styler).getPlotContentSize() * plotWidth;
            double step = content / values.length;
            double left = x0 + (plotWidth - content) / 2;
            Font font = Fonts.VALUE;
            g.setFont(font);
            var metrics = font.getLineMetrics("0", g.getFontRenderContext());
            double h = metrics.getAscent() - metrics.getDescent();
            double zero = chart.getScreenYFromChart(0);
            for (int i = 0; i < values.length; i++) {
                double cx = left + step * (i + 0.5);
                double end = chart.getScreenYFromChart(values[i]);
                boolean up = values[i] >= 0;
                double cy = up ? end - 4 - h / 2 : end + 4 + h / 2;
                boolean inside = up ? cy - h / 2 < top : cy + h / 2 > bottom;
                if (inside && Math.abs(end - zero) > h + 8) {
                    cy = up ? end + 4 + h / 2 : end - 4 - h / 2;
                    g.setColor(Color.WHITE);
                } else {
                    g.setColor(INK);
                }
                drawCentered(g, text[i], font, cx, cy);
            }
        }
    }

    // ------------------------------------------------------------------ small multiples

    /**
     * Several charts in one image, left to right then top to bottom, each centred in a cell as big as the largest.
     * What {@link #png} draws; give it heatmaps from {@link #heatmapWeights} to compare, e.g., temperatures.
     */
    public static Grid grid(int columns, Chart<?, ?>... charts) {
        SoftLookup.ensureReady();
        if (charts == null) {
            throw new IllegalArgumentException("charts must not be null");
        }
        return new Grid(columns, Arrays.asList(charts));
    }

    /** {@link #grid(int, Chart[])} for charts made in a stream or a loop, e.g. one per temperature. */
    public static Grid grid(int columns, List<? extends Chart<?, ?>> charts) {
        if (charts == null) {
            throw new IllegalArgumentException("charts must not be null");
        }
        return grid(columns, charts.toArray(new Chart<?, ?>[0]));
    }

    /**
     * Small multiples: charts drawn side by side in {@code columns} columns; {@link #png()} gives the picture.
     * XChart has no type for this, hence a record; its charts stay the learner's to restyle.
     */
    public record Grid(int columns, List<Chart<?, ?>> charts) {

        /** Checks the layout and copies the list, so later changes to the caller's list do not move charts. */
        public Grid {
            if (charts == null || charts.isEmpty()) {
                throw new IllegalArgumentException("a grid needs at least one chart, but got "
                        + (charts == null ? "null" : "none"));
            }
            for (int i = 0; i < charts.size(); i++) {
                if (charts.get(i) == null) {
                    throw new IllegalArgumentException("chart " + i + " of the grid is null");
                }
            }
            if (columns < 1) {
                throw new IllegalArgumentException("columns must be at least 1, but it is " + columns);
            }
            charts = List.copyOf(charts);
        }

        /** Width of one cell: the widest chart. */
        int cellWidth() {
            return charts.stream().mapToInt(Chart::getWidth).max().getAsInt();
        }

        /** Height of one cell: the tallest chart. */
        int cellHeight() {
            return charts.stream().mapToInt(Chart::getHeight).max().getAsInt();
        }

        /** Width of the whole picture in pixels. */
        public int width() {
            return Math.min(columns, charts.size()) * cellWidth();
        }

        /** Height of the whole picture in pixels. */
        public int height() {
            return ((charts.size() + columns - 1) / columns) * cellHeight();
        }

        /** The grid as PNG bytes, one pixel per chart pixel. */
        public byte[] png() {
            return Charts.png(this);
        }

        void paint(Graphics2D g) {
            int cw = cellWidth();
            int ch = cellHeight();
            for (int i = 0; i < charts.size(); i++) {
                Chart<?, ?> c = charts.get(i);
                Graphics2D cg = (Graphics2D) g.create();
                try {
                    cg.translate((i % columns) * cw + (cw - c.getWidth()) / 2,
                            (i / columns) * ch + (ch - c.getHeight()) / 2);
                    cg.clipRect(0, 0, c.getWidth(), c.getHeight());
                    c.paint(cg, c.getWidth(), c.getHeight());
                } finally {
                    cg.dispose();
                }
            }
        }
    }

    // ------------------------------------------------------------------ PNG

    /**
     * The chart as PNG bytes at its own size (one image pixel per chart pixel), for tests, saving and notebooks.
     * Deterministic: the same chart gives the same bytes.
     */
    public static byte[] png(Chart<?, ?> chart) {
        return png(chart, 1);
    }

    /**
     * The chart as PNG bytes drawn {@code scale} times larger (2 for sharp text on high-density screens;
     * show it at the chart's own width). Deterministic like {@link #png(Chart)}.
     */
    public static byte[] png(Chart<?, ?> chart, int scale) {
        SoftLookup.ensureReady();
        if (chart == null) {
            throw new IllegalArgumentException("chart must not be null");
        }
        return encode(chart.getWidth(), chart.getHeight(), scale, g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
    }

    /**
     * A grid of charts as PNG bytes at its own size; with {@link #png(Chart)} this covers everything
     * {@code Charts} builds.
     */
    public static byte[] png(Grid grid) {
        return png(grid, 1);
    }

    /** A grid of charts as PNG bytes drawn {@code scale} times larger, like {@link #png(Chart, int)}. */
    public static byte[] png(Grid grid, int scale) {
        SoftLookup.ensureReady();
        if (grid == null) {
            throw new IllegalArgumentException("grid must not be null");
        }
        return encode(grid.width(), grid.height(), scale, grid::paint);
    }

    private static byte[] encode(int width, int height, int scale, Consumer<Graphics2D> painter) {
        if (scale < 1 || scale > 4) {
            throw new IllegalArgumentException("scale must be 1, 2, 3 or 4, but it is " + scale);
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // ImageIO's PNG writer adds no time stamp, so equal pixels give equal bytes.
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this Java has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ shared

    /**
     * Enough decimals for ticks about a fifth of the range apart, and always a leading zero: XChart's own choice
     * prints ".01" beside "-0.005".
     */
    static String tickPattern(double lo, double hi) {
        double span = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1e-12);
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(span / 5))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** The look every chart shares: white, quiet axes, DejaVu Sans, locale-free numbers. */
    static void style(AxesChartStyler styler) {
        styler.setLocale(Locale.ROOT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartFontColor(INK);
        styler.setAxisTickLabelsColor(SOFT_INK);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(Fonts.TITLE);
        styler.setAxisTitleFont(Fonts.AXIS_TITLE);
        styler.setAxisTickLabelsFont(Fonts.TICK);
        styler.setLegendFont(Fonts.LEGEND);
        styler.setAnnotationTextFont(Fonts.VALUE);
        styler.setToolTipsEnabled(false);
        styler.setChartPadding(12);
        styler.setAntiAlias(true);
    }

    /**
     * The entries of a DOUBLE matrix (a vector counts as one row), which may include NaN and infinities.
     * Null, empty, other ranks and other data types are rejected with the library's usual messages.
     */
    static double[][] entries(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        INDArray m = x.rank() == 1 ? x.reshape(1, x.length()) : x;
        if (x.rank() == 1 && x.length() == 0) {
            throw new IllegalArgumentException(name + " is empty (shape " + Check.shape(x)
                    + "): there is nothing to show");
        }
        Check.type(name, m);
        double[] flat = Check.entries(m);  // one bulk copy, not one per row
        double[][] rows = new double[(int) m.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * (int) m.columns(), (i + 1) * (int) m.columns());
        }
        return rows;
    }

    /** The given labels, or 0, 1, 2, ... when null; the count must match what they label. */
    static List<String> labels(String name, List<String> given, int count, String what) {
        if (given == null) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(Integer.toString(i));
            }
            return out;
        }
        if (given.size() != count) {
            throw new IllegalArgumentException(name + " has " + given.size() + " labels, but there are " + count
                    + " " + what + ": give one label per " + what.replaceAll("s$", "") + " (or null for 0, 1, 2, ...)");
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new IllegalArgumentException(name + " has null at index " + i + ": every label must be a string");
            }
        }
        return new ArrayList<>(given);
    }

    /**
     * Keeps every k-th label (k as small as lets each kept label have {@code need} pixels) and blanks the rest.
     * Blank is a space: XChart cannot lay out an empty string.
     */
    private static List<String> thin(List<String> labels, double need, double slot) {
        int every = Math.max(1, (int) Math.ceil(need / slot));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            out.add(i % every == 0 ? nonBlank(shorten(labels.get(i))) : " ");
        }
        return out;
    }

    private static String nonBlank(String s) {
        return s.isEmpty() ? " " : s;
    }

    /** Long labels lose their middle, not their end: "keyword_number_10" and "_11" must stay apart. */
    static String shorten(String s) {
        if (s.length() <= MAX_LABEL_CHARS) {
            return s;
        }
        int tail = (MAX_LABEL_CHARS - 1) / 2;
        int head = MAX_LABEL_CHARS - 1 - tail;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
    }

    static double width(String s, Font font) {
        return s == null || s.isEmpty() ? 0 : font.getStringBounds(s, MEASURE).getWidth();
    }

    private static double lineHeight(Font font) {
        return font.getLineMetrics("Ag", MEASURE).getHeight();
    }

    private static void drawCentered(Graphics2D g, String s, Font font, double cx, double cy) {
        var metrics = font.getLineMetrics(s, g.getFontRenderContext());
        double w = font.getStringBounds(s, g.getFontRenderContext()).getWidth();
        g.setFont(font);
        g.drawString(s, (float) (cx - w / 2), (float) (cy + (metrics.getAscent() - metrics.getDescent()) / 2));
    }

    private static Color[] colors(String... hex) {
        Color[] out = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) {
            out[i] = new Color(Integer.parseInt(hex[i], 16));
        }
        return out;
    }

    /**
     * DejaVu Sans, so text has the same metrics on every machine that has it: looked up by name, then in the
     * usual font folders; if neither works, Java's logical SansSerif (the picture then differs by machine).
     * A holder class, so fonts load on first use, after {@link SoftLookup#ensureReady()} made AWT headless.
     */
    static final class Fonts {
        static final String FAMILY = family();
        static final Font TITLE = new Font(FAMILY, Font.BOLD, 15);
        static final Font AXIS_TITLE = new Font(FAMILY, Font.PLAIN, 13);
        static final Font TICK = new Font(FAMILY, Font.PLAIN, 12);
        static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 12);
        static final Font VALUE = new Font(FAMILY, Font.PLAIN, 12);

        private Fonts() {
        }

        private static String family() {
            GraphicsEnvironment env = GraphicsEnvironment.getLocalGraphicsEnvironment();
            if (Arrays.asList(env.getAvailableFontFamilyNames(Locale.ROOT)).contains("DejaVu Sans")) {
                return "DejaVu Sans";
            }
            String[] places = {"/usr/share/fonts/truetype/dejavu/", "/usr/share/fonts/TTF/", "/usr/share/fonts/dejavu/",
                    "/usr/share/fonts/dejavu-sans-fonts/", "/usr/local/share/fonts/", "/Library/Fonts/",
                    System.getProperty("user.home") + "/Library/Fonts/", "C:\\Windows\\Fonts\\"};
            String found = null;
            for (String place : places) {
                for (String file : new String[]{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}) {
                    try {
                        File f = new File(place, file);
                        if (f.isFile()) {
                            Font font = Font.createFont(Font.TRUETYPE_FONT, f);
                            env.registerFont(font);
                            found = font.getFamily(Locale.ROOT);
                        }
                    } catch (Exception e) {
                        // an unreadable font file is not worth failing a chart for; try the next place
                    }
                }
                if (found != null) {
                    return found;
                }
            }
            return Font.SANS_SERIF;
        }
    }

    /**
     * Points in the plane, one marker per row of each set {@code [n, 2]} (e.g. keys before and after training), the
     * same scale on both axes and the unit circle in grey; {@code labels} name the rows (null for none).
     */
    public static XYChart points(String title, String xLabel, String yLabel, Map<String, INDArray> sets,
                                 List<String> labels) {
        return PointsChart.of(title, xLabel, yLabel, sets, labels);
    }
}
