package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.howFar;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.number;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Attention;
import org.softlookup.Colours;

/**
 * Lesson 04's exercises, on the lesson's own example (the query at 20°, scale 1/0.2, target orange): a sign
 * predicted, one entry of the softmax Jacobian derived, one backward step written.
 */
public final class Lesson4 {

    /** The sign of ∂L/∂V at yellow's G entry: −1, 0 or +1. */
    public final Question q1 = new Question(
            "Exercise 1",
            "∂L/∂V for yellow's G is negative: yellow has weight, and the result has too little green",
            "Row j of ∂L/∂V is p_j · ∂L/∂o. What are the signs of yellow's weight and of ∂L/∂o's G entry?",
            "return -1; // dV = pᵀ · dO: p_yellow > 0 and dO's G = o_G − 0.5 < 0",
            Lesson4::sign);

    /** ∂p_red/∂s_yellow, one off-diagonal entry of the softmax Jacobian, from the weights p. */
    public final Question q2 = new Question(
            "Exercise 2",
            "∂p_red/∂s_yellow = −p_red · p_yellow, the entry J[0][1] of Softmax.jacobian(p)",
            "Differentiate p_i = exp(s_i) / Σ exp(s_k) with respect to s_j for i ≠ j: only the sum depends on s_j.",
            "INDArray p = result.weights();\nreturn -p.getDouble(0, 0) * p.getDouble(0, 1);",
            Lesson4::jacobianEntry);

    /** One backward step: ∂L/∂V from the weights p and ∂L/∂o. */
    public final Question q3 = new Question(
            "Exercise 3",
            "∂L/∂V = pᵀ · ∂L/∂o, with V's shape 6 × 3, as Attention.backward gives",
            "o = p · V, so each row v_j of V enters o with weight p_j. dV has V's shape: which product of p (1 × 6)"
                    + " and dO (1 × 3) is 6 × 3?",
            "return result.weights().transpose().mmul(dO);",
            Lesson4::backwardStep);

    Lesson4() {}

    @Override
    public String toString() {
        return Exercises.describe("04", 3);
    }

    static final INDArray TARGET = Nd4j.createFromArray(new double[][] {{1, 0.5, 0}});

    static Attention.Result forward() {
        return Attention.forward(Colours.query(20), Colours.keys(), Colours.values(), null, 1 / 0.2);
    }

    private static String sign(Object answer) {
        double x = number(answer, "a sign (−1, 0 or +1)");
        if (x < 0) {
            return null;
        }
        return (x == 0 ? "not 0: yellow's weight is not 0" : "not positive")
                + ": look at the sign of ∂L/∂o's G entry (the result has too little green)";
    }

    private static String jacobianEntry(Object answer) {
        double x = number(answer, "one entry of the Jacobian");
        INDArray p = forward().weights();
        double red = p.getDouble(0, 0), yellow = p.getDouble(0, 1), want = -red * yellow;
        if (close(x, want)) {
            return null;
        }
        if (close(x, -want)) {
            return "the sign: raising yellow's score takes weight away from red";
        }
        if (close(x, red * (1 - red)) || close(x, yellow * (1 - yellow))) {
            return "p(1 − p) is a diagonal entry, ∂p_j/∂s_j; off the diagonal only the sum depends on s_j";
        }
        return Question.show(x, want) + " is " + String.format("%.3g", Math.abs(x - want)) + " away from the entry";
    }

    private static String backwardStep(Object answer) {
        try (Attention.Result r = forward()) {
            INDArray dO = r.output().sub(TARGET);
            INDArray p = r.weights();
            if (answer instanceof INDArray m && m.rank() == 2 && m.rows() == 3 && m.columns() == 6) {
                return "this is 3 × 6, transposed: dV has V's shape, 6 × 3 (pᵀ · dO, not dOᵀ · p)";
            }
            INDArray dV = matrix(answer, 6, 3, "∂L/∂V with V's shape");
            INDArray want = p.transpose().mmul(dO);
            if (close(dV, want)) {
                return null;
            }
            if (close(dV, p.transpose().mmul(r.output()))) {
                return "this is pᵀ · o: ∂L/∂o is o − target, not o";
            }
            return "not pᵀ · dO; its first row would be " + show(want.getRow(0, true)) + ", yours is "
                    + show(dV.getRow(0, true), want.getRow(0, true)) + howFar(dV, want);
        }
    }
}
