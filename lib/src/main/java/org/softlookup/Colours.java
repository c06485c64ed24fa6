package org.softlookup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

/**
 * The course's running example: six colours, keyed by name or by hue, with their red-green-blue amounts as values.
 * A hue is an angle on the colour wheel, so as a key it is a direction: k = (cos h, sin h).
 */
public final class Colours {

    /** The keys by name, in the order of the rows of {@link #values()} and {@link #keys()}. */
    public static final List<String> NAMES = List.of("red", "yellow", "green", "cyan", "blue", "magenta");

    /** Each colour's hue in degrees: 60° apart around the colour wheel. */
    public static final double[] HUES = {0, 60, 120, 180, 240, 300};

    /** The columns of a value: how much red, green and blue. */
    public static final List<String> CHANNELS = List.of("R", "G", "B");

    private static final double[][] RGB = {{1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 1, 1}, {0, 0, 1}, {1, 0, 1}};

    private Colours() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /** The table as a learner first meets it: a map from name to red, green, blue (a fresh, ordered map). */
    public static Map<String, double[]> asMap() {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            map.put(NAMES.get(i), RGB[i].clone());
        }
        return map;
    }

    /** The values V {@code [6, 3]}: one row of red, green, blue per colour. */
    public static INDArray values() {
        return Nd4j.create(RGB);
    }

    /** The keys K {@code [6, 2]}: row j is the direction of hue h_j, (cos h_j, sin h_j). */
    public static INDArray keys() {
        return queries(HUES);
    }

    /** A query for one hue, in degrees: {@code [1, 2]}, the unit vector (cos h, sin h). */
    public static INDArray query(double hueDegrees) {
        return queries(new double[] {hueDegrees});
    }

    /** One query row per hue, in degrees: {@code [hues.length, 2]}. */
    public static INDArray queries(double[] huesDegrees) {
        if (huesDegrees == null || huesDegrees.length == 0) {
            throw new IllegalArgumentException("huesDegrees must hold at least one hue");
        }
        double[][] q = new double[huesDegrees.length][];
        for (int i = 0; i < huesDegrees.length; i++) {
            if (!Double.isFinite(huesDegrees[i])) {
                throw new IllegalArgumentException(
                        "hue " + huesDegrees[i] + " (huesDegrees[" + i + "]) is not a finite angle");
            }
            double h = Math.toRadians(huesDegrees[i]);
            q[i] = new double[] {StrictMath.cos(h), StrictMath.sin(h)}; // StrictMath: the same bits on every machine
        }
        return Nd4j.create(q);
    }

    /**
     * The true colour at a hue, in degrees: fully saturated, full brightness (HSV with S = V = 1) as red, green, blue
     * {@code [1, 3]}: channel c is 1 − clamp(min(k, 4 − k), 0, 1), k = (n_c + h/60) mod 6, n = 5, 3, 1 for R, G, B.
     */
    public static INDArray wheel(double hueDegrees) {
        return wheel(new double[] {hueDegrees});
    }

    /**
     * One row of the colour wheel per hue: {@code [hues.length, 3]}, a continuous, piecewise-linear function of the hue
     * that equals {@link #values()} at the six {@link #HUES} and mixes two neighbours in between (30° is orange).
     */
    public static INDArray wheel(double[] huesDegrees) {
        if (huesDegrees == null || huesDegrees.length == 0) {
            throw new IllegalArgumentException("huesDegrees must hold at least one hue");
        }
        double[][] rgb = new double[huesDegrees.length][3];
        for (int i = 0; i < huesDegrees.length; i++) {
            if (!Double.isFinite(huesDegrees[i])) {
                throw new IllegalArgumentException(
                        "hue " + huesDegrees[i] + " (huesDegrees[" + i + "]) " + "is not a finite angle");
            }
            double sixths = huesDegrees[i] / 60;
            int[] n = {5, 3, 1};
            for (int c = 0; c < 3; c++) {
                double k = ((n[c] + sixths) % 6 + 6) % 6; // Java's % keeps the sign: −30° must land at 330°
                rgb[i][c] = 1 - Math.max(0, Math.min(1, Math.min(k, 4 - k)));
            }
        }
        return Nd4j.create(rgb);
    }
}
