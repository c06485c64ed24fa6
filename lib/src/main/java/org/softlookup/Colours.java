package org.softlookup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Check;
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

    /**
     * The hue, in degrees from 0 to 360, that each row (x, y) {@code [n, 2]} points to: atan2(y, x). For learned keys,
     * the hue at which each one scores best (a query (cos h, sin h) scores q · k = ‖k‖ cos(h − h_k)).
     */
    public static double[] hues(INDArray rows) {
        double[] xy = Check.matrixEntries("rows", rows);
        if (rows.columns() != 2) {
            throw new IllegalArgumentException(
                    "rows must have 2 columns (x, y), one point per row, but its shape is " + Check.shape(rows));
        }
        double[] h = new double[xy.length / 2];
        for (int i = 0; i < h.length; i++) {
            double x = xy[2 * i], y = xy[2 * i + 1];
            if (x == 0 && y == 0) {
                throw new IllegalArgumentException("row " + i + " of rows is (0, 0), which points to no hue");
            }
            h[i] = (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
        }
        return h;
    }

    /** The angle between two hues round the wheel, in degrees from 0 to 180: 350° and 10° are 20° apart. */
    public static double hueDistance(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return Math.min(d, 360 - d);
    }

    /**
     * Whether six hues sit at the table's six {@link #HUES}, each within {@code tolerance} degrees of a different one:
     * the test of whether learned keys laid themselves out like the colour table.
     */
    public static boolean atTableHues(double[] huesDegrees, double tolerance) {
        if (huesDegrees == null || huesDegrees.length != HUES.length) {
            throw new IllegalArgumentException("huesDegrees must hold " + HUES.length + " hues, one per key, but it "
                    + (huesDegrees == null ? "is null" : "holds " + huesDegrees.length));
        }
        if (!(tolerance > 0 && tolerance < 30)) { // beyond 30° a hue could be near two table hues at once
            throw new IllegalArgumentException("tolerance must lie between 0 and 30 degrees, but it is " + tolerance);
        }
        boolean[] taken = new boolean[HUES.length];
        for (double h : huesDegrees) {
            int nearest = (int) Math.round(((h % 360 + 360) % 360) / 60) % HUES.length;
            if (taken[nearest] || hueDistance(h, HUES[nearest]) > tolerance) {
                return false;
            }
            taken[nearest] = true;
        }
        return true;
    }

    /** The smallest angle, in degrees, between any two of the hues round the wheel: how close the closest two are. */
    public static double closestHues(double[] huesDegrees) {
        if (huesDegrees == null || huesDegrees.length < 2) {
            throw new IllegalArgumentException("huesDegrees must hold at least two hues");
        }
        double closest = 180;
        for (int i = 0; i < huesDegrees.length; i++) {
            for (int j = i + 1; j < huesDegrees.length; j++) {
                closest = Math.min(closest, hueDistance(huesDegrees[i], huesDegrees[j]));
            }
        }
        return closest;
    }
}
