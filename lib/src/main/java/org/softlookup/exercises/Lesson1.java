package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Colours;
import org.softlookup.Lookup;

/** Lesson 01's exercises: a one-hot row, then weights that mix table rows into a colour no key has. */
public final class Lesson1 {

    /** The one-hot row that looks up "blue". */
    public final Question q1 = new Question(
            "Exercise 1",
            "a one-hot row with its 1 at blue's position 4, and e · V = (0, 0, 1)",
            "Colours.NAMES.indexOf(\"blue\") gives the position; Lookup.oneHot(position, size) builds the row.",
            "return Lookup.oneHot(Colours.NAMES.indexOf(\"blue\"), 6);",
            Lesson1::oneHotBlue);

    /** Weights w with w · V = orange (1, 0.5, 0). */
    public final Question q2 = new Question(
            "Exercise 2",
            "w · V = (1, 0.5, 0), orange, a colour no key of the table has",
            "Orange is halfway between red (1, 0, 0) and yellow (1, 1, 0): weigh those two rows.",
            "return Lookup.oneHot(0, 6).mul(0.5).add(Lookup.oneHot(1, 6).mul(0.5));",
            answer -> mixes(answer, 1, 0.5, 0, "orange"));

    /** Weights w with w · V = grey (0.5, 0.5, 0.5): many answers are right. */
    public final Question q3 = new Question(
            "Exercise 3",
            "w · V = (0.5, 0.5, 0.5), grey (one of many weightings that give it)",
            "Grey has as much red as green as blue. Which two colours of the table together hold every channel once?",
            "return Lookup.multiHot(new int[] {0, 3}, 6).mul(0.5); // red + cyan, halved",
            answer -> mixes(answer, 0.5, 0.5, 0.5, "grey"));

    Lesson1() {}

    @Override
    public String toString() {
        return Exercises.describe("01", 3);
    }

    private static String oneHotBlue(Object answer) {
        INDArray e = matrix(answer, 1, 6, "a one-hot row");
        double[] x = e.toDoubleVector();
        int ones = 0, at = -1;
        for (int j = 0; j < 6; j++) {
            if (close(x[j], 1)) {
                ones++;
                at = j;
            } else if (!close(x[j], 0)) {
                return "a one-hot row holds only 0s and one 1; yours is " + show(e, rounded(e));
            }
        }
        if (ones != 1) {
            return "a one-hot row has exactly one 1; yours has " + ones;
        }
        if (at == 4) {
            return null;
        }
        String counted = at == 5 ? " (positions count from 0: red is 0)" : "";
        return "that is the one-hot row of " + Colours.NAMES.get(at) + ", position " + at + counted;
    }

    /** Each entry rounded to a whole number: the one-hot row an answer is nearest to. */
    static INDArray rounded(INDArray row) {
        return Nd4j.createFromArray(new double[][] {
            java.util.Arrays.stream(row.toDoubleVector()).map(Math::rint).toArray()
        });
    }

    private static String mixes(Object answer, double r, double g, double b, String colour) {
        INDArray w = matrix(answer, 1, 6, "one weight per key");
        INDArray got = Lookup.rows(w, Colours.values());
        INDArray want = Nd4j.createFromArray(new double[][] {{r, g, b}});
        double off = got.distance2(want);
        if (close(got, want)) {
            return null;
        }
        if (close(got, want.mul(2))) {
            return "w · V = " + show(got) + ", twice " + colour + ": your weights add up to "
                    + w.sumNumber().doubleValue() + ", halve them";
        }
        return "w · V = " + show(got, want) + ", which is " + org.softlookup.view.Numbers.significant(off)
                + " away from " + colour + " " + show(want) + " (a distance of 0 is the answer)";
    }
}
