package org.softlookup.view;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;

/**
 * A colour swatch: a rectangle filled with the colour whose red, green and blue amounts are given, each in [0, 1],
 * with the amounts written under it (what a lookup in the colour table returns, shown as the colour it is).
 */
final class Swatch {

    static final int SIZE = Style.HEIGHT;
    /** How far an amount may stray outside [0, 1] by rounding (a weighted average of amounts in [0, 1]). */
    private static final double ROUNDING = 1e-9;

    private static final String[] CHANNELS = {"R", "G", "B"};

    private Swatch() {}

    static XYChart swatch(String title, INDArray rgb) {
        double[][] a = Check.entriesByRow("rgb", rgb);
        if (a.length != 1 || a[0].length != 3) {
            throw new IllegalArgumentException("rgb must hold 3 amounts (red, green, blue) as a vector or a one-row "
                    + "matrix [1, 3], but its shape is " + Check.shape(rgb));
        }
        float[] amounts = new float[3];
        for (int c = 0; c < 3; c++) {
            double x = a[0][c];
            if (!(x >= -ROUNDING && x <= 1 + ROUNDING)) {
                throw new IllegalArgumentException("rgb[" + c + "] (" + CHANNELS[c] + ") is " + x
                        + ": each amount of a colour must lie in [0, 1]");
            }
            amounts[c] = (float) Math.max(0, Math.min(1, x));
        }
        XYChart chart = new XYChart(SIZE, SIZE, Style.THEME);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(String.format(Locale.ROOT, "R %.3f,  G %.3f,  B %.3f", a[0][0], a[0][1], a[0][2]));
        var styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridLinesVisible(false);
        styler.setXAxisTicksVisible(false);
        styler.setYAxisTicksVisible(false);
        styler.setYAxisTitleVisible(false);
        // XChart draws no plot without a series: an invisible one spans the plot, which the swatch then fills.
        XYSeries frame = chart.addSeries("swatch", new double[] {0, 1}, new double[] {0, 1});
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineColor(new Color(0, 0, 0, 0));
        chart.addAnnotation(new Fill(new Color(amounts[0], amounts[1], amounts[2])));
        return chart;
    }

    /** The plot area filled with the colour, framed in grey so that a white or near-white swatch still shows. */
    private static final class Fill extends Annotation {
        private final Color colour;

        Fill(Color colour) {
            super(true);
            this.colour = colour;
        }

        @Override
        public void paint(Graphics2D g) {
            double left = getXAxisScreenValueForMin(), right = getXAxisScreenValueForMax();
            double top = getYAxisScreenValueForMax(), bottom = getYAxisScreenValueForMin();
            Rectangle2D area = new Rectangle2D.Double(
                    Math.min(left, right), Math.min(top, bottom), Math.abs(right - left), Math.abs(bottom - top));
            g.setColor(colour);
            g.fill(area);
            g.setColor(Style.FRAME);
            g.draw(area);
        }
    }
}
