package org.softlookup.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.Styler;

/**
 * Draws what XChart's heatmap cannot: numbers in a colour that reads on each cell, and NaN/infinite cells.
 * It sees the plot through XChart's Annotation, which is the one public hook into a chart's layout.
 */
final class HeatmapOverlay extends Annotation {
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
                    widest = Math.max(widest, Labels.width(s, font));
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
                    fills[i][j] = Heatmap.colorOf(a[i][j], lo, hi, styler.getRangeColors());
                } else {
                    fills[i][j] = Style.NOT_A_NUMBER;
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
                    if (fills[i][j] == Style.NOT_A_NUMBER) {
                        // a patch of plain grey under the word, so the hatching does not cross it
                        Rectangle2D t = font.getStringBounds(text[i][j], g.getFontRenderContext());
                        g.setColor(Style.NOT_A_NUMBER);
                        g.fill(new Rectangle2D.Double(
                                cell.getCenterX() - t.getWidth() / 2 - 3,
                                cell.getCenterY() - t.getHeight() / 2 - 1,
                                t.getWidth() + 6,
                                t.getHeight() + 2));
                    }
                    g.setColor(Heatmap.luminance(fills[i][j]) < 0.4 ? Color.WHITE : Style.INK);
                    Labels.drawCentered(g, text[i][j], font, cell.getCenterX(), cell.getCenterY());
                }
            }
        }
        g.setClip(clip);
        // A frame, so the edge of a matrix of near-white cells is still visible on a white page.
        g.setColor(Style.FRAME);
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
        if (!styler.isLegendVisible()
                || styler.isPiecewise()
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
        double textWidth = Math.max(
                new TextLayout(lo + "", font, frc).getBounds().getWidth(),
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
        g.setColor(Style.NOT_A_NUMBER);
        g.fill(r);
        Shape clip = g.getClip();
        g.clip(r);
        g.setColor(Style.HATCH);
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
