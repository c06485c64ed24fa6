package org.softlookup.view;

import com.pngencoder.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Colours;

/**
 * How long the lessons' live charts take to paint and to encode, by ImageIO and by pngencoder (levels, one thread or
 * several), and how large the PNGs are: a command that prints numbers, not a test. The encoders take turns on the
 * same pictures round after round, so a busy machine slows them alike; medians are printed.
 *
 * <pre>
 * mvn -q -pl lib test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp lib/target/test-classes:lib/target/classes:$(cat lib/cp.txt) org.softlookup.view.PngSpeed [rounds]
 * </pre>
 */
public final class PngSpeed {

    private PngSpeed() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Map<String, Grid> charts = lessonCharts();
        Map<String, Function<BufferedImage, byte[]>> encoders = new LinkedHashMap<>();
        encoders.put("ImageIO", PngSpeed::imageIo);
        for (int level : new int[] {1, 4, 6, 9}) {
            encoders.put("pngencoder level " + level + ", 1 thread", i -> pngencoder(i, level, false));
        }
        encoders.put("pngencoder level 4, multi-threaded", i -> pngencoder(i, 4, true));
        encoders.put("pngencoder level " + Png.LEVEL + " as Png.encode", Png::encode);
        for (int scale : new int[] {1, 2}) {
            System.out.printf(
                    Locale.ROOT,
                    "%n%d× (%s): median ms over %d rounds, and bytes%n",
                    scale,
                    scale == 1 ? "the drafts while dragging" : "the sharp chart and every stored chart",
                    rounds);
            Map<String, List<Double>> paint = new LinkedHashMap<>();
            Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
            for (int r = 0; r < rounds + 3; r++) {
                for (Map.Entry<String, Grid> chart : charts.entrySet()) {
                    Grid g = chart.getValue();
                    long start = System.nanoTime();
                    BufferedImage image = Png.paint(g.width(), g.height(), scale, g::paint);
                    double painted = (System.nanoTime() - start) / 1e6;
                    if (r >= 3) { // the first rounds warm the JIT up
                        paint.computeIfAbsent(chart.getKey(), k -> new ArrayList<>())
                                .add(painted);
                    }
                    for (Map.Entry<String, Function<BufferedImage, byte[]>> e : encoders.entrySet()) {
                        start = System.nanoTime();
                        byte[] png = e.getValue().apply(image);
                        double took = (System.nanoTime() - start) / 1e6;
                        if (r >= 3) {
                            times.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(chart.getKey(), k -> new ArrayList<>())
                                    .add(took);
                        }
                        sizes.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                                .put(chart.getKey(), png.length);
                    }
                }
            }
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-36s", ""));
            charts.keySet().forEach(c -> header.append(String.format(Locale.ROOT, "%22s", c)));
            System.out.println(header);
            StringBuilder painting = new StringBuilder(String.format(Locale.ROOT, "  %-36s", "painting"));
            charts.keySet()
                    .forEach(c -> painting.append(String.format(Locale.ROOT, "%15.1f ms    ", median(paint.get(c)))));
            System.out.println(painting);
            for (String encoder : encoders.keySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-36s", encoder));
                for (String c : charts.keySet()) {
                    line.append(String.format(
                            Locale.ROOT,
                            "%9.1f ms %7d B ",
                            median(times.get(encoder).get(c)),
                            sizes.get(encoder).get(c)));
                }
                System.out.println(line);
            }
        }
    }

    /** The charts of lessons 03, 04 and 05's controls, at a value of each slider. */
    private static Map<String, Grid> lessonCharts() {
        Map<String, Grid> charts = new LinkedHashMap<>();
        charts.put(
                "03 bars + swatch",
                Charts.grid(
                        2,
                        Charts.bars(
                                "Weights, T = 0.20, hue 20°", "key", "weight", Colours.NAMES, Nd4j.create(new double[] {
                                    0.692, 0.290, 0.003, 0, 0, 0.015
                                })),
                        Charts.swatch("Output, T = 0.20, hue 20°", Nd4j.create(new double[] {0.997, 0.293, 0.015}))));
        double[][] dK = new double[6][2], dV = new double[6][3];
        for (int i = 0; i < 6; i++) {
            dK[i] = new double[] {Math.sin(i), Math.cos(i) / 3};
            dV[i] = new double[] {0.1 * i, -0.05 * i, Math.sin(i) / 4};
        }
        charts.put(
                "04 three heatmaps",
                Charts.grid(
                        3,
                        Charts.heatmap(
                                Nd4j.create(new double[][] {{0.12, -0.4}}),
                                List.of("query"),
                                List.of("q₁", "q₂"),
                                "∂L/∂q, query 20°"),
                        Charts.heatmap(Nd4j.create(dK), Colours.NAMES, List.of("k₁", "k₂"), "∂L/∂K, query 20°"),
                        Charts.heatmap(Nd4j.create(dV), Colours.NAMES, Colours.CHANNELS, "∂L/∂V, query 20°")));
        List<String> keys = List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8");
        charts.put(
                "05 two bar charts",
                Charts.grid(
                        2,
                        Charts.bars("d_k = 64, unscaled", "key", "weight", keys, Nd4j.create(new double[] {
                            0.6, 0.1, 0.05, 0.05, 0.1, 0.02, 0.03, 0.05
                        })),
                        Charts.bars("d_k = 64, scaled", "key", "weight", keys, Nd4j.create(new double[] {
                            0.2, 0.1, 0.1, 0.15, 0.1, 0.12, 0.13, 0.1
                        }))));
        return charts;
    }

    private static byte[] imageIo(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] pngencoder(BufferedImage image, int level, boolean threads) {
        return new PngEncoder()
                .withBufferedImage(image)
                .withCompressionLevel(level)
                .withMultiThreadedCompressionEnabled(threads)
                .toBytes();
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
