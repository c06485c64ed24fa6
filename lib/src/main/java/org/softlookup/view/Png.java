package org.softlookup.view;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/** PNG bytes of a chart or a grid: headless, antialiased, deterministic (the same chart gives the same bytes). */
final class Png {

    private Png() {}

    /**
     * The chart as PNG bytes at its own size (one image pixel per chart pixel), for tests, saving and notebooks.
     * Deterministic: the same chart gives the same bytes.
     */
    static byte[] png(Chart<?, ?> chart) {
        return png(chart, 1);
    }

    /**
     * The chart as PNG bytes drawn {@code scale} times larger (2 for sharp text on high-density screens;
     * show it at the chart's own width). Deterministic like {@link #png(Chart)}.
     */
    static byte[] png(Chart<?, ?> chart, int scale) {
        if (chart == null) {
            throw new IllegalArgumentException("chart must not be null");
        }
        return encode(
                chart.getWidth(), chart.getHeight(), scale, g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
    }

    /**
     * A grid of charts as PNG bytes at its own size; with {@link #png(Chart)} this covers everything
     * {@code Charts} builds.
     */
    static byte[] png(Grid grid) {
        return png(grid, 1);
    }

    /** A grid of charts as PNG bytes drawn {@code scale} times larger, like {@link #png(Chart, int)}. */
    static byte[] png(Grid grid, int scale) {
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
}
