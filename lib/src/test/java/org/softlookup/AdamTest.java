package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.softlookup.Errors.assertRejects;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdamTest {

    private final Random rnd = new Random(41);

    private INDArray random(long... shape) {
        int length = 1;
        for (long s : shape) {
            length *= (int) s;
        }
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Nd4j.create(a, shape, 'c');
    }

    /** Adam written out for one number at a time, straight from the paper's Algorithm 1. */
    private static final class NaiveAdam {
        final double lr;
        final double[][] m, v;
        int t;

        NaiveAdam(double lr, int[] sizes) {
            this.lr = lr;
            m = new double[sizes.length][];
            v = new double[sizes.length][];
            for (int k = 0; k < sizes.length; k++) {
                m[k] = new double[sizes[k]];
                v[k] = new double[sizes[k]];
            }
        }

        void step(double[][] p, double[][] g) {
            t++;
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    m[k][i] = 0.9 * m[k][i] + 0.1 * g[k][i];
                    v[k][i] = 0.999 * v[k][i] + 0.001 * g[k][i] * g[k][i];
                    double mHat = m[k][i] / (1 - Math.pow(0.9, t));
                    double vHat = v[k][i] / (1 - Math.pow(0.999, t));
                    p[k][i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
        }
    }

    private static double[] entries(INDArray x) {
        return x.dup('c').data().asDouble();
    }

    @Test
    void stepsEqualTheNaiveScalarAdamOverManySteps() {
        long[][] shapes = {{3, 4}, {2, 3, 5}, {1, 1}, {4, 4}, {4, 4}};
        List<INDArray> params = new ArrayList<>();
        int[] sizes = new int[shapes.length];
        double[][] expected = new double[shapes.length][];
        for (int k = 0; k < shapes.length; k++) {
            params.add(random(shapes[k]));
            expected[k] = entries(params.get(k));
            sizes[k] = expected[k].length;
        }
        List<INDArray> same = List.copyOf(params);
        Adam adam = new Adam(0.01);
        NaiveAdam naive = new NaiveAdam(0.01, sizes);
        for (int step = 1; step <= 12; step++) {
            List<INDArray> grads = new ArrayList<>();
            double[][] g = new double[shapes.length][];
            for (int k = 0; k < shapes.length; k++) {
                // gradients of very different sizes, and of a sign that changes now and then
                grads.add(random(shapes[k]).muli(Math.pow(10, k - 2)).addi(k % 2 == 0 ? 0.5 : -0.2));
                g[k] = entries(grads.get(k));
            }
            List<INDArray> gradsBefore = grads.stream().map(INDArray::dup).toList();
            adam.step(new ArrayList<>(params), grads); // a new list of the same arrays each step is fine
            naive.step(expected, g);
            assertEquals(step, adam.steps());
            for (int k = 0; k < shapes.length; k++) {
                assertSame(same.get(k), params.get(k));
                assertArrayEquals(shapes[k], params.get(k).shape());
                assertArrayEquals(expected[k], entries(params.get(k)), 1e-14, "step " + step + " param " + k);
                assertEquals(gradsBefore.get(k), grads.get(k), "the gradient is left as it was");
            }
        }
    }

    /** Bias correction: at t = 1, m̂ = g and v̂ = g², so each entry moves by lr·g/(|g| + ε) ≈ lr·sign(g). */
    @Test
    void theFirstStepMovesEveryEntryByAboutTheLearningRateAgainstItsGradient() {
        INDArray p = random(2, 3, 4), before = p.dup(), g = random(2, 3, 4);
        double[] ga = entries(g);
        for (int i = 0; i < ga.length; i++) { // scales 1e-3 … 1e4: the step does not depend on them
            ga[i] *= Math.pow(10, i % 8 - 3);
        }
        ga[5] = 0; // no gradient, no move
        g = Nd4j.create(ga, new long[] {2, 3, 4}, 'c');
        new Adam(0.003).step(List.of(p), List.of(g));
        double[] moved = entries(p.sub(before));
        for (int i = 0; i < ga.length; i++) {
            String what = "entry " + i + ", gradient " + ga[i];
            assertEquals(-0.003 * ga[i] / (Math.abs(ga[i]) + 1e-8), moved[i], 1e-15, what);
            // without bias correction the step would be 0.1/√0.001 ≈ 3.16 times this
            assertEquals(-0.003 * Math.signum(ga[i]), moved[i], 0.003 * 1e-3, what);
        }
        assertEquals(0.0, moved[5], 0);
    }

    @Test
    void aViewLearnsOnlyItsOwnEntries() {
        INDArray whole = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray column = whole.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)); // [3, 1], stride 4
        new Adam(0.5).step(List.of(column), List.of(Nd4j.create(new double[][] {{1}, {-2}, {3}})));
        assertArrayEquals(new double[] {0, -0.5, 0, 0, 0, 0.5, 0, 0, 0, -0.5, 0, 0}, entries(whole), 1e-7);
    }

    /** Wq, Wk, Wv have one shape: a swap must be caught by identity, and the refused step must change nothing. */
    @Test
    void swappedParametersOfOneShapeAreRefused() {
        INDArray wq = random(6, 4), wk = random(6, 4), wv = random(6, 4);
        Adam adam = new Adam(0.01);
        adam.step(List.of(wq, wk, wv), List.of(random(6, 4), random(6, 4), random(6, 4)));
        INDArray[] before = {wq.dup(), wk.dup(), wv.dup()};
        assertRejects(
                () -> adam.step(List.of(wk, wq, wv), List.of(random(6, 4), random(6, 4), random(6, 4))),
                "params[0] (shape [6, 4]) is not the array at position 0 of the first step (shape [6, 4])",
                "by identity, not by shape",
                "make a new Adam");
        assertRejects(
                () -> adam.step(List.of(wq, wk, wv.dup()), List.of(random(6, 4), random(6, 4), random(6, 4))),
                "params[2]",
                "not the array at position 2");
        assertRejects(
                () -> adam.step(List.of(wq, wk), List.of(random(6, 4), random(6, 4))),
                "params has 2 arrays but the first step had 3");
        assertArrayEquals(before, new INDArray[] {wq, wk, wv});
        assertEquals(1, adam.steps());
        adam.step(List.of(wq, wk, wv), List.of(random(6, 4), random(6, 4), random(6, 4))); // the same ones: fine
        assertEquals(2, adam.steps());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRejects(() -> new Adam(lr), "learningRate must be a finite number > 0", String.valueOf(lr));
        }
        INDArray a = random(2, 3), b = random(3, 2);
        Adam adam = new Adam(0.01);
        assertRejects(
                () -> adam.step(List.of(a, b), List.of(random(2, 3))),
                "grads has 1 arrays but params has 2",
                "one gradient per parameter");
        assertRejects(
                () -> adam.step(List.of(a, b), List.of(random(2, 3), random(2, 3))),
                "grads[1] has shape [2, 3] but params[1] has shape [3, 2]");
        assertRejects(() -> adam.step(null, List.of(a)), "params must not be null");
        assertRejects(() -> adam.step(List.of(a), null), "grads must not be null");
        assertRejects(() -> adam.step(List.of(), List.of()), "params is empty");
        assertRejects(() -> adam.step(List.of(a, a), List.of(random(2, 3), random(2, 3))), "are the same array");
        List<INDArray> withNull = new ArrayList<>(List.of(a));
        withNull.add(null);
        assertRejects(() -> adam.step(List.of(a, b), withNull), "grads[1] must not be null");
        assertRejects(
                () -> adam.step(List.of(a.castTo(DataType.FLOAT)), List.of(random(2, 3))),
                "params[0] has data type FLOAT",
                "castTo(DataType.DOUBLE)");
        INDArray nan = random(2, 3, 4);
        nan.putScalar(new long[] {1, 0, 2}, Double.NaN);
        assertRejects(() -> adam.step(List.of(random(2, 3, 4)), List.of(nan)), "grads[0] contains NaN at [1, 0, 2]");
        assertRejects(
                () -> adam.step(List.of(Nd4j.zeros(DataType.DOUBLE, 0, 3)), List.of(Nd4j.zeros(DataType.DOUBLE, 0, 3))),
                "params[0] is empty");
        assertEquals(0, adam.steps(), "no refused call counts as a step");
    }
}
