package org.softlookup.view;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;

/**
 * Heatmaps of matrices: a sequential scale from 0 or a diverging one centred on 0, square cells, numbers in the
 * cells of small matrices, thinned labels. {@link HeatmapOverlay} paints what XChart's heatmap cannot.
 */
final class Heatmap {

    private static final double GRID_PX = 480; // the longer side of a heatmap's cell grid
    private static final double MAX_CELL_PX = 64; // small matrices should not become posters
    private static final int LEGEND_PADDING = 6;

    private Heatmap() {}

    /**
     * A heatmap of a matrix as it is written (row 0 on top), labelled, with its numbers when it is at most 12 x 12.
     * Data with no negative entry get a white-to-blue scale from 0; signed data (gradients) a blue-white-red
     * scale centred on 0 and symmetric, so the sign of a cell is its hue. NaN and infinities are shown as grey
     * hatched cells (labelled when numbers are shown), never as an error. Label lists may be null (0, 1, 2, ...).
     */
    static HeatMapChart heatmap(INDArray matrix, List<String> rowLabels, List<String> colLabels, String title) {
        double[][] a = Check.entriesByRow("matrix", matrix);
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
                ? heatmap(a, rowLabels, colLabels, title, Style.DIVERGING, -top, top, pattern)
                : heatmap(a, rowLabels, colLabels, title, Style.SEQUENTIAL, 0, top, pattern);
    }

    /**
     * A heatmap of attention weights on the fixed range 0..1, so heatmaps of different weights compare cell by cell.
     * Entries must lie in [0, 1] (NaN is drawn grey, as in {@link #heatmap}); numbers shown with two decimals.
     */
    static HeatMapChart heatmapWeights(INDArray weights, List<String> rowLabels, List<String> colLabels, String title) {
        double[][] a = Check.entriesByRow("weights", weights);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double v = a[i][j];
                if (v < -1e-9 || v > 1 + 1e-9 || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("weights[" + i + ", " + j + "] is " + v
                            + ", but attention weights lie in [0, 1]: use Charts.heatmap for other matrices");
                }
            }
        }
        return heatmap(a, rowLabels, colLabels, title, Style.SEQUENTIAL, 0, 1, "0.00");
    }

    private static HeatMapChart heatmap(
            double[][] a,
            List<String> rowLabels,
            List<String> colLabels,
            String title,
            Color[] palette,
            double min,
            double max,
            String pattern) {
        int rows = a.length;
        int cols = a[0].length;
        List<String> rowNames = Labels.labels("rowLabels", rowLabels, rows, "rows");
        List<String> colNames = Labels.labels("colLabels", colLabels, cols, "columns");

        boolean showValues = rows <= Style.MAX_CELLS_WITH_VALUES && cols <= Style.MAX_CELLS_WITH_VALUES;
        DecimalFormat format = Numbers.pattern(pattern);
        String[][] text = new String[rows][cols];
        double widestText = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                text[i][j] = format.format(a[i][j]);
                widestText = Math.max(widestText, Labels.width(text[i][j], Fonts.VALUE));
            }
        }
        double cell = Math.min(MAX_CELL_PX, GRID_PX / Math.max(rows, cols));
        if (showValues) {
            cell = Math.max(cell, widestText + 10);
        }

        // Labels the cells cannot hold are thinned (every k-th kept), never overlapped.
        double widestCol = 0;
        for (String s : colNames) {
            widestCol = Math.max(widestCol, Labels.width(Labels.shorten(s), Fonts.TICK));
        }
        boolean rotate = widestCol > cell - 6;
        List<String> shownCols =
                Labels.thin(colNames, rotate ? Labels.lineHeight(Fonts.TICK) + 2 : widestCol + 8, cell);
        List<String> shownRows = Labels.thin(rowNames, Labels.lineHeight(Fonts.TICK) + 2, cell);

        // XChart puts y index 0 at the bottom; the matrix has row 0 on top, so rows go in reversed.
        List<String> yData = new ArrayList<>(shownRows);
        Collections.reverse(yData);
        List<Number[]> heat = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // Non-finite cells are left to the overlay; XChart would paint NaN black.
                if (Double.isFinite(a[i][j])) {
                    heat.add(new Number[] {j, rows - 1 - i, a[i][j]});
                }
            }
        }
        if (heat.isEmpty()) {
            heat.add(null); // XChart wants at least one entry; null ones are skipped when painting
        }

        HeatMapChart chart = new HeatMapChart(Style.WIDTH, Style.HEIGHT, Style.THEME);
        chart.setTitle(title == null ? "" : title);
        var styler = chart.getStyler();
        Style.locale(styler);
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
    private static void fitSquareCells(
            HeatMapChart chart, HeatmapOverlay overlay, double gridWidth, double gridHeight) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
            int minWidth = (int) Math.ceil(Labels.width(chart.getTitle(), Fonts.TITLE)) + 40;
            int w = Math.max(minWidth, (int) Math.round(chart.getWidth() + gridWidth - overlay.plot.getWidth()));
            int h = (int) Math.round(chart.getHeight() + gridHeight - overlay.plot.getHeight());
            // paint() is the only public way to set a chart's size
            chart.paint(g, Math.max(w, 200), Math.max(h, 160));
        } finally {
            g.dispose();
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
        return new Color(
                (int) (a.getRed() + t * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    /** Enough decimals for two or three significant digits of the largest entry; scientific when tiny. */
    static String cellPattern(double maxAbs) {
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
        for (String step : new String[] {"1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10"}) {
            // parsing "2.5E-2" gives the double nearest 0.025, which prints as 0.025, unlike 2.5 * 0.01
            double nice = Double.parseDouble(step + "E" + k);
            if (Double.parseDouble(step) >= m * (1 - 1e-12)) {
                return nice;
            }
        }
        return Double.parseDouble("1E" + (k + 1));
    }
}
