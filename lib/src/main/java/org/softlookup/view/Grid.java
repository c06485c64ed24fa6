package org.softlookup.view;

import java.awt.Graphics2D;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Small multiples: charts drawn side by side in {@code columns} columns; {@link #png()} gives the picture.
 * XChart has no type for this, hence a record; its charts stay the learner's to restyle.
 */
public record Grid(int columns, List<Chart<?, ?>> charts) {

    /** Checks the layout and copies the list, so later changes to the caller's list do not move charts. */
    public Grid {
        if (charts == null || charts.isEmpty()) {
            throw new IllegalArgumentException(
                    "a grid needs at least one chart, but got " + (charts == null ? "null" : "none"));
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
        return Png.png(this, 1);
    }

    void paint(Graphics2D g) {
        int cw = cellWidth();
        int ch = cellHeight();
        for (int i = 0; i < charts.size(); i++) {
            Chart<?, ?> c = charts.get(i);
            Graphics2D cg = (Graphics2D) g.create();
            try {
                cg.translate(
                        (i % columns) * cw + (cw - c.getWidth()) / 2, (i / columns) * ch + (ch - c.getHeight()) / 2);
                cg.clipRect(0, 0, c.getWidth(), c.getHeight());
                c.paint(cg, c.getWidth(), c.getHeight());
            } finally {
                cg.dispose();
            }
        }
    }
}
