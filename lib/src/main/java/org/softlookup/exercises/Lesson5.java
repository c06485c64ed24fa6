package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.howFar;
import static org.softlookup.exercises.Question.number;
import static org.softlookup.exercises.Question.show;

import org.softlookup.view.Numbers;

/**
 * Lesson 05's exercises: the scale for a given d_k, the variance it leaves, and the scale for entries whose
 * variance is not 1.
 */
public final class Lesson5 {

    /** The scale attention uses for d_k = 64. */
    public final Question q1 = new Question(
            "Exercise 1",
            "the scale for d_k = 64 is 1/√64 = 0.125",
            "Attention multiplies the scores by the scale; it divides them by the standard deviation of q · k.",
            "return 1 / Math.sqrt(64);",
            answer -> {
                double x = number(answer, "the scale");
                if (close(x, 0.125)) {
                    return null;
                }
                if (close(x, 8)) {
                    return "8 is √d_k; the scale divides by it: 1/√d_k";
                }
                if (close(x, 1.0 / 64)) {
                    return "1/d_k divides by the variance; the scale divides by the standard deviation, √d_k";
                }
                return "not 1/√64; yours is " + show(x, 0.125) + howFar(x, 0.125);
            });

    /** The variance of scale · q · k for d_k = 16, entries standard normal. */
    public final Question q2 = new Question(
            "Exercise 2",
            "after the scale 1/√d_k the scores have variance 1, whatever d_k",
            "q · k is a sum of d_k products, each of variance 1; scaling by c multiplies a variance by c².",
            "return 16 * Math.pow(1 / Math.sqrt(16), 2);",
            answer -> {
                double x = number(answer, "a variance");
                if (close(x, 1)) {
                    return null;
                }
                if (close(x, 16)) {
                    return "16 is the variance before the scale";
                }
                if (close(x, 4) || close(x, 0.25)) {
                    return "scaling by c multiplies the variance by c², not by c";
                }
                return "not the variance after the scale; yours is " + show(x, 1) + howFar(x, 1);
            });

    /** The scale that brings Var(scale · q · k) to 1 when q's entries have variance 4, k's variance 1, d_k = 32. */
    public final Question q3 = new Question(
            "Exercise 3",
            "each product q_c k_c has variance 4 · 1, the score 32 · 4 = 128, so the scale is 1/√128 ≈ 0.0884",
            "Redo section 1's sum with E[q_c²] = 4: what is the variance of one product, of the score, and which c"
                    + " makes c² · Var(q · k) = 1?",
            "return 1 / Math.sqrt(32 * 4 * 1); // Var(q·k) = d_k · Var(q_c) · Var(k_c)",
            Lesson5::scaleForVariance4);

    Lesson5() {}

    @Override
    public String toString() {
        return Exercises.describe("05", 3);
    }

    /** Relative tolerance: 0.0884, three significant digits of 1/√128, is accepted. */
    static final double RELATIVE = 1e-3;

    private static boolean near(double x, double want) {
        return Math.abs(x - want) <= RELATIVE * Math.abs(want);
    }

    private static String scaleForVariance4(Object answer) {
        double x = number(answer, "the scale");
        double want = 1 / Math.sqrt(128);
        if (!(x > 0) || Double.isInfinite(x)) {
            return "a scale is a positive, finite number; yours is " + x;
        }
        if (near(x, want)) {
            return null;
        }
        if (near(x, 1 / Math.sqrt(32))) {
            return "1/√32 is the scale for entries of variance 1; here each product q_c k_c has variance 4 · 1";
        }
        if (near(x, 1 / Math.sqrt(512))) {
            return "variance 4 is a standard deviation of 2: the products have variance 4 · 1 = 4, not 4² · 1";
        }
        if (near(x, 1.0 / 128) || near(x, 1.0 / 32)) {
            return "1/" + Math.round(1 / x) + " divides by a variance; scaling by c multiplies the variance by c²,"
                    + " so c divides by the standard deviation";
        }
        if (near(x, Math.sqrt(128))) {
            return "√128 is the temperature T; the scale is 1/T";
        }
        double off = Math.abs(x - want) / want;
        if (off < 0.05) {
            return String.format(
                    "close: %s is %.1f%% from the scale; give three significant digits or the formula",
                    Numbers.significant(x), 100 * off);
        }
        return "with this scale Var(scale · q · k) = " + Numbers.significant(128 * x * x) + ", not 1";
    }
}
