package org.softlookup.view;

import com.pngencoder.PngEncoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;
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

    /**
     * zlib's level for every chart: 4 of 9, the JDK's ImageIO writer's own, at which pngencoder compresses the pixels
     * into the same zlib stream ImageIO did (same size to the byte, only cut into IDAT chunks elsewhere) in half the
     * time; 6 is 2–12 % smaller and 5–16 % slower, 9 three to four times slower (docs/performance.md, "Sharp charts").
     */
    static final int LEVEL = 4;

    private static byte[] encode(int width, int height, int scale, Consumer<Graphics2D> painter) {
        return encode(paint(width, height, scale, painter));
    }

    /** The picture: white, then what {@code painter} draws, antialiased, {@code scale} times larger. */
    static BufferedImage paint(int width, int height, int scale, Consumer<Graphics2D> painter) {
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
        return image;
    }

    /**
     * PNG bytes of the picture by pngencoder, on the calling thread alone: its compression on several threads
     * would compete with the kernel's own for a small machine's cores, and one thread keeps equal pixels giving
     * equal bytes without depending on how many cores there are. No time stamp is written.
     */
    static byte[] encode(BufferedImage image) {
        return new PngEncoder()
                .withBufferedImage(image)
                .withCompressionLevel(LEVEL)
                .withMultiThreadedCompressionEnabled(false)
                .toBytes();
    }
}
