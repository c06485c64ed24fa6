package org.softlookup.exercises;

import static org.softlookup.exercises.Question.number;

/** Lesson 05's exercises: the scale for a key width, and the variance it leaves. */
public final class Lesson5 {

    /** The scale attention uses for d_k = 64. */
    public final Question q1 = new Question(
            "Exercise 1",
            "the scale for d_k = 64 is 1/√64 = 0.125",
            "Attention multiplies the scores by the scale; it divides them by the standard deviation of q · k.",
            "return 1 / Math.sqrt(64);",
            answer -> {
                double x = number(answer, "the scale");
                if (Math.abs(x - 0.125) < 1e-9) {
                    return null;
                }
                if (Math.abs(x - 8) < 1e-9) {
                    return "8 is √d_k; the scale divides by it: 1/√d_k";
                }
                if (Math.abs(x - 1.0 / 64) < 1e-9) {
                    return "1/d_k divides by the variance; the scale divides by the standard deviation, √d_k";
                }
                return "not 1/√64; yours is " + x;
            });

    /** The variance of scale · q · k for d_k = 16, entries standard normal. */
    public final Question q2 = new Question(
            "Exercise 2",
            "after the scale 1/√d_k the scores have variance 1, whatever d_k",
            "q · k is a sum of d_k products, each of variance 1; scaling by c multiplies a variance by c².",
            "return 16 * Math.pow(1 / Math.sqrt(16), 2);",
            answer -> {
                double x = number(answer, "a variance");
                if (Math.abs(x - 1) < 1e-9) {
                    return null;
                }
                if (Math.abs(x - 16) < 1e-9) {
                    return "16 is the variance before the scale";
                }
                if (Math.abs(x - 4) < 1e-9 || Math.abs(x - 0.25) < 1e-9) {
                    return "scaling by c multiplies the variance by c², not by c";
                }
                return "not the variance after the scale; yours is " + x;
            });

    Lesson5() {}

    @Override
    public String toString() {
        return Exercises.describe("05", 2);
    }
}
