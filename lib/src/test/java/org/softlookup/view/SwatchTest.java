package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

class SwatchTest {

    @BeforeAll
    static void ready() {
        Setup.ensureReady();
    }

    private static BufferedImage image(XYChart chart) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Charts.png(chart)));
    }

    /** How many pixels of the image have exactly this colour. */
    private static int count(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == colour.getRGB() ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void theSwatchIsFilledWithTheColourOfItsAmounts() throws IOException {
        // Lesson 03's output at T = 0.2, hue 20°: 0.997 · 255 = 254.2, 0.293 · 255 = 74.7, 0.015 · 255 = 3.8.
        BufferedImage image = image(Charts.swatch("output", Nd4j.createFromArray(0.997, 0.293, 0.015)));
        Color expected = new Color(254, 75, 4);
        assertEquals(expected, new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2)));
        int area = image.getWidth() * image.getHeight();
        assertTrue(count(image, expected) > area / 2, "the swatch covers under half the chart");
    }

    @Test
    void eachAmountGoesToItsOwnChannel() throws IOException {
        for (double[] rgb : new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.2, 0.6, 1}}) {
            BufferedImage image =
                    image(Charts.swatch("c", Nd4j.createFromArray(rgb).reshape(1, 3)));
            Color centre = new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
            assertArrayEquals(
                    new int[] {
                        (int) Math.round(rgb[0] * 255), (int) Math.round(rgb[1] * 255), (int) Math.round(rgb[2] * 255)
                    },
                    new int[] {centre.getRed(), centre.getGreen(), centre.getBlue()});
        }
    }

    @Test
    void theAmountsAreWrittenUnderTheSwatchAndTheTitleAboveIt() throws IOException {
        XYChart chart = Charts.swatch("Output, T = 0.20", Nd4j.createFromArray(0.997, 0.293, 0.015));
        assertEquals("Output, T = 0.20", chart.getTitle());
        assertEquals("R 0.997,  G 0.293,  B 0.015", chart.getXAxisTitle());
        // Ink under the swatch's bottom edge, where the label is: a black swatch's bottom edge is its last black row.
        BufferedImage image = image(Charts.swatch("black", Nd4j.createFromArray(0.0, 0.0, 0.0)));
        int x = image.getWidth() / 2, bottom = image.getHeight() / 2;
        while (image.getRGB(x, bottom + 1) == Color.BLACK.getRGB()) {
            bottom++;
        }
        int ink = 0;
        for (int y = bottom + 2; y < image.getHeight(); y++) {
            for (int i = 0; i < image.getWidth(); i++) {
                ink += new Color(image.getRGB(i, y)).getRed() < 128 ? 1 : 0;
            }
        }
        assertTrue(ink > 100, "no label under the swatch: " + ink + " dark pixels");
    }

    @Test
    void aWhiteSwatchIsFramedAndAmountsRoundedPastOneAreAccepted() throws IOException {
        BufferedImage image = image(Charts.swatch("white", Nd4j.createFromArray(1 + 1e-12, 1.0, 1.0)));
        assertEquals(Color.WHITE, new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2)));
        int x = image.getWidth() / 2, y = image.getHeight() / 2;
        while (y > 0 && image.getRGB(x, y) == Color.WHITE.getRGB()) {
            y--;
        }
        assertTrue(y > 0 && new Color(image.getRGB(x, y)).getRed() < 235, "no frame above the white swatch");
    }

    @Test
    void theSameAmountsGiveTheSameBytes() {
        assertArrayEquals(
                Charts.png(Charts.swatch("a", Nd4j.createFromArray(0.5, 0.25, 0.125))),
                Charts.png(Charts.swatch("a", Nd4j.createFromArray(0.5, 0.25, 0.125))));
    }

    @Test
    void badAmountsAreRejected() {
        assertRejects(() -> Charts.swatch("s", null), "rgb must not be null");
        assertRejects(
                () -> Charts.swatch("s", Nd4j.createFromArray(0.1, 0.2, 0.3, 0.4)), "rgb must hold 3 amounts", "[4]");
        assertRejects(
                () -> Charts.swatch("s", Nd4j.createFromArray(new double[][] {{0.1, 0.2, 0.3}, {0.1, 0.2, 0.3}})),
                "rgb must hold 3 amounts",
                "[2, 3]");
        assertRejects(() -> Charts.swatch("s", Nd4j.createFromArray(0.1, 1.5, 0.3)), "rgb[1] (G) is 1.5", "[0, 1]");
        assertRejects(() -> Charts.swatch("s", Nd4j.createFromArray(-0.2, 0.5, 0.3)), "rgb[0] (R) is -0.2");
        assertRejects(() -> Charts.swatch("s", Nd4j.createFromArray(0.1, 0.5, Double.NaN)), "rgb[2] (B) is NaN");
        assertRejects(() -> Charts.swatch("s", Nd4j.createFromArray(0.1f, 0.5f, 0.3f)), "rgb", "FLOAT");
    }
}
