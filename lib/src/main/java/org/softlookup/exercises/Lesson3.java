package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.howFar;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.number;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.softlookup.Colours;
import org.softlookup.Softmax;

/** Lesson 03's exercises: a temperature that gives a wanted weight, then softmax written by hand. */
public final class Lesson3 {

    static final double WANTED = 0.4, TOLERANCE = 0.005;

    /** A temperature T at which red's weight for the query at 30° is 0.40. */
    public final Question q1 = new Question(
            "Exercise 1",
            "at this temperature red's weight for the query at 30° is 0.40 (±0.005)",
            "At T = 1 red's weight is about 0.31, and as T → 0 it approaches 0.5 (red and yellow share the"
                    + " weight). Try a few values between: Softmax.of(s, T).getDouble(0, 0) shows red's weight.",
            "return 0.55; // red's weight is 0.400 there; Softmax.of(s, T) for a few T finds it",
            Lesson3::temperature);

    /** Softmax of the scores at 30° with T = 0.2, written with exp and a sum. */
    public final Question q2 = new Question(
            "Exercise 2",
            "exp(s / T) / Σ exp(s / T) equals Softmax.of(s, 0.2)",
            "Transforms.exp(x) takes e to the power of each entry; divide by the sum of them all.",
            "INDArray e = Transforms.exp(s.div(0.2));\nreturn e.div(e.sumNumber());",
            Lesson3::byHand);

    Lesson3() {}

    @Override
    public String toString() {
        return Exercises.describe("03", 2);
    }

    static INDArray scoresAt30() {
        return Colours.query(30).mmul(Colours.keys().transpose());
    }

    static double redWeight(double temperature) {
        return Softmax.of(scoresAt30(), temperature).getDouble(0, 0);
    }

    private static String temperature(Object answer) {
        double t = number(answer, "a temperature");
        if (!(t > 0) || Double.isInfinite(t)) {
            return "a temperature is a positive, finite number; got " + t;
        }
        double w = redWeight(t);
        if (Math.abs(w - WANTED) <= TOLERANCE) {
            return null;
        }
        if (Math.abs(redWeight(1 / t) - WANTED) <= TOLERANCE) {
            return "that is the scale 1/T, not T: softmax(s, T) divides the scores by T";
        }
        return String.format(
                "at T = %s red's weight is %.3f, %.3f %s 0.40: %s T",
                org.softlookup.view.Numbers.significant(t),
                w,
                Math.abs(w - WANTED),
                w > WANTED ? "above" : "below",
                w > WANTED ? "raise" : "lower");
    }

    private static String byHand(Object answer) {
        INDArray p = matrix(answer, 1, 6, "one weight per key");
        INDArray s = scoresAt30();
        INDArray want = Softmax.of(s, 0.2);
        if (close(p, want)) {
            return null;
        }
        if (close(p, Transforms.exp(s.div(0.2)))) {
            return "these are exp(s / T), not yet divided by their sum (weights add up to 1)";
        }
        if (close(p, Softmax.of(s))) {
            return "this is softmax(s) at T = 1: divide the scores by T = 0.2 first";
        }
        if (close(p, Softmax.of(s.mul(0.2)))) {
            return "the scores were multiplied by T = 0.2; softmax(s, T) divides them by T";
        }
        return "not softmax(s, 0.2), which starts "
                + show(Softmax.of(s, 0.2)
                        .get(
                                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)))
                + "…; yours is " + show(p, want) + howFar(p, want);
    }
}
