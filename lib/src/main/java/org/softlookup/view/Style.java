package org.softlookup.view;

import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.theme.Theme;
import org.knowm.xchart.style.theme.XChartTheme;

/**
 * The look every chart shares: sizes, colour-blind-safe palettes, quiet ink, DejaVu Sans, as an XChart theme.
 */
final class Style {

    /** Size of a line or bar chart: fits a notebook column without scaling. */
    static final int WIDTH = 600;

    static final int HEIGHT = 400;

    /** Matrices up to this many rows and columns show their numbers in the cells. */
    static final int MAX_CELLS_WITH_VALUES = 12;

    // ColorBrewer "Blues": one hue, light to dark, so order reads correctly without colour vision.
    static final Color[] SEQUENTIAL =
            colors("f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5", "08519c", "08306b");
    // ColorBrewer "RdBu" reversed: negative blue, zero white, positive red; safe for red-green colour blindness
    // because the two arms differ in blue-yellow and in lightness, not only in red-green.
    static final Color[] DIVERGING = colors(
            "053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d", "b2182b",
            "67001f");
    /** Cells that hold NaN or an infinity: grey with hatching, a colour neither palette uses. */
    static final Color NOT_A_NUMBER = new Color(0xc8c8c8);

    static final Color HATCH = new Color(0x8c8c8c);
    // Okabe & Ito's palette, in an order where neighbours differ in lightness too; yellow left out (too pale on white).
    static final Color[] SERIES = colors("0072b2", "d55e00", "009e73", "cc79a7", "e69f00", "56b4e9", "000000");

    /**
     * When every line is named after a colour channel (R, G, B) or one of the course's colours, each is drawn in
     * its own colour, from the same colour-blind-safe palette: a learner should not read "R" off a blue line.
     */
    static final Map<String, Color> NAMED = Map.of(
            "r",
            new Color(0xd55e00),
            "g",
            new Color(0x009e73),
            "b",
            new Color(0x0072b2),
            "red",
            new Color(0xd55e00),
            "yellow",
            new Color(0xe69f00),
            "green",
            new Color(0x009e73),
            "cyan",
            new Color(0x56b4e9),
            "blue",
            new Color(0x0072b2),
            "magenta",
            new Color(0xcc79a7));

    static final Color INK = new Color(0x222222);
    static final Color SOFT_INK = new Color(0x555555);
    static final Color GRID_LINES = new Color(0xe6e6e6);
    static final Color FRAME = new Color(0xbdbdbd);
    static final Color ZERO_LINE = new Color(0x8a8a8a);

    private Style() {}

    /**
     * The course's look as an XChart theme, which every chart is made with: white, quiet ink, DejaVu Sans, no
     * tool tips (the pictures are static). XChart applies it before any per-chart setting.
     */
    static final Theme THEME = new XChartTheme() {
        @Override
        public Color getChartBackgroundColor() {
            return Color.WHITE;
        }

        @Override
        public Color getPlotBackgroundColor() {
            return Color.WHITE;
        }

        @Override
        public Color getChartFontColor() {
            return INK;
        }

        @Override
        public Color getAxisTickLabelsColor() {
            return SOFT_INK;
        }

        @Override
        public boolean isChartTitleBoxVisible() {
            return false;
        }

        @Override
        public Font getChartTitleFont() {
            return Fonts.TITLE;
        }

        @Override
        public Font getAxisTitleFont() {
            return Fonts.AXIS_TITLE;
        }

        @Override
        public Font getAxisTickLabelsFont() {
            return Fonts.TICK;
        }

        @Override
        public Font getLegendFont() {
            return Fonts.LEGEND;
        }

        @Override
        public Font getAnnotationTextFont() {
            return Fonts.VALUE;
        }

        @Override
        public boolean isToolTipsEnabled() {
            return false;
        }

        @Override
        public int getChartPadding() {
            return 12;
        }
    };

    /** What a theme cannot carry: numbers on the axes in the same notation on every machine. */
    static void locale(AxesChartStyler styler) {
        styler.setLocale(Locale.ROOT);
    }

    private static Color[] colors(String... hex) {
        Color[] out = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) {
            out[i] = new Color(Integer.parseInt(hex[i], 16));
        }
        return out;
    }
}
