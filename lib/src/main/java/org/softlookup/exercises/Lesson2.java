package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.show;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.Colours;
import org.softlookup.Lookup;

/** Lesson 02's exercises: a mask that averages, a batch of lookups, a query that selects one key. */
public final class Lesson2 {

    /** The weights that average red, green and blue. */
    public final Question q1 = new Question(
            "Exercise 1",
            "weights 1/3 on red, green and blue: (mask / 3) · V = (1/3, 1/3, 1/3)",
            "Lookup.multiHot(positions, 6) puts a 1 at each position; an average divides by how many there are.",
            "INDArray mask = Lookup.multiHot(new int[] {0, 2, 4}, 6);\nreturn mask.div(mask.sumNumber());",
            Lesson2::averageOfThree);

    /** E that looks up yellow, yellow, blue, in that order. */
    public final Question q2 = new Question(
            "Exercise 2",
            "E has one one-hot row per lookup, so E · V is yellow, yellow, blue",
            "One row per lookup, one column per key: Lookup.oneHot(int[] positions, 6).",
            "return Lookup.oneHot(new int[] {1, 1, 4}, 6);",
            Lesson2::batch);

    /** A query (cos h, sin h)-like row whose best score against the hue keys is green's alone. */
    public final Question q3 = new Question(
            "Exercise 3",
            "q · Kᵀ is largest for green alone, so the hard lookup returns green (0, 1, 0)",
            "Each key is a hue's direction (cos h, sin h); a query scores highest for the key it points along."
                    + " Green's hue is 120°.",
            "return Colours.query(120); // any direction within 30° of 120° works too",
            Lesson2::selectsGreen);

    Lesson2() {}

    @Override
    public String toString() {
        return Exercises.describe("02", 3);
    }

    private static String averageOfThree(Object answer) {
        INDArray w = matrix(answer, 1, 6, "one weight per key");
        double[] x = w.toDoubleVector();
        List<String> picked = new ArrayList<>();
        for (int j = 0; j < 6; j++) {
            if (!close(x[j], 0)) {
                picked.add(Colours.NAMES.get(j));
            }
        }
        if (!picked.equals(List.of("red", "green", "blue"))) {
            return "your weights are on " + picked + "; the average wanted is of red, green and blue";
        }
        double sum = w.sumNumber().doubleValue();
        if (!close(x[0], x[2]) || !close(x[0], x[4])) {
            INDArray even = Lookup.multiHot(new int[] {0, 2, 4}, 6).mul(sum / 3);
            return "an average weighs the three rows equally; yours are " + show(w, even);
        }
        if (!close(sum, 1)) {
            return "your weights add up to " + Question.show(sum, 1) + " (" + show(w)
                    + "); an average's weights add up to 1: divide the mask by the number of 1s";
        }
        return null;
    }

    private static String batch(Object answer) {
        INDArray e = matrix(answer, 3, 6, "one one-hot row per lookup");
        int[] want = {1, 1, 4};
        for (int i = 0; i < 3; i++) {
            INDArray row = e.getRow(i, true);
            int at = row.argMax(1).getInt(0);
            if (!close(row.sumNumber().doubleValue(), 1) || !close(row.getDouble(0, at), 1)) {
                return "row " + i + " is not one-hot: " + show(row, Lesson1.rounded(row));
            }
            if (at != want[i]) {
                return "row " + i + " looks up " + Colours.NAMES.get(at) + "; the lookups wanted, in order, are"
                        + " yellow, yellow, blue";
            }
        }
        return null;
    }

    private static String selectsGreen(Object answer) {
        INDArray q = matrix(answer, 1, 2, "a query with the keys' two columns");
        double[] s = q.mmul(Colours.keys().transpose()).toDoubleVector();
        double best = Double.NEGATIVE_INFINITY;
        for (double x : s) {
            best = Math.max(best, x);
        }
        List<String> top = new ArrayList<>();
        for (int j = 0; j < 6; j++) {
            if (s[j] > best - 1e-9) {
                top.add(Colours.NAMES.get(j));
            }
        }
        if (top.equals(List.of("green"))) {
            return null;
        }
        if (top.size() > 1) {
            return "scores tie between " + top + ": point the query closer to green's hue, 120°";
        }
        return "the best score is " + top.get(0) + "'s: your query points nearer " + top.get(0) + "'s hue than"
                + " green's (120°)";
    }
}
