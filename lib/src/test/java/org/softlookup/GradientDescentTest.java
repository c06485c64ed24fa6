package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GradientDescentTest {

    private final Random rnd = new Random(31);

    @Test
    void stepSubtractsLearningRateTimesGradientInPlace() {
        for (int[] s : new int[][] {{1, 1}, {3, 4}, {7, 2}}) {
            INDArray param = Naive.random(rnd, s[0], s[1]), grad = Naive.random(rnd, s[0], s[1]);
            double[][] p = param.toDoubleMatrix(), g = grad.toDoubleMatrix();
            INDArray same = param, gradBefore = grad.dup();
            GradientDescent.step(param, grad, 0.3);
            assertSame(same, param);
            for (int i = 0; i < s[0]; i++) {
                for (int j = 0; j < s[1]; j++) {
                    assertEquals(p[i][j] - 0.3 * g[i][j], param.getDouble(i, j), 1e-15);
                }
            }
            assertEquals(gradBefore, grad);
        }
    }

    @Test
    void aViewStepsOnlyItsOwnEntriesOfTheArrayBehindIt() {
        INDArray whole = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray column = whole.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)); // [3, 1], stride 4
        GradientDescent.step(column, Nd4j.create(new double[][] {{1}, {2}, {3}}), 1.0);
        assertArrayEquals(new double[][] {{0, -1, 0, 0}, {0, -2, 0, 0}, {0, -3, 0, 0}}, whole.toDoubleMatrix());
        INDArray corner = whole.get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(2, 4)); // [2, 2], rows 4 apart
        GradientDescent.step(corner, Nd4j.create(new double[][] {{1, 2}, {3, 4}}), 1.0);
        assertArrayEquals(new double[][] {{0, -1, -1, -2}, {0, -2, -3, -4}, {0, -3, 0, 0}}, whole.toDoubleMatrix());
        whole.assign(0).getColumn(1).assign(Nd4j.create(new double[] {-1, -2, -3}));
        INDArray transposed = whole.transpose(); // [4, 3], 'f' order
        GradientDescent.step(transposed, Nd4j.ones(DataType.DOUBLE, 4, 3), 0.5);
        assertArrayEquals(
                new double[][] {{-0.5, -1.5, -0.5, -0.5}, {-0.5, -2.5, -0.5, -0.5}, {-0.5, -3.5, -0.5, -0.5}},
                whole.toDoubleMatrix());
    }

    /** Descending ½‖w − a‖² from 0 at rate η leaves w = a (1 − (1 − η)^steps): the textbook geometric approach. */
    @Test
    void descendingAQuadraticApproachesItsMinimumGeometrically() {
        INDArray a = Nd4j.create(new double[][] {{2, -1}}), w = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        for (int step = 0; step < 10; step++) {
            GradientDescent.step(w, Loss.halfSquaredGradient(w, a), 0.25);
        }
        double f = 1 - Math.pow(0.75, 10);
        assertArrayEquals(new double[] {2 * f, -f}, w.toDoubleVector(), 1e-15);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray p = Naive.random(rnd, 2, 3);
        assertRejects(
                () -> GradientDescent.step(p, Naive.random(rnd, 3, 2), 0.1),
                "grad",
                "[2, 3]",
                "[3, 2]",
                "same shape as param");
        assertRejects(() -> GradientDescent.step(p, Naive.random(rnd, 2, 3), 0), "learningRate", "> 0");
        assertRejects(() -> GradientDescent.step(p, Naive.random(rnd, 2, 3), Double.NaN), "learningRate", "NaN");
        assertRejects(() -> GradientDescent.step(null, p, 0.1), "param", "null");
        assertRejects(() -> GradientDescent.step(p, null, 0.1), "grad", "null");
        INDArray inf = p.dup();
        inf.putScalar(1, 1, Double.POSITIVE_INFINITY);
        assertRejects(() -> GradientDescent.step(p, inf, 0.1), "grad", "Infinity", "[1, 1]");
        assertRejects(() -> GradientDescent.step(p.castTo(DataType.FLOAT), p, 0.1), "param", "FLOAT");
    }

    /** A stack of matrices, e.g. the keys of 20 random starts trained side by side, steps entry by entry. */
    @Test
    void aStackStepsEveryEntry() {
        INDArray param = Nd4j.stack(0, Naive.random(rnd, 2, 3), Naive.random(rnd, 2, 3));
        INDArray grad = Nd4j.stack(0, Naive.random(rnd, 2, 3), Naive.random(rnd, 2, 3));
        double[] p = param.dup().data().asDouble(), g = grad.dup().data().asDouble();
        GradientDescent.step(param, grad, 0.7);
        double[] after = param.dup().data().asDouble();
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i] - 0.7 * g[i], after[i], 1e-15);
        }
        assertRejects(() -> GradientDescent.step(param, Naive.random(rnd, 2, 3), 0.1), "grad", "[2, 2, 3]", "[2, 3]");
    }
}
