package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SeededTest {

    @Test
    void theSameArgumentsGiveTheSameNumbers() {
        INDArray a = Seeded.randn(7, 3, 4), b = Seeded.randn(7, 3, 4);
        assertEquals(DataType.DOUBLE, a.dataType());
        assertArrayEquals(new long[] {3, 4}, a.shape());
        assertArrayEquals(a.data().asDouble(), b.data().asDouble(), 0);
        assertFalse(java.util.Arrays.equals(
                a.data().asDouble(), Seeded.randn(8, 3, 4).data().asDouble()));
    }

    @Test
    void entriesAreRandomsGaussiansRowByRow() {
        Random r = new Random(42);
        double[][] expected = new double[2][3];
        for (double[] row : expected) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        assertArrayEquals(expected, Seeded.randn(42, 2, 3).toDoubleMatrix());
        // Pinned bits: Random(42)'s first Gaussian, as the Java specification defines it on every JVM.
        assertEquals(1.1419053154730547, Seeded.randn(42, 1, 1).getDouble(0, 0), 0);
    }

    @Test
    void meanZeroVarianceOne() {
        double[] x = Seeded.randn(1, 200, 500).data().asDouble();
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double variance =
                java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        assertTrue(Math.abs(mean) < 0.01, "mean " + mean);
        assertTrue(Math.abs(variance - 1) < 0.02, "variance " + variance);
    }

    @Test
    void badShapesAreRejected() {
        assertRejects(() -> Seeded.randn(1, 0, 3), "rows", "cols", "[0, 3]");
        assertRejects(() -> Seeded.randn(1, 2, -1), "[2, -1]");
    }

    @Test
    void aStackHoldsOneSeedsMatrixPerSlice() {
        INDArray stack = Seeded.randnStack(100, 4, 6, 2);
        assertArrayEquals(new long[] {4, 6, 2}, stack.shape());
        assertEquals(DataType.DOUBLE, stack.dataType());
        for (int s = 0; s < 4; s++) {
            assertArrayEquals(
                    Seeded.randn(100 + s, 6, 2).toDoubleMatrix(), stack.slice(s).toDoubleMatrix());
        }
        assertRejects(() -> Seeded.randnStack(1, 0, 6, 2), "count", "0");
        assertRejects(() -> Seeded.randnStack(1, 2, 0, 2), "rows", "[0, 2]");
    }
}
