package org.softlookup.view;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Setup;

/**
 * The pictures of the course: attention heatmaps, curves of a sweep, bars of one distribution, small multiples.
 * Every builder returns the XChart object, so a learner can restyle it; {@link #png} turns it into an image.
 * Drawing is headless and deterministic: the same input gives the same bytes, in DejaVu Sans where installed.
 * One class per kind of chart stands behind this one ({@code Heatmap}, {@code Lines}, {@code Bars}, {@link Grid},
 * {@code Png}), all in the course's {@code Style}.
 */
public final class Charts {

    private Charts() {}

    static {
        Setup.ensureReady(); // headless AWT before the first font or image
    }

    /**
     * A heatmap of a matrix as it is written (row 0 on top), labelled, with its numbers when it is at most 12 x 12.
     * Data with no negative entry get a white-to-blue scale from 0; signed data (gradients) a blue-white-red
     * scale centred on 0 and symmetric, so the sign of a cell is its hue. NaN and infinities are shown as grey
     * hatched cells (labelled when numbers are shown), never as an error. Label lists may be null (0, 1, 2, ...).
     */
    public static HeatMapChart heatmap(INDArray matrix, List<String> rowLabels, List<String> colLabels, String title) {
        return Heatmap.heatmap(matrix, rowLabels, colLabels, title);
    }

    /**
     * A heatmap of attention weights on the fixed range 0..1, so heatmaps of different weights compare cell by cell.
     * Entries must lie in [0, 1] (NaN is drawn grey, as in {@link #heatmap}); numbers shown with two decimals.
     */
    public static HeatMapChart heatmapWeights(
            INDArray weights, List<String> rowLabels, List<String> colLabels, String title) {
        return Heatmap.heatmapWeights(weights, rowLabels, colLabels, title);
    }

    /**
     * One line per column of {@code columns} {@code [x.length, k]}, named by {@code names}: for a sweep whose rows are
     * the steps, such as the weights of every key as the query moves. Same drawing as the Map version.
     */
    public static XYChart lines(
            String title, String xLabel, String yLabel, double[] x, INDArray columns, List<String> names) {
        return Lines.lines(title, xLabel, yLabel, x, columns, names);
    }

    /**
     * Curves of one or more series over a common x, e.g. a weight or a partial derivative as one input sweeps.
     * No markers (unless x has a single point); a grey zero line when the data cross zero; NaN in a series leaves
     * a gap in its curve, an infinity is an error. Series keep the map's order if it has one, else go alphabetical.
     * Series all named after colours (R, G, B, red, yellow, …) are drawn in those colours.
     */
    public static XYChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        return Lines.lines(title, xLabel, yLabel, x, series);
    }

    /**
     * Bars of one distribution, e.g. the softmax weights of a query over the keys, with their values printed.
     * Values all in [0, 1] get the fixed axis 0..1 (distributions compare across charts); otherwise the axis
     * includes 0. NaN or infinite values are an error: a bar needs a height. Labels may be null (0, 1, 2, ...).
     */
    public static CategoryChart bars(String title, List<String> labels, double[] values) {
        return Bars.bars(title, labels, values);
    }

    /**
     * Bars of one distribution given as a vector or a one-row matrix, e.g. the output of a softmax.
     * Same drawing and rules as {@link #bars(String, List, double[])}.
     */
    public static CategoryChart bars(String title, List<String> labels, INDArray values) {
        return Bars.bars(title, labels, values);
    }

    /**
     * {@link #bars(String, List, INDArray)} with axis titles: what the bars are (x) and what their height means
     * (y).
     */
    public static CategoryChart bars(String title, String xLabel, String yLabel, List<String> labels, INDArray values) {
        return Bars.bars(title, xLabel, yLabel, labels, values);
    }

    /**
     * Several charts in one image, left to right then top to bottom, each centred in a cell as big as the largest.
     * What {@link #png} draws; give it heatmaps from {@link #heatmapWeights} to compare, e.g., temperatures.
     */
    public static Grid grid(int columns, Chart<?, ?>... charts) {
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
     * The chart as PNG bytes at its own size (one image pixel per chart pixel), for tests, saving and notebooks.
     * Deterministic: the same chart gives the same bytes.
     */
    public static byte[] png(Chart<?, ?> chart) {
        return Png.png(chart, 1);
    }

    /**
     * The chart as PNG bytes drawn {@code scale} times larger (2 for sharp text on high-density screens;
     * show it at the chart's own width). Deterministic like {@link #png(Chart)}.
     */
    public static byte[] png(Chart<?, ?> chart, int scale) {
        return Png.png(chart, scale);
    }

    /**
     * A grid of charts as PNG bytes at its own size; with {@link #png(Chart)} this covers everything
     * {@code Charts} builds.
     */
    public static byte[] png(Grid grid) {
        return Png.png(grid, 1);
    }

    /** A grid of charts as PNG bytes drawn {@code scale} times larger, like {@link #png(Chart, int)}. */
    public static byte[] png(Grid grid, int scale) {
        return Png.png(grid, scale);
    }

    /**
     * Points in the plane, one marker per row of each set {@code [n, 2]} (e.g. keys before and after training), the
     * same scale on both axes and the unit circle in grey; {@code labels} name the rows (null for none).
     */
    public static XYChart points(
            String title, String xLabel, String yLabel, Map<String, INDArray> sets, List<String> labels) {
        return Points.of(title, xLabel, yLabel, sets, labels);
    }

    /**
     * A colour swatch: a rectangle in the colour of red, green and blue amounts {@code rgb} (each in [0, 1]; a vector
     * or a one-row matrix [1, 3]), labelled with them, e.g. the output of a lookup in the colour table.
     */
    public static XYChart swatch(String title, INDArray rgb) {
        return Swatch.swatch(title, rgb);
    }
}
