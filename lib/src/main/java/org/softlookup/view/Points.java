package org.softlookup.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;

/**
 * Points in the plane, e.g. two-dimensional keys before and after training: one marker per row of each set, the same
 * scale on both axes, and the unit circle in grey, where the hue queries (cos h, sin h) lie.
 */
final class Points {

    static final int SIZE = 520;
    static final Color CIRCLE = new Color(0xb0b0b0);
    private static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP
    };
    private static final int CIRCLE_STEPS = 180;

    private Points() {}

    static XYChart of(String title, String xLabel, String yLabel, Map<String, INDArray> sets, List<String> labels) {
        if (sets == null || sets.isEmpty()) {
            throw new IllegalArgumentException(
                    "sets must hold at least one named set of points, but it is " + (sets == null ? "null" : "empty"));
        }
        Map<String, INDArray> ordered = Labels.ordered(sets);
        double reach = 1; // the unit circle is always inside
        List<double[][]> points = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : ordered.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("sets has a null name");
            }
            String name = "points \"" + e.getKey() + "\"";
            Check.matrix(name, e.getValue());
            if (e.getValue().columns() != 2) {
                throw new IllegalArgumentException(name + " must have 2 columns (x, y), one point per row, "
                        + "but its shape is " + Check.shape(e.getValue()));
            }
            if (labels != null) {
                Labels.labels("labels", labels, (int) e.getValue().rows(), "points");
            }
            double[][] xy = e.getValue().toDoubleMatrix();
            for (double[] p : xy) {
                reach = Math.max(reach, Math.max(Math.abs(p[0]), Math.abs(p[1])));
            }
            points.add(xy);
        }
        double r = Heatmap.niceCeil(reach * 1.08); // room for the labels beside the outermost points

        XYChart chart = new XYChart(SIZE, SIZE + 40, Style.THEME);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xLabel == null ? "" : xLabel);
        chart.setYAxisTitle(yLabel == null ? "" : yLabel);
        var styler = chart.getStyler();
        Style.locale(styler);
        styler.setPlotBorderVisible(true);
        styler.setPlotGridLinesColor(new Color(0xe6e6e6));
        styler.setAxisTicksMarksVisible(false);
        styler.setLegendVisible(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setMarkerSize(11);
        styler.setXAxisMin(-r);
        styler.setXAxisMax(r);
        styler.setYAxisMin(-r);
        styler.setYAxisMax(r);
        styler.setXAxisDecimalPattern(Lines.tickPattern(-r, r));
        styler.setYAxisDecimalPattern(Lines.tickPattern(-r, r));

        double[] cx = new double[CIRCLE_STEPS + 1], cy = new double[CIRCLE_STEPS + 1];
        for (int i = 0; i <= CIRCLE_STEPS; i++) {
            double a = 2 * Math.PI * i / CIRCLE_STEPS;
            cx[i] = Math.cos(a);
            cy[i] = Math.sin(a);
        }
        XYSeries circle = chart.addSeries(Labels.unique(ordered, "unit circle"), cx, cy);
        circle.setLineColor(CIRCLE);
        circle.setLineStyle(new BasicStroke(1.5f));
        circle.setMarker(SeriesMarkers.NONE);
        circle.setShowInLegend(false);

        int k = 0;
        for (Map.Entry<String, INDArray> e : ordered.entrySet()) {
            double[][] xy = points.get(k);
            double[] x = new double[xy.length], y = new double[xy.length];
            for (int i = 0; i < xy.length; i++) {
                x[i] = xy[i][0];
                y[i] = xy[i][1];
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            Color ink = Style.SERIES[k % Style.SERIES.length];
            s.setMarker(MARKERS[k % MARKERS.length]);
            s.setMarkerColor(ink);
            if (labels != null) {
                chart.addAnnotation(new PointLabels(x, y, labels, ink));
            }
            k++;
        }
        return chart;
    }

    /** Each point's label just above and right of its marker, in the marker's colour. */
    private static final class PointLabels extends Annotation {
        private final double[] x;
        private final double[] y;
        private final List<String> text;
        private final Color ink;

        PointLabels(double[] x, double[] y, List<String> text, Color ink) {
            super(true);
            this.x = x;
            this.y = y;
            this.text = text;
            this.ink = ink;
        }

        @Override
        public void paint(Graphics2D g) {
            g.setFont(Fonts.VALUE);
            g.setColor(ink);
            for (int i = 0; i < x.length; i++) {
                float sx = (float) chart.getScreenXFromChart(x[i]) + 7;
                float sy = (float) chart.getScreenYFromChart(y[i]) - 7;
                g.drawString(text.get(i), sx, sy);
            }
        }
    }
}
