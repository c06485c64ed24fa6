package org.softlookup.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;

/** Curves of a sweep: one line per series over a common x, a zero line when the data cross zero. */
final class Lines {

    private Lines() {}

    /**
     * One line per column of {@code columns} {@code [x.length, k]}, named by {@code names}: for a sweep whose rows are
     * the steps, such as the weights of every key as the query moves. Same drawing as the Map version.
     */
    static XYChart lines(String title, String xLabel, String yLabel, double[] x, INDArray columns, List<String> names) {
        double[][] a = Check.entriesByRow("columns", columns); // NaN allowed, as in the Map version: a gap in the line
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
    static XYChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException(
                    "x must hold at least one value, but it is " + (x == null ? "null" : "empty"));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x[" + i + "] is " + x[i] + ": every x must be a finite number");
            }
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException(
                    "series must hold at least one named series, but it is " + (series == null ? "null" : "empty"));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : Labels.ordered(series).entrySet()) {
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

        XYChart chart = new XYChart(Style.WIDTH, Style.HEIGHT, Style.THEME);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        var styler = chart.getStyler();
        Style.locale(styler);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesColor(Style.GRID_LINES);
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
        XYSeries axis = chart.addSeries(
                Labels.unique(series, "y = 0"),
                new double[] {xMax, xMin},
                crossesZero ? new double[] {0, 0} : new double[] {Double.NaN, Double.NaN});
        axis.setLineColor(Style.ZERO_LINE);
        axis.setLineStyle(new BasicStroke(1f));
        axis.setMarker(SeriesMarkers.NONE);
        axis.setShowInLegend(false);
        boolean named = series.keySet().stream().allMatch(n -> Style.NAMED.containsKey(n.toLowerCase(Locale.ROOT)));
        int k = 0;
        for (Map.Entry<String, double[]> e : Labels.ordered(series).entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), x.clone(), e.getValue().clone());
            Color ink = named
                    ? Style.NAMED.get(e.getKey().toLowerCase(Locale.ROOT))
                    : Style.SERIES[k % Style.SERIES.length];
            s.setLineColor(ink);
            // Beyond the palette, a dash pattern keeps series apart without relying on colour.
            s.setLineStyle(
                    k < Style.SERIES.length
                            ? new BasicStroke(2f)
                            : new BasicStroke(
                                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            s.setMarker(x.length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setMarkerColor(ink);
            k++;
        }
        return chart;
    }

    /**
     * Enough decimals for ticks about a fifth of the range apart, and always a leading zero: XChart's own choice
     * prints ".01" beside "-0.005".
     */
    static String tickPattern(double lo, double hi) {
        double span = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1e-12);
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(span / 5))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }
}
