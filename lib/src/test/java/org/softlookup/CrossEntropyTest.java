package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;
import static org.softlookup.LinearTest.assertClose;
import static org.softlookup.LinearTest.assertRowsEqual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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

    /** [b, n, c] for logits of a batch of sequences. */
    private static final int[][] BATCH_SHAPES = {{1, 1, 1}, {1, 5, 3}, {3, 4, 2}, {2, 6, 5}, {4, 3, 7}};

    private INDArray random3(int b, int n, int c, double scale) {
        double[] a = new double[b * n * c];
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * rnd.nextGaussian();
        }
        return Nd4j.create(a, new long[] {b, n, c}, 'c');
    }

    /** About half of the rows 0 … rows − 1, at least one, in random order (the methods must not assume sorted). */
    private int[] somePositions(int rows) {
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < rows; p++) {
            all.add(p);
        }
        Collections.shuffle(all, rnd);
        return all.subList(0, Math.max(1, rows / 2)).stream()
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The chosen rows of [b, n, c] logits as a [k, c] matrix, read entry by entry: the route through rank 2. */
    private static INDArray picked(INDArray logits, int[] positions) {
        int n = (int) logits.size(1), c = (int) logits.size(2);
        double[][] rows = new double[positions.length][c];
        for (int r = 0; r < positions.length; r++) {
            for (int j = 0; j < c; j++) {
                rows[r][j] = logits.getDouble(positions[r] / n, positions[r] % n, j);
            }
        }
        return Nd4j.create(rows);
    }

    @Test
    void atChosenPositionsEqualsTheMatrixFormsOnThePickedRows() {
        for (int[] s : BATCH_SHAPES) {
            int b = s[0], n = s[1], c = s[2];
            INDArray z = random3(b, n, c, 3);
            int[] positions = somePositions(b * n), t = randomTargets(positions.length, c);
            INDArray rows = picked(z, positions);
            String what = java.util.Arrays.toString(s);
            assertEquals(CrossEntropy.of(rows, t), CrossEntropy.at(z, positions, t), 1e-14, what);
            assertEquals(CrossEntropy.accuracy(rows, t), CrossEntropy.accuracyAt(z, positions, t), 0, what);
            INDArray g = CrossEntropy.gradientAt(z, positions, t);
            assertArrayEquals(z.shape(), g.shape(), what);
            assertRowsEqual(CrossEntropy.gradient(rows, t).toDoubleMatrix(), picked(g, positions), 1e-15, what);
            boolean[] chosen = new boolean[b * n];
            for (int p : positions) {
                chosen[p] = true;
            }
            for (int p = 0; p < b * n; p++) {
                if (!chosen[p]) {
                    assertEquals(
                            0.0,
                            g.get(NDArrayIndex.point(p / n), NDArrayIndex.point(p % n))
                                    .amaxNumber()
                                    .doubleValue(),
                            0,
                            what + " row " + p + " not chosen");
                }
            }
        }
    }

    @Test
    void atTakesAMatrixOfRowsToo() {
        INDArray z = Naive.random(rnd, 6, 4);
        int[] all = {0, 1, 2, 3, 4, 5}, t = randomTargets(6, 4);
        assertEquals(CrossEntropy.of(z, t), CrossEntropy.at(z, all, t), 1e-15);
        assertEquals(CrossEntropy.gradient(z, t), CrossEntropy.gradientAt(z, all, t));
        int[] two = {4, 1};
        INDArray g = CrossEntropy.gradientAt(z, two, new int[] {t[4], t[1]});
        assertEquals(0.0, g.getRow(0).amaxNumber().doubleValue(), 0);
        assertEquals(CrossEntropy.gradient(z.getRow(4, true), new int[] {t[4]}).div(2), g.getRow(4, true));
    }

    @Test
    void gradientAtMatchesFiniteDifferencesAndSameDiff() {
        for (int[] s : BATCH_SHAPES) {
            int b = s[0], n = s[1], c = s[2];
            INDArray z = random3(b, n, c, 2);
            int[] positions = somePositions(b * n), t = randomTargets(positions.length, c);
            INDArray hand = CrossEntropy.gradientAt(z, positions, t).reshape(b * n, c);
            String what = java.util.Arrays.toString(s);
            // the finite differences nudge the [b·n, c] rows, each evaluated as the batch it is a view of
            INDArray numeric = GradCheck.numeric(
                    a -> CrossEntropy.at(a.reshape(b, n, c), positions, t), z.reshape(b * n, c), 1e-6);
            assertClose(numeric, hand, 1e-7, what + " finite differences");
            INDArray onehot = Nd4j.zeros(DataType.DOUBLE, b, n, c);
            for (int r = 0; r < positions.length; r++) {
                onehot.putScalar(new long[] {positions[r] / n, positions[r] % n, t[r]}, 1.0);
            }
            SameDiff sd = SameDiff.create();
            SDVariable Z = sd.var("Z", z.dup());
            // log-softmax over the classes of every row (with a dimension argument, ND4J M2.1 fails to differentiate)
            SDVariable logP = sd.nn.logSoftmax(Z.reshape(b * n, c)).reshape(b, n, c);
            sd.setLossVariables(logP.mul(sd.constant(onehot)).sum().mul(-1.0 / positions.length));
            INDArray auto = sd.calculateGradients(Map.of(), "Z").get("Z");
            assertClose(auto.reshape(b * n, c), hand, 1e-9, what + " SameDiff");
        }
    }

    @Test
    void hugeLogitsAtChosenPositionsNeitherOverflowNorLoseTheLoss() {
        INDArray z = Nd4j.create(new double[] {1e4, 0, -1e4, 7, 7, 7, 1e4, 1e4 - 2, 0}, new long[] {1, 3, 3}, 'c');
        double expected = (1e4 + 2 + Math.log1p(Math.exp(-2))) / 2; // as for the matrix form
        assertEquals(expected, CrossEntropy.at(z, new int[] {0, 2}, new int[] {1, 1}), 1e-9);
        double p = 1 / (1 + Math.exp(-2));
        assertRowsEqual(
                new double[][] {{0.5, -0.5, 0}, {0, 0, 0}, {p / 2, (1 - p) / 2 - 0.5, 0}},
                CrossEntropy.gradientAt(z, new int[] {0, 2}, new int[] {1, 1}).reshape(3, 3),
                1e-15,
                "");
        assertEquals(0.5, CrossEntropy.accuracyAt(z, new int[] {2, 0}, new int[] {0, 2}), 0);
    }

    @Test
    void positionsMethodsLeaveTheirInputsAsTheyWere() {
        INDArray z = random3(2, 3, 4, 1), before = z.dup();
        int[] positions = {5, 0, 3}, t = {1, 3, 0};
        CrossEntropy.at(z, positions, t);
        CrossEntropy.gradientAt(z, positions, t);
        CrossEntropy.accuracyAt(z, positions, t);
        assertEquals(before, z);
        assertArrayEquals(new int[] {5, 0, 3}, positions);
        assertArrayEquals(new int[] {1, 3, 0}, t);
    }

    @Test
    void badPositionsAreRejectedWithAClearMessage() {
        INDArray z = random3(2, 3, 4, 1);
        assertRejects(
                () -> CrossEntropy.at(z, new int[] {0, 6}, new int[] {0, 0}),
                "positions[1] is 6",
                "[2, 3, 4] has 6 rows (b·n = 2·3)",
                "from 0 to 5");
        assertRejects(() -> CrossEntropy.gradientAt(z, new int[] {-1}, new int[] {0}), "positions[0] is -1");
        assertRejects(
                () -> CrossEntropy.accuracyAt(z, new int[] {0, 1}, new int[] {0}),
                "targets has 1 entries but positions has 2",
                "one target class per chosen position");
        assertRejects(
                () -> CrossEntropy.at(z, new int[] {0, 1}, new int[] {0, 4}),
                "targets[1] is 4",
                "4 classes",
                "from 0 to 3");
        assertRejects(
                () -> CrossEntropy.gradientAt(z, new int[] {3, 1, 3}, new int[] {0, 0, 0}),
                "positions[2] is 3, which is chosen already",
                "scored once");
        assertRejects(() -> CrossEntropy.at(z, new int[0], new int[0]), "positions is empty");
        assertRejects(() -> CrossEntropy.at(z, null, new int[] {0}), "positions must not be null");
        assertRejects(() -> CrossEntropy.at(z, new int[] {0}, null), "targets must not be null");
        assertRejects(() -> CrossEntropy.at(null, new int[] {0}, new int[] {0}), "logits must not be null");
        assertRejects(
                () -> CrossEntropy.at(Nd4j.zeros(DataType.DOUBLE, 1, 2, 3, 4), new int[] {0}, new int[] {0}),
                "logits must be a matrix [rows, columns] or a batch of matrices",
                "[1, 2, 3, 4]");
        assertRejects(() -> CrossEntropy.at(z.castTo(DataType.FLOAT), new int[] {0}, new int[] {0}), "logits", "FLOAT");
        INDArray nan = z.dup();
        nan.putScalar(new long[] {1, 2, 3}, Double.NaN);
        assertRejects(
                () -> CrossEntropy.gradientAt(nan, new int[] {0}, new int[] {0}), "logits contains NaN at [1, 2, 3]");
        assertRejects(
                () -> CrossEntropy.at(Naive.random(rnd, 3, 4), new int[] {3}, new int[] {0}),
                "positions[0] is 3",
                "[3, 4] has 3 rows:");
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
