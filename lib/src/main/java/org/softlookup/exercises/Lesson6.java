package org.softlookup.exercises;

import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.number;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Lesson 06's exercises: one gradient-descent step by hand, and what the hard lookup gives its keys. */
public final class Lesson6 {

    static final INDArray PARAM = Nd4j.createFromArray(new double[][] {{1, 2}});
    static final INDArray GRAD = Nd4j.createFromArray(new double[][] {{0.5, -1}});

    /** p = (1, 2), ∂L/∂p = (0.5, −1), learning rate 0.1: the new p. */
    public final Question q1 = new Question(
            "Exercise 1",
            "p − 0.1 · ∂L/∂p = (0.95, 2.1): a step against the gradient",
            "Gradient descent moves each parameter a small step against its gradient: p − η · ∂L/∂p.",
            "INDArray p = Nd4j.createFromArray(new double[][] {{1, 2}});\n"
                    + "return p.sub(Nd4j.createFromArray(new double[][] {{0.5, -1}}).mul(0.1));",
            answer -> {
                INDArray p = matrix(answer, 1, 2, "the new parameters");
                if (p.equalsWithEps(PARAM.sub(GRAD.mul(0.1)), 1e-9)) {
                    return null;
                }
                if (p.equalsWithEps(PARAM.add(GRAD.mul(0.1)), 1e-9)) {
                    return "that steps along the gradient, uphill; descent subtracts it";
                }
                if (p.equalsWithEps(PARAM.sub(GRAD), 1e-9)) {
                    return "the learning rate 0.1 is missing";
                }
                return "not p − 0.1 · ∂L/∂p; yours is " + show(p);
            });

    /** How many entries of ∂L/∂K are not zero for the hard lookup. */
    public final Question q2 = new Question(
            "Exercise 2",
            "none: a small move of a key changes no argmax, so the hard lookup's ∂L/∂K is all zeros",
            "Move one key a little. Does the hard lookup pick another row for any query? Then how does the loss move?",
            "return 0;",
            answer -> {
                double x = number(answer, "a count");
                return x == 0
                        ? null
                        : "a small move of a key changes no query's best key, so the loss does not move at all";
            });

    Lesson6() {}

    @Override
    public String toString() {
        return Exercises.describe("06", 2);
    }
}
