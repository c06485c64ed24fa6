package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Colours;

/** The PNG encoder: lossless, and equal pixels give equal bytes (the notebooks' stored charts rely on it). */
class PngTest {

    /** A lesson-sized picture: lesson 03's control at 2×, 2400 × 800 pixels, bars and a swatch with their text. */
    private static BufferedImage lessonChart() {
        Grid grid = Charts.grid(
                2,
                Charts.bars("Weights, T = 0.20", "key", "weight", Colours.NAMES, Nd4j.create(new double[] {
                    0.69, 0.29, 0.003, 0, 0, 0.015
                })),
                Charts.swatch("Output", Nd4j.create(new double[] {0.997, 0.293, 0.015})));
        return Png.paint(grid.width(), grid.height(), 2, grid::paint);
    }

    @Test
    void decodesToTheSamePixels() throws IOException {
        BufferedImage painted = lessonChart();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Png.encode(painted)));
        assertEquals(painted.getWidth(), decoded.getWidth());
        assertEquals(painted.getHeight(), decoded.getHeight());
        int[] expected = painted.getRGB(0, 0, painted.getWidth(), painted.getHeight(), null, 0, painted.getWidth());
        int[] found = decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
        assertArrayEquals(expected, found, "every pixel as painted");
    }

    /**
     * At level 4 pngencoder compresses the pixels into the very zlib stream the JDK's ImageIO writer made before it
     * (the same filters, zlib's same level), about twice as fast; it only cuts the stream into IDAT chunks at other
     * places. So a chart keeps its size in the stored notebooks, to the byte.
     */
    @Test
    void thePixelsAreCompressedAsImageIoDid() throws IOException {
        BufferedImage painted = lessonChart();
        ByteArrayOutputStream imageIo = new ByteArrayOutputStream();
        ImageIO.write(painted, "png", imageIo);
        byte[] ours = Png.encode(painted);
        assertEquals(imageIo.size(), ours.length);
        assertArrayEquals(idat(imageIo.toByteArray()), idat(ours));
    }

    /** The zlib stream of a PNG: its IDAT chunks' data, joined. */
    private static byte[] idat(byte[] png) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8); // the signature
        while (b.remaining() >= 12) {
            int length = b.getInt();
            byte[] type = new byte[4], data = new byte[length];
            b.get(type).get(data).getInt(); // and the CRC
            if (new String(type, StandardCharsets.US_ASCII).equals("IDAT")) {
                stream.writeBytes(data);
            }
        }
        return stream.toByteArray();
    }

    @Test
    void equalPixelsGiveEqualBytesOnAnyThreadAndAnyRun() {
        byte[] first = Png.encode(lessonChart());
        List<CompletableFuture<byte[]>> others = List.of(
                CompletableFuture.supplyAsync(() -> Png.encode(lessonChart())),
                CompletableFuture.supplyAsync(() -> Png.encode(lessonChart())));
        for (CompletableFuture<byte[]> other : others) {
            assertArrayEquals(first, other.join());
        }
        assertArrayEquals(first, Png.encode(lessonChart()));
    }
}
