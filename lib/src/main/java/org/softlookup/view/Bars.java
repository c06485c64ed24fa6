package org.softlookup.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.AxesChartStyler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;

/** Bars of one distribution, with their values printed just beyond their ends. */
final class Bars {

    private Bars() {}

    /**
     * Bars of one distribution, e.g. the softmax weights of a query over the keys, with their values printed.
     * Values all in [0, 1] get the fixed axis 0..1 (distributions compare across charts); otherwise the axis
     * includes 0. NaN or infinite values are an error: a bar needs a height. Labels may be null (0, 1, 2, ...).
     */
    static CategoryChart bars(String title, List<String> labels, double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(
                    "values must hold at least one number, but it is " + (values == null ? "null" : "empty"));
        }
        boolean unit = true;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "values[" + i + "] is " + values[i] + ": every bar needs a finite height");
            }
            unit &= values[i] >= 0 && values[i] <= 1;
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        List<String> names = Labels.labels("labels", labels, values.length, "values");
        int n = values.length;
        int width = (int) Math.min(900, Math.max(Style.WIDTH, 120 + 44.0 * n));
        CategoryChart chart = new CategoryChart(width, Style.HEIGHT, Style.THEME);
        chart.setTitle(title == null ? "" : title);
        var styler = chart.getStyler();
        Style.locale(styler);
        styler.setLegendVisible(false);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(Style.GRID_LINES);
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
            widest = Math.max(widest, Labels.width(Labels.shorten(s), Fonts.TICK));
        }
        boolean rotate = widest > slot - 6;
        if (rotate) {
            styler.setXAxisLabelRotation(90);
        }
        List<String> shown = Labels.thin(names, rotate ? Labels.lineHeight(Fonts.TICK) + 2 : widest + 8, slot);
        DecimalFormat format = Numbers.pattern(unit ? "0.00" : Heatmap.cellPattern(Math.max(-lo, hi)));
        String[] text = new String[n];
        double widestText = 0;
        List<Double> heights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text[i] = format.format(values[i]);
            widestText = Math.max(widestText, Labels.width(text[i], Fonts.VALUE));
            heights.add(values[i]);
        }
        CategorySeries s = chart.addSeries("values", shown, heights);
        s.setFillColor(Style.SERIES[0]);
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
    static CategoryChart bars(String title, List<String> labels, INDArray values) {
        double[][] a = Check.entriesByRow("values", values);
        if (a.length != 1) {
            throw new IllegalArgumentException(
                    "values must be a vector or a one-row matrix [1, n] for bars, but its shape is "
                            + Check.shape(values) + ": pick one row, e.g. values.getRow(0, true)");
        }
        return bars(title, labels, a[0]);
    }

    /**
     * {@link #bars(String, List, INDArray)} with axis titles: what the bars are (x) and what their height means
     * (y).
     */
    static CategoryChart bars(String title, String xLabel, String yLabel, List<String> labels, INDArray values) {
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
                    g.setColor(Style.INK);
                }
                Labels.drawCentered(g, text[i], font, cx, cy);
            }
        }
    }
}
