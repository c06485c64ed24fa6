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
import org.softlookup.GradientDescent;
import org.softlookup.Loss;
import org.softlookup.Seeded;
import org.softlookup.Sweep;
import org.softlookup.view.Numbers;

/**
 * Lesson 06's exercises: one gradient-descent step by hand, what the hard lookup gives its keys, and a learning rate
 * that trains the lesson's lookup in fewer steps.
 */
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
                INDArray want = PARAM.sub(GRAD.mul(0.1));
                if (close(p, want)) {
                    return null;
                }
                if (close(p, PARAM.add(GRAD.mul(0.1)))) {
                    return "that steps along the gradient, uphill; descent subtracts it";
                }
                if (close(p, PARAM.sub(GRAD))) {
                    return "the learning rate 0.1 is missing";
                }
                return "not p − 0.1 · ∂L/∂p; yours is " + show(p, want) + howFar(p, want);
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

    /** Steps allowed, and the loss to get below in them: η = 0.5 needs 100 steps to reach 0.0358. */
    static final int STEPS = 30;

    static final double TARGET = 0.036;

    /** A learning rate that brings the lesson's soft lookup below a loss of 0.036 in 30 steps. */
    public final Question q3 = new Question(
            "Exercise 3",
            "below a loss of 0.036 in " + STEPS + " steps, where η = 0.5 needs 100",
            "Section 6: larger steps go faster as long as they do not overshoot. Try a few rates between 0.5 and 10:"
                    + " train(K0.dup(), V0.dup(), scale, eta, 30)[30] is the loss after 30 steps.",
            "return 3.0; // loss 0.0252 after 30 steps\n"
                    + "// rates from about 1.66 to 4.88 pass; above, passing and failing alternate (5.0 to 5.2 and\n"
                    + "// 5.8 to 6.1 pass; 4.9, 5.3 to 5.7 and 6.2 to 6.7 overshoot); from about 6.75 it blows up",
            Lesson6::learningRate);

    Lesson6() {}

    @Override
    public String toString() {
        return Exercises.describe("06", 3);
    }

    /**
     * The losses of the lesson's soft lookup (72 hues, scale 5, keys and values from seeds 3 and 4) before each of
     * {@code steps} gradient-descent steps and after the last; it stops early at a loss that is not finite.
     */
    static double[] train(double learningRate, int steps) {
        double[] hues = Sweep.linspace(0, 355, 72);
        INDArray q = Colours.queries(hues), target = Colours.wheel(hues);
        INDArray k = Seeded.randn(3, 6, 2), v = Seeded.randn(4, 6, 3);
        double[] losses = new double[steps + 1];
        for (int step = 0; step <= steps; step++) {
            try (Attention.Result r = Attention.forward(q, k, v, null, 5)) {
                losses[step] = Loss.halfSquared(r.output(), target) / hues.length;
                if (step == steps || !Double.isFinite(losses[step])) {
                    return java.util.Arrays.copyOf(losses, step + 1);
                }
                try (Attention.Gradients g =
                        Attention.backward(r, r.output().sub(target).divi(hues.length))) {
                    GradientDescent.step(k, g.dK(), learningRate);
                    GradientDescent.step(v, g.dV(), learningRate);
                }
            } catch (IllegalArgumentException notFinite) { // keys or values overflowed: the run has diverged
                return java.util.Arrays.copyOf(losses, step);
            }
        }
        return losses;
    }

    private static String learningRate(Object answer) {
        double eta = number(answer, "a learning rate");
        if (!(eta > 0) || Double.isInfinite(eta)) {
            return "a learning rate is a positive, finite number; yours is " + eta;
        }
        double[] losses = train(eta, STEPS);
        double start = losses[0], last = losses[losses.length - 1];
        if (losses.length <= STEPS || !(last <= start)) {
            return "it diverges: the loss went from " + Numbers.significant(start) + " to " + Numbers.significant(last)
                    + " in " + (losses.length - 1) + " steps; take a smaller rate";
        }
        if (last < TARGET) {
            return null;
        }
        String still =
                "after " + STEPS + " steps the loss is still " + Numbers.significant(last) + ", not below " + TARGET;
        // Along the first gradient, a step that goes less far down than half of it has overshot the valley.
        double first = losses[1], half = train(eta / 2, 1)[1];
        return half < first
                ? still + ", and the steps overshoot: your first step lowers the loss to " + Numbers.significant(first)
                        + ", half of it to " + Numbers.significant(half) + "; take a smaller rate"
                : still + ": the steps are too small; take a larger rate";
    }
}
