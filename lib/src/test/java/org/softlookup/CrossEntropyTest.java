package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;
import static org.softlookup.LinearTest.assertClose;
import static org.softlookup.LinearTest.assertRowsEqual;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CrossEntropyTest {

    private final Random rnd = new Random(29);

    private static final int[][] SHAPES = {{1, 1}, {1, 4}, {5, 1}, {3, 2}, {6, 6}, {10, 3}, {2, 9}};

    private int[] randomTargets(int n, int c) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextInt(c);
        }
        return t;
    }

    /** −log(exp(z_t) / Σ exp z), literally, averaged: fine for logits of moderate size. */
    private static double naive(double[][] z, int[] t) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double total = 0;
            for (double x : z[i]) {
                total += Math.exp(x);
            }
            sum += -Math.log(Math.exp(z[i][t[i]]) / total);
        }
        return sum / z.length;
    }

    @Test
    void lossEqualsTheNaiveFormula() {
        for (int[] s : SHAPES) {
            INDArray z = Naive.random(rnd, s[0], s[1]).muli(3);
            int[] t = randomTargets(s[0], s[1]);
            assertEquals(naive(z.toDoubleMatrix(), t), CrossEntropy.of(z, t), 1e-13);
        }
    }

    @Test
    void knownValues() {
        // uniform logits over c classes: L = log c whatever the target
        assertEquals(Math.log(6), CrossEntropy.of(Nd4j.zeros(DataType.DOUBLE, 4, 6), new int[] {0, 5, 2, 2}), 1e-15);
        // one class only: probability 1, loss 0
        assertEquals(0.0, CrossEntropy.of(Nd4j.create(new double[][] {{3.5}}), new int[] {0}), 0);
        // rows [ln 3, 0]: probabilities 3/4 and 1/4; targets 0 and 1: mean of −log ¾ and −log ¼
        INDArray z = Nd4j.create(new double[][] {{Math.log(3), 0}, {Math.log(3), 0}});
        assertEquals((-Math.log(0.75) - Math.log(0.25)) / 2, CrossEntropy.of(z, new int[] {0, 1}), 1e-15);
        assertRowsEqual(
                new double[][] {{-0.125, 0.125}, {0.375, -0.375}},
                CrossEntropy.gradient(z, new int[] {0, 1}),
                1e-15,
                "");
    }

    @Test
    void hugeLogitsNeitherOverflowNorLoseTheLoss() {
        INDArray z = Nd4j.create(new double[][] {{1e4, 0, -1e4}, {1e4, 1e4 - 2, 0}});
        // row 0, target 1: L = 1e4 + log(1 + e^−1e4 + e^−2e4) − 0 = 1e4; row 1, target 1: L = 2 + log(1 + e^−2)
        double expected = (1e4 + 2 + Math.log1p(Math.exp(-2))) / 2;
        assertEquals(expected, CrossEntropy.of(z, new int[] {1, 1}), 1e-9);
        double p = 1 / (1 + Math.exp(-2)); // row 1's weight on class 0
        assertRowsEqual(
                new double[][] {{0.5, -0.5, 0}, {p / 2, (1 - p) / 2 - 0.5, 0}},
                CrossEntropy.gradient(z, new int[] {1, 1}),
                1e-15,
                "");
    }

    @Test
    void gradientMatchesFiniteDifferencesAndSameDiff() {
        for (int[] s : SHAPES) {
            INDArray z = Naive.random(rnd, s[0], s[1]).muli(2);
            int[] t = randomTargets(s[0], s[1]);
            INDArray hand = CrossEntropy.gradient(z, t);
            assertClose(GradCheck.numeric(a -> CrossEntropy.of(a, t), z, 1e-6), hand, 1e-7, "finite differences");
            assertClose(sameDiffGradient(z, t), hand, 1e-9, "SameDiff");
        }
    }

    /** L = −(1/n) Σ onehot ⊙ log_softmax(Z) (over the last dimension, the classes), differentiated by SameDiff. */
    private static INDArray sameDiffGradient(INDArray logits, int[] targets) {
        INDArray onehot = Nd4j.zeros(DataType.DOUBLE, logits.rows(), logits.columns());
        for (int i = 0; i < targets.length; i++) {
            onehot.putScalar(i, targets[i], 1.0);
        }
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.var("Z", logits.dup());
        SDVariable logP = sd.nn.logSoftmax(z);
        sd.setLossVariables(logP.mul(sd.constant(onehot)).sum().mul(-1.0 / targets.length));
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "Z");
        return g.get("Z");
    }

    @Test
    void gradientRowsSumToZero() {
        INDArray g = CrossEntropy.gradient(Naive.random(rnd, 5, 4), randomTargets(5, 4));
        for (int i = 0; i < 5; i++) {
            assertEquals(0.0, g.getRow(i).sumNumber().doubleValue(), 1e-16);
        }
    }

    @Test
    void accuracyCountsTheRowsWhoseLargestLogitIsTheTarget() {
        INDArray z = Nd4j.create(new double[][] {{0, 2, 1}, {5, -1, 4.9}, {0, 0, 1}, {3, 3, 0}});
        assertEquals(1.0, CrossEntropy.accuracy(z, new int[] {1, 0, 2, 0}), 0);
        assertEquals(0.5, CrossEntropy.accuracy(z, new int[] {1, 2, 2, 1}), 0); // a tie goes to the first class
        assertEquals(0.0, CrossEntropy.accuracy(z, new int[] {0, 1, 0, 2}), 0);
        for (int trial = 0; trial < 5; trial++) { // against a naive count with argmax by ND4J
            INDArray r = Naive.random(rnd, 20, 4);
            int[] t = randomTargets(20, 4);
            long[] argmax = r.argMax(1).toLongVector();
            int right = 0;
            for (int i = 0; i < 20; i++) {
                right += argmax[i] == t[i] ? 1 : 0;
            }
            assertEquals(right / 20.0, CrossEntropy.accuracy(r, t), 0);
        }
    }

    @Test
    void inputsAreNotModified() {
        INDArray z = Naive.random(rnd, 4, 3), before = z.dup();
        int[] t = {0, 2, 1, 1};
        CrossEntropy.of(z, t);
        CrossEntropy.gradient(z, t);
        CrossEntropy.accuracy(z, t);
        assertEquals(before, z);
        assertArrayEquals(new int[] {0, 2, 1, 1}, t);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray z = Naive.random(rnd, 3, 4);
        assertRejects(
                () -> CrossEntropy.of(z, new int[] {0, 1}),
                "targets has 2 entries but logits has 3 rows",
                "one target class per row",
                "[3, 4]");
        assertRejects(
                () -> CrossEntropy.gradient(z, new int[] {0, 4, 1}), "targets[1] is 4", "4 columns", "from 0 to 3");
        assertRejects(() -> CrossEntropy.accuracy(z, new int[] {0, 1, -1}), "targets[2] is -1", "from 0 to 3");
        assertRejects(() -> CrossEntropy.of(z, null), "targets", "null");
        assertRejects(() -> CrossEntropy.of(null, new int[] {0}), "logits", "null");
        assertRejects(() -> CrossEntropy.of(z.castTo(DataType.FLOAT), new int[] {0, 0, 0}), "logits", "FLOAT");
        INDArray nan = z.dup();
        nan.putScalar(1, 2, Double.NaN);
        assertRejects(() -> CrossEntropy.gradient(nan, new int[] {0, 0, 0}), "logits", "NaN", "[1, 2]");
    }
}
