package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

class SweepTest {

    static {
        Setup.ensureReady();
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Sweep.linspace(0, 1, 5), 0);
        assertArrayEquals(new double[] {60, 30, 0}, Sweep.linspace(60, 0, 3), 0);
        assertEquals(0.3, Sweep.linspace(0, 0.3, 7)[6], 0);
    }

    @Test
    void betweenWalksTheStraightLine() {
        INDArray a = Nd4j.create(new double[][] {{1, 0}}), b = Nd4j.create(new double[][] {{0, 2}});
        INDArray path = Sweep.between(a, b, 3);
        assertArrayEquals(new double[][] {{1, 0}, {0.5, 1}, {0, 2}}, path.toDoubleMatrix());
        assertArrayEquals(new double[][] {{1, 0}}, a.toDoubleMatrix(), "inputs unchanged");
        assertArrayEquals(new double[][] {{0, 2}}, b.toDoubleMatrix(), "inputs unchanged");
    }

    @Test
    void biggestStepIsTheLongestMoveBetweenNeighbouringRows() {
        INDArray rows = Naive.random(new java.util.Random(4), 7, 3);
        double naive = 0;
        for (int i = 1; i < 7; i++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                double d = rows.getDouble(i, j) - rows.getDouble(i - 1, j);
                sum += d * d;
            }
            naive = Math.max(naive, Math.sqrt(sum));
        }
        assertEquals(naive, Sweep.biggestStep(rows), 1e-12);
        assertEquals(5.0, Sweep.biggestStep(Nd4j.create(new double[][] {{0, 0}, {3, 4}, {3, 5}})), 0);
    }

    @Test
    void badInputIsRejected() {
        assertRejects(() -> Sweep.biggestStep(Nd4j.ones(1, 3)), "rows", "at least 2", "[1, 3]");
        assertRejects(() -> Sweep.linspace(0, 1, 1), "count", "at least 2");
        assertRejects(() -> Sweep.linspace(0, Double.POSITIVE_INFINITY, 3), "finite");
        assertRejects(() -> Sweep.between(Nd4j.ones(2, 2), Nd4j.ones(1, 2), 3), "from", "one row", "[2, 2]");
        assertRejects(() -> Sweep.between(Nd4j.ones(1, 2), Nd4j.ones(1, 3), 3), "to", "[1, 2]", "[1, 3]");
    }
}
