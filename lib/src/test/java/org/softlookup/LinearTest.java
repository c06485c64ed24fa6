package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.internal.OffHeap;

class LinearTest {

    private final Random rnd = new Random(17);

    /** [n, d_in, d_out], the one-by-one products included (SameDiff needs a detour there). */
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 3, 1}, {1, 1, 4}, {4, 1, 1}, {3, 4, 2}, {6, 2, 5}, {2, 7, 3}};

    @Test
    void forwardEqualsTheNaiveTripleLoop() {
        for (int[] s : SHAPES) {
            INDArray x = Naive.random(rnd, s[0], s[1]), w = Naive.random(rnd, s[1], s[2]);
            double[][] expected = Naive.matmul(x.toDoubleMatrix(), w.toDoubleMatrix());
            Linear.Result r = Linear.forward(x, w);
            assertArrayEquals(new long[] {s[0], s[2]}, r.output().shape());
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], r.output().getRow(i).toDoubleVector(), 1e-13);
            }
            assertSame(x, r.x());
            assertSame(w, r.w());
        }
    }

    /** Views and transposed arrays are not plain row-major blocks; their products must be right all the same. */
    @Test
    void viewsAndTransposedArraysMultiplyLikeCopies() {
        INDArray big = Naive.random(rnd, 5, 6);
        INDArray[] xs = {
            big.get(NDArrayIndex.interval(0, 3), NDArrayIndex.interval(0, 4)), // offset 0, rows 6 apart
            big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 6)), // an offset too
            Naive.random(rnd, 4, 3).transpose(), // column-major
            big.getRow(2, true).reshape(1, 6).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4))
        };
        for (INDArray x : xs) {
            INDArray w = Naive.random(rnd, 4, 2);
            double[][] expected = Naive.matmul(x.toDoubleMatrix(), w.toDoubleMatrix());
            assertRowsEqual(expected, Linear.forward(x, w).output(), 1e-13, "x " + x.shapeInfoToString());
            assertRowsEqual(
                    expected, Linear.forward(x, w.transpose().dup().transpose()).output(), 1e-13, "column-major w");
            INDArray dY = Naive.random(rnd, (int) x.rows(), 2);
            Linear.Gradients g = Linear.backward(Linear.forward(x, w), dY);
            assertRowsEqual(Naive.matmul(dY.toDoubleMatrix(), w.transpose().toDoubleMatrix()), g.dX(), 1e-13, "dX");
            assertRowsEqual(Naive.matmul(x.transpose().toDoubleMatrix(), dY.toDoubleMatrix()), g.dW(), 1e-13, "dW");
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesAndSameDiff() {
        for (int[] s : SHAPES) {
            INDArray x = Naive.random(rnd, s[0], s[1]), w = Naive.random(rnd, s[1], s[2]);
            INDArray g = Naive.random(rnd, s[0], s[2]); // L = Σ Y ⊙ g, so dY = g
            Linear.Gradients hand = Linear.backward(Linear.forward(x, w), g);
            String what = "shape " + java.util.Arrays.toString(s);
            assertClose(
                    GradCheck.numeric(
                            a -> Naive.sumOfProducts(Linear.forward(a, w).output(), g), x, 1e-6),
                    hand.dX(),
                    1e-7,
                    what + " dX");
            assertClose(
                    GradCheck.numeric(
                            a -> Naive.sumOfProducts(Linear.forward(x, a).output(), g), w, 1e-6),
                    hand.dW(),
                    1e-7,
                    what + " dW");
            Linear.Gradients auto = AutoDiff.linear(x, w, g);
            assertClose(auto.dX(), hand.dX(), 1e-9, what + " dX by SameDiff");
            assertClose(auto.dW(), hand.dW(), 1e-9, what + " dW by SameDiff");
        }
    }

    @Test
    void oneEntryOfDWIsTheSumOverRowsOfInputTimesOutputGradient() {
        INDArray x = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        INDArray w = Nd4j.create(new double[][] {{1, 0, 2}, {0, 1, 0}});
        INDArray dY = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}});
        Linear.Gradients g = Linear.backward(Linear.forward(x, w), dY);
        // dW[c, j] = Σ_i x[i, c] dY[i, j]: only y[0, 0] and y[1, 2] matter to L
        assertArrayEquals(new double[][] {{1, 0, 3}, {2, 0, 4}}, g.dW().toDoubleMatrix());
        // dX[i, c] = Σ_j dY[i, j] w[c, j]
        assertArrayEquals(new double[][] {{1, 0}, {2, 0}}, g.dX().toDoubleMatrix());
    }

    @Test
    void closingFreesWhatForwardAndBackwardMadeButNotTheInputs() {
        INDArray x = Naive.random(rnd, 3, 2), w = Naive.random(rnd, 2, 4), g = Naive.random(rnd, 3, 4);
        System.gc(); // so that no earlier garbage leaves the count during the test
        long before = OffHeap.unclosedBytes();
        Linear.Result r = Linear.forward(x, w);
        Linear.Gradients grads = Linear.backward(r, g);
        assertEquals(8L * (3 * 4 + 3 * 2 + 2 * 4), OffHeap.unclosedBytes() - before); // Y, dX, dW
        r.close();
        grads.close();
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(
                r.output().wasClosed() && grads.dX().wasClosed() && grads.dW().wasClosed());
        assertTrue(!x.wasClosed() && !w.wasClosed() && !g.wasClosed());
    }

    @Test
    void inputsAreNotModified() {
        INDArray x = Naive.random(rnd, 3, 2), w = Naive.random(rnd, 2, 4), g = Naive.random(rnd, 3, 4);
        INDArray[] before = {x.dup(), w.dup(), g.dup()};
        Linear.Result r = Linear.forward(x, w);
        INDArray output = r.output().dup();
        Linear.backward(r, g);
        AutoDiff.linear(x, w, g);
        assertArrayEquals(before, new INDArray[] {x, w, g});
        assertEquals(output, r.output());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray x = Naive.random(rnd, 2, 4), w = Naive.random(rnd, 4, 3);
        assertRejects(
                () -> Linear.forward(x, Naive.random(rnd, 5, 3)),
                "w has 5 rows but x has 4 columns",
                "one row of w per column of x",
                "[2, 4]",
                "[5, 3]");
        assertRejects(() -> Linear.forward(null, w), "x", "null");
        assertRejects(() -> Linear.forward(x, null), "w", "null");
        assertRejects(() -> Linear.forward(x.castTo(DataType.FLOAT), w), "x", "FLOAT", "castTo(DataType.DOUBLE)");
        assertRejects(() -> Linear.forward(Nd4j.create(new double[] {1, 2, 3, 4}, 4), w), "x", "matrix", "[4]");
        INDArray nanW = w.dup();
        nanW.putScalar(2, 1, Double.NaN);
        assertRejects(() -> Linear.forward(x, nanW), "w", "NaN", "[2, 1]");
        Linear.Result r = Linear.forward(x, w);
        assertRejects(() -> Linear.backward(r, Naive.random(rnd, 2, 4)), "dOutput", "[2, 3]", "[2, 4]");
        assertRejects(() -> Linear.backward(null, Naive.random(rnd, 2, 3)), "r", "null", "Linear.forward");
        assertRejects(() -> AutoDiff.linear(x, w, Naive.random(rnd, 3, 3)), "dOutput", "[2, 3]", "[3, 3]");
        assertRejects(
                () -> AutoDiff.linear(x, Naive.random(rnd, 3, 3), Naive.random(rnd, 2, 3)),
                "w has 3 rows but x has 4 columns");
    }

    /** [b, n, d_in, d_out] for batches of sequences, b = 1 and larger, the one-by-one cases included. */
    private static final int[][] BATCH_SHAPES = {{1, 1, 1, 1}, {1, 4, 3, 2}, {3, 5, 4, 2}, {2, 1, 6, 3}, {4, 3, 1, 5}};

    /** Standard normal entries of the given shape, row-major. */
    private INDArray random3(int b, int n, int d) {
        double[] a = new double[b * n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return Nd4j.create(a, new long[] {b, n, d}, 'c');
    }

    /** Sequence k of a batch as a Java matrix. */
    private static double[][] sequence(INDArray x, int k) {
        return x.slice(k).toDoubleMatrix();
    }

    @Test
    void aBatchMapsEverySequenceLikeTheNaiveLoopAndSumsDWOverThem() {
        for (int[] s : BATCH_SHAPES) {
            int b = s[0], n = s[1], d = s[2], c = s[3];
            INDArray x = random3(b, n, d), w = Naive.random(rnd, d, c), dY = random3(b, n, c);
            Linear.Result r = Linear.forward(x, w);
            Linear.Gradients g = Linear.backward(r, dY);
            assertArrayEquals(new long[] {b, n, c}, r.output().shape());
            assertArrayEquals(new long[] {b, n, d}, g.dX().shape());
            double[][] dW = new double[d][c];
            for (int k = 0; k < b; k++) {
                String what = java.util.Arrays.toString(s) + " sequence " + k;
                assertRowsEqual(
                        Naive.matmul(sequence(x, k), w.toDoubleMatrix()),
                        r.output().slice(k),
                        1e-13,
                        what);
                assertRowsEqual(
                        Naive.matmul(sequence(dY, k), w.transpose().toDoubleMatrix()), g.dX().slice(k), 1e-13, what);
                double[][] part = Naive.matmul(x.slice(k).transpose().toDoubleMatrix(), sequence(dY, k));
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < c; j++) {
                        dW[i][j] += part[i][j];
                    }
                }
            }
            assertRowsEqual(dW, g.dW(), 1e-12, java.util.Arrays.toString(s) + " dW");
        }
    }

    /** A batch that is a view (an offset, or axes permuted) maps like a copy of it. */
    @Test
    void batchViewsMultiplyLikeCopies() {
        INDArray big = random3(4, 3, 5);
        INDArray[] xs = {
            big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all()), // an offset
            big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.interval(1, 5)), // gaps
            random3(2, 5, 3).permute(0, 2, 1) // strides out of order
        };
        for (INDArray x : xs) {
            INDArray copy = x.dup('c'), w = Naive.random(rnd, (int) x.size(2), 2);
            INDArray dY = random3((int) x.size(0), (int) x.size(1), 2);
            assertEquals(Linear.forward(copy, w).output(), Linear.forward(x, w).output(), x.shapeInfoToString());
            Linear.Gradients viewed = Linear.backward(Linear.forward(x, w), dY);
            Linear.Gradients copied = Linear.backward(Linear.forward(copy, w), dY);
            assertEquals(copied.dX(), viewed.dX());
            assertClose(copied.dW(), viewed.dW(), 1e-14, "dW of a view");
        }
    }

    @Test
    void batchGradientsMatchFiniteDifferencesAndSameDiff() {
        for (int[] s : BATCH_SHAPES) {
            int b = s[0], n = s[1], d = s[2], c = s[3];
            INDArray x = random3(b, n, d), w = Naive.random(rnd, d, c), g = random3(b, n, c); // L = Σ Y ⊙ g
            Linear.Gradients hand = Linear.backward(Linear.forward(x, w), g);
            String what = "shape " + java.util.Arrays.toString(s);
            INDArray numericDX = x.ulike();
            INDArray work = x.dup();
            for (int k = 0; k < b; k++) { // nudging each entry of the rank-3 x by hand
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        double original = work.getDouble(k, i, j);
                        work.putScalar(new long[] {k, i, j}, original + 1e-6);
                        double plus =
                                Naive.sumOfProducts(Linear.forward(work, w).output(), g);
                        work.putScalar(new long[] {k, i, j}, original - 1e-6);
                        double minus =
                                Naive.sumOfProducts(Linear.forward(work, w).output(), g);
                        work.putScalar(new long[] {k, i, j}, original);
                        numericDX.putScalar(new long[] {k, i, j}, (plus - minus) / 2e-6);
                    }
                }
            }
            assertClose(numericDX.reshape(b * n, d), hand.dX().reshape(b * n, d), 1e-7, what + " dX");
            assertClose(
                    GradCheck.numeric(
                            a -> Naive.sumOfProducts(Linear.forward(x, a).output(), g), w, 1e-6),
                    hand.dW(),
                    1e-7,
                    what + " dW");
            SameDiff sd = SameDiff.create();
            SDVariable X = sd.var("X", x.dup()), W = sd.var("W", w.dup());
            SDVariable rows = X.reshape(b * n, d); // matmul_bp fails on [1, 1]·[1, 1]: a product of numbers then
            SDVariable Y = (b * n == 1 && d == 1 && c == 1 ? rows.mul(W) : rows.mmul(W)).reshape(b, n, c);
            sd.setLossVariables(Y.mul(sd.constant(g.dup())).sum());
            Map<String, INDArray> auto = sd.calculateGradients(Map.of(), "X", "W");
            assertClose(auto.get("X").reshape(b * n, d), hand.dX().reshape(b * n, d), 1e-9, what + " dX by SameDiff");
            assertClose(auto.get("W"), hand.dW(), 1e-9, what + " dW by SameDiff");
        }
    }

    @Test
    void closingABatchResultFreesWhatForwardAndBackwardMade() {
        INDArray x = random3(2, 3, 4), w = Naive.random(rnd, 4, 5), g = random3(2, 3, 5);
        System.gc();
        long before = OffHeap.unclosedBytes();
        Linear.Result r = Linear.forward(x, w);
        Linear.Gradients grads = Linear.backward(r, g);
        assertEquals(8L * (2 * 3 * 5 + 2 * 3 * 4 + 4 * 5), OffHeap.unclosedBytes() - before); // Y, dX, dW
        r.close();
        grads.close();
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(!x.wasClosed() && !w.wasClosed() && !g.wasClosed());
    }

    @Test
    void badBatchInputIsRejectedWithAClearMessage() {
        INDArray x = random3(2, 3, 4), w = Naive.random(rnd, 4, 3);
        assertRejects(
                () -> Linear.forward(x, Naive.random(rnd, 5, 3)),
                "w has 5 rows but x has 4 columns",
                "[2, 3, 4]",
                "[5, 3]");
        assertRejects(
                () -> Linear.forward(Nd4j.zeros(DataType.DOUBLE, 2, 2, 3, 4), w),
                "x must be a matrix [rows, columns] or a batch of matrices [b, rows, columns]",
                "[2, 2, 3, 4]");
        assertRejects(() -> Linear.forward(x.castTo(DataType.FLOAT), w), "x", "FLOAT", "castTo(DataType.DOUBLE)");
        assertRejects(() -> Linear.forward(Nd4j.zeros(DataType.DOUBLE, 0, 3, 4), w), "x is empty", "[0, 3, 4]");
        INDArray nan = x.dup();
        nan.putScalar(new long[] {1, 2, 0}, Double.NaN);
        assertRejects(() -> Linear.forward(nan, w), "x contains NaN at [1, 2, 0]");
        assertRejects(() -> Linear.forward(x, random3(1, 4, 3)), "w must be a matrix", "[1, 4, 3]");
        Linear.Result r = Linear.forward(x, w);
        assertRejects(() -> Linear.backward(r, random3(2, 3, 2)), "dOutput must have shape [2, 3, 3]", "[2, 3, 2]");
        assertRejects(() -> Linear.backward(r, Naive.random(rnd, 6, 3)), "dOutput must have shape [2, 3, 3]", "[6, 3]");
        INDArray inf = random3(2, 3, 3);
        inf.putScalar(new long[] {0, 1, 2}, Double.POSITIVE_INFINITY);
        assertRejects(() -> Linear.backward(r, inf), "dOutput contains Infinity at [0, 1, 2]");
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double err = GradCheck.maxRelativeError(expected, actual);
        assertTrue(err <= tol, () -> what + ": relative error " + err + " > " + tol);
    }

    static void assertRowsEqual(double[][] expected, INDArray actual, double tol, String what) {
        assertArrayEquals(new long[] {expected.length, expected[0].length}, actual.shape(), what + " shape");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual.getRow(i).toDoubleVector(), tol, what + " row " + i);
        }
    }
}
