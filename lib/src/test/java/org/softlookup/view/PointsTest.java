package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.factory.Nd4j;

class PointsTest {

    @BeforeAll
    static void ready() {
        org.softlookup.internal.Setup.ensureReady();
    }

    private static Map<String, org.nd4j.linalg.api.ndarray.INDArray> twoSets() {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> sets = new LinkedHashMap<>();
        sets.put("before", Nd4j.create(new double[][] {{0.5, 0.5}}));
        sets.put("after", Nd4j.create(new double[][] {{-1.5, -0.5}}));
        return sets;
    }

    @Test
    void eachSetIsASeriesOfMarkersOnEqualSymmetricAxesWithTheUnitCircle() {
        XYChart chart = Charts.points("keys", "x", "y", twoSets(), List.of("k0"));
        var styler = chart.getStyler();
        assertEquals(-2.0, styler.getXAxisMin());
        assertEquals(2.0, styler.getXAxisMax(), "1.5 · 1.08 rounds up to 2");
        assertEquals(styler.getXAxisMin(), styler.getYAxisMin());
        assertEquals(styler.getXAxisMax(), styler.getYAxisMax());
        XYSeries before = chart.getSeriesMap().get("before");
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, before.getXYSeriesRenderStyle());
        assertArrayEquals(new double[] {0.5}, before.getXData());
        assertArrayEquals(new double[] {-0.5}, chart.getSeriesMap().get("after").getYData());
        XYSeries circle = chart.getSeriesMap().get("unit circle");
        assertFalse(circle.isShowInLegend());
        for (int i = 0; i < circle.getXData().length; i++) {
            assertEquals(1.0, Math.hypot(circle.getXData()[i], circle.getYData()[i]), 1e-12);
        }
        assertEquals(
                1.5,
                Charts.points("", "", "", Map.of("a", Nd4j.create(new double[][] {{0.1, 0}})), null)
                        .getStyler()
                        .getXAxisMax(),
                "the unit circle always fits, with room for labels beside it");
    }

    @Test
    void markersAreDrawnWhereThePointsAre() throws IOException {
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(Charts.png(Charts.points("keys", "x", "y", twoSets(), null))));
        double[] first = centre(image, Style.SERIES[0]), second = centre(image, Style.SERIES[1]);
        // (0.5, 0.5) is right of and above (−1.5, −0.5); in pixels, y grows downwards
        assertTrue(first[0] > second[0] + 50, "x: " + first[0] + " vs " + second[0]);
        assertTrue(first[1] < second[1] - 25, "y: " + first[1] + " vs " + second[1]);
        // equal scales: 2 units right and 1 unit up span a 2 : 1 ratio of pixels
        assertEquals(2.0, (first[0] - second[0]) / (second[1] - first[1]), 0.1);
    }

    private static double[] centre(BufferedImage image, Color ink) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight() * 0.85; y++) { // above the legend, which repeats the markers
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == ink.getRGB()) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertTrue(n > 20, "no marker drawn in " + ink);
        return new double[] {sx / n, sy / n};
    }

    @Test
    void badPointsAreRejected() {
        assertRejects(() -> Charts.points("", "", "", Map.of(), null), "sets", "empty");
        assertRejects(() -> Charts.points("", "", "", null, null), "sets", "null");
        assertRejects(
                () -> Charts.points("", "", "", Map.of("k", Nd4j.create(new double[][] {{1, 2, 3}})), null),
                "\"k\"",
                "2 columns",
                "[1, 3]");
        assertRejects(
                () -> Charts.points("", "", "", Map.of("k", Nd4j.create(new double[][] {{1, Double.NaN}})), null),
                "\"k\"",
                "NaN");
        assertRejects(() -> Charts.points("", "", "", twoSets(), List.of("a", "b")), "labels", "2 labels", "1 points");
    }
}
