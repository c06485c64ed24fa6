package org.softlookup.exercises;

import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.Attention;
import org.softlookup.Lookup;

/** Lesson 07's exercises: a causal mask by hand, and the weights of a head that looks two positions back. */
public final class Lesson7 {

    /** The causal mask for 4 positions, built by hand. */
    public final Question q1 = new Question(
            "Exercise 1",
            "1 on and below the diagonal: position i sees positions 0…i, never the future",
            "Row i is query position i, column j key position j. Which j may position i look at?",
            "INDArray m = Nd4j.zeros(4, 4);\nfor (int i = 0; i < 4; i++)\n    for (int j = 0; j <= i; j++)"
                    + " m.putScalar(i, j, 1);\nreturn m;",
            answer -> {
                INDArray m = matrix(answer, 4, 4, "a mask for 4 positions");
                INDArray want = Attention.causalMask(4);
                if (m.equals(want)) {
                    return null;
                }
                if (m.equals(want.transpose())) {
                    return "transposed: row i is the query, and it may see the keys j ≤ i";
                }
                if (m.equals(want.sub(org.nd4j.linalg.factory.Nd4j.eye(4)))) {
                    return "the diagonal is 0: a position sees itself too";
                }
                return "not the causal mask; your first row is " + show(m.getRow(0, true));
            });

    /** The weights at query position 5 (of 10) of a head that attends exactly two positions back. */
    public final Question q2 = new Question(
            "Exercise 2",
            "all the weight on position 3, two back from 5",
            "A perfect look-back head puts weight 1 on one key position and 0 elsewhere: which, for query 5?",
            "return Lookup.oneHot(5 - 2, 10);",
            answer -> {
                INDArray w = matrix(answer, 1, 10, "one weight per position");
                if (w.equalsWithEps(Lookup.oneHot(3, 10), 1e-9)) {
                    return null;
                }
                if (w.equalsWithEps(Lookup.oneHot(7, 10), 1e-9)) {
                    return "position 7 is two ahead: the causal mask hides the future";
                }
                if (w.equalsWithEps(Lookup.oneHot(4, 10), 1e-9)) {
                    return "position 4 is one back";
                }
                return "not all the weight on the position two back; yours is " + show(w);
            });

    Lesson7() {}

    @Override
    public String toString() {
        return Exercises.describe("07", 2);
    }
}
