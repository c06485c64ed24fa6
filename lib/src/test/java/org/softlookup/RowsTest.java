package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowsTest {

    private final Random rnd = new Random(21);

    @Test
    void lengthsArePythagorasRowByRow() {
        INDArray x = Nd4j.create(new double[][] {{3, 4}, {-5, 12}, {0, 0}});
        assertArrayEquals(new double[][] {{5}, {13}, {0}}, Rows.lengths(x).toDoubleMatrix());
        double[][] a = Naive.random(rnd, 4, 5).toDoubleMatrix();
        double[][] want = new double[4][1];
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (double v : a[i]) {
                s += v * v;
            }
            want[i][0] = Math.sqrt(s);
        }
        double[][] got = Rows.lengths(Nd4j.create(a)).toDoubleMatrix();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(want[i], got[i], 1e-14);
        }
    }

    @Test
    void largestAbsKeepsTheSignlessMaximumAndLeavesTheInputAlone() {
        INDArray x = Nd4j.create(new double[][] {{1, -3, 2}, {-0.5, 0.25, 0}, {7, 7, -7}});
        assertArrayEquals(new double[][] {{3}, {0.5}, {7}}, Rows.largestAbs(x).toDoubleMatrix());
        assertArrayEquals(new double[] {1, -3, 2}, x.getRow(0).toDoubleVector());
        assertArrayEquals(
                new long[] {1, 1},
                Rows.largestAbs(Nd4j.create(new double[][] {{-2}})).shape());
    }

    @Test
    void badInputIsRejected() {
        assertRejects(() -> Rows.lengths(null), "x", "null");
        assertRejects(() -> Rows.largestAbs(Nd4j.create(new double[] {1, 2, 3})), "x", "matrix", "[3]");
        assertRejects(() -> Rows.lengths(Nd4j.ones(DataType.FLOAT, 2, 2)), "x", "FLOAT", "castTo");
        assertRejects(() -> Rows.largestAbs(Nd4j.create(new double[][] {{1, Double.NaN}})), "x", "NaN");
    }
}
