package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EntropyTest {

    @Test
    void oneHotIsZeroUniformIsLnMAndAHandWorkedRow() {
        INDArray p = Nd4j.create(new double[][] {{0, 1, 0, 0}, {0.25, 0.25, 0.25, 0.25}, {0.5, 0.25, 0.25, 0}});
        INDArray h = Entropy.rows(p);
        assertArrayEquals(new long[] {3, 1}, h.shape());
        assertEquals(0.0, h.getDouble(0, 0), 0, "a hard lookup's weights: exactly 0, not NaN from 0 · ln 0");
        assertEquals(Math.log(4), h.getDouble(1, 0), 1e-15);
        // ½ ln 2 + 2 · ¼ ln 4 = 1.5 ln 2
        assertEquals(1.5 * Math.log(2), h.getDouble(2, 0), 1e-15);
    }

    @Test
    void agreesWithTheNaiveSumOnSoftmaxRows() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(5), m = 1 + random.nextInt(8);
            INDArray p = Softmax.of(Seeded.randn(trial, n, m).muli(1 + trial));
            double[][] w = p.toDoubleMatrix();
            double[] h = Entropy.rows(p).toDoubleVector();
            for (int i = 0; i < n; i++) {
                double expected = 0;
                for (double x : w[i]) {
                    expected += x == 0 ? 0 : -x * Math.log(x);
                }
                assertEquals(expected, h[i], 1e-12);
                assertEquals(true, h[i] >= 0 && h[i] <= Math.log(m) + 1e-12, "0 ≤ H ≤ ln m, got " + h[i]);
            }
        }
    }

    @Test
    void rowsThatAreNotWeightsAreRejected() {
        assertRejects(() -> Entropy.rows(Nd4j.create(new double[][] {{0.5, 0.6}})), "row 0", "sums to 1.1", "not 1");
        assertRejects(
                () -> Entropy.rows(Nd4j.create(new double[][] {{1, 0}, {1.5, -0.5}})),
                "-0.5",
                "[1, 1]",
                "never negative");
        assertRejects(() -> Entropy.rows(null), "weights", "null");
        assertRejects(() -> Entropy.rows(Nd4j.create(new double[][] {{1, Double.NaN}})), "weights", "NaN");
        assertRejects(
                () -> Entropy.rows(Nd4j.create(new float[][] {{1, 0}}).castTo(DataType.FLOAT)),
                "FLOAT",
                "castTo(DataType.DOUBLE)");
    }
}
