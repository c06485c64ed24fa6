package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LookupTest {

    private final INDArray table = Naive.random(new Random(1), 5, 3);

    @Test
    void oneHotHasASingleOneAtTheIndex() {
        INDArray e = Lookup.oneHot(2, 5);
        assertArrayEquals(new long[] {1, 5}, e.shape());
        assertEquals(DataType.DOUBLE, e.dataType());
        assertArrayEquals(new double[] {0, 0, 1, 0, 0}, e.toDoubleVector());
    }

    @Test
    void oneHotRowsStackOneRowPerIndex() {
        INDArray e = Lookup.oneHot(new int[] {3, 0, 3}, 4);
        assertArrayEquals(new double[][] {{0, 0, 0, 1}, {1, 0, 0, 0}, {0, 0, 0, 1}}, e.toDoubleMatrix());
    }

    @Test
    void multiHotMarksEachIndexOnce() {
        assertArrayEquals(
                new double[] {1, 0, 1, 1, 0},
                Lookup.multiHot(new int[] {0, 2, 3, 2}, 5).toDoubleVector());
    }

    @Test
    void oneHotLookupEqualsPlainIndexingExactly() {
        for (int i = 0; i < 5; i++) {
            INDArray row = Lookup.rows(Lookup.oneHot(i, 5), table);
            assertArrayEquals(table.getRow(i).toDoubleVector(), row.toDoubleVector(), 0.0, "row " + i);
        }
    }

    @Test
    void batchOfOneHotsLooksUpEveryRowAtOnce() {
        int[] idx = {4, 1, 1, 0};
        INDArray rows = Lookup.rows(Lookup.oneHot(idx, 5), table);
        for (int r = 0; r < idx.length; r++) {
            assertArrayEquals(
                    table.getRow(idx[r]).toDoubleVector(), rows.getRow(r).toDoubleVector(), 0.0);
        }
    }

    @Test
    void multiHotSumsTheSelectedRows() {
        INDArray sum = Lookup.rows(Lookup.multiHot(new int[] {0, 3, 4}, 5), table);
        double[] expected = new double[3];
        for (int i : new int[] {0, 3, 4}) {
            for (int j = 0; j < 3; j++) {
                expected[j] += table.getDouble(i, j);
            }
        }
        assertArrayEquals(expected, sum.toDoubleVector(), 1e-15);
    }

    @Test
    void weightsMixRowsLikeTheNaiveProduct() {
        INDArray w = Nd4j.create(new double[][] {{0.1, 0.2, 0.3, 0.4, 0.0}});
        double[][] expected = Naive.matmul(w.toDoubleMatrix(), table.toDoubleMatrix());
        assertArrayEquals(expected[0], Lookup.rows(w, table).toDoubleVector(), 1e-15);
    }

    @Test
    void hardWeightsAreTheOneHotOfEachRowsBestKey() {
        INDArray s = Nd4j.create(new double[][] {{0.1, 0.9, 0.3}, {2, 2, 1}, {Double.NEGATIVE_INFINITY, -5, -7}});
        assertArrayEquals(
                new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 1, 0}},
                Lookup.hardWeights(s).toDoubleMatrix());
    }

    @Test
    void hardWeightsAreTheLowTemperatureLimitOfSoftmax() {
        INDArray s = Naive.random(new Random(5), 4, 6);
        INDArray soft = Softmax.of(s, 1e-4);
        assertArrayEquals(Lookup.hardWeights(s).toDoubleMatrix()[2], soft.toDoubleMatrix()[2], 1e-12);
        assertEquals(0.0, GradCheck.maxRelativeError(Lookup.hardWeights(s), soft), 1e-12);
    }

    @Test
    void lookupDoesNotModifyItsInputs() {
        double[][] before = table.toDoubleMatrix(); // raw doubles: INDArray.equals forgives differences below 1e-5
        INDArray sel = Lookup.oneHot(1, 5);
        Lookup.rows(sel, table);
        assertArrayEquals(before, table.toDoubleMatrix());
        assertArrayEquals(Lookup.oneHot(1, 5).toDoubleMatrix(), sel.toDoubleMatrix());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertRejects(() -> Lookup.oneHot(5, 5), "index 5", "out of range", "positions 0 to 4");
        assertRejects(() -> Lookup.oneHot(-1, 3), "index -1", "out of range");
        assertRejects(() -> Lookup.oneHot(new int[] {0, 7}, 3), "index 7", "indices[1]", "out of range");
        assertRejects(() -> Lookup.oneHot(0, 0), "size", "at least 1");
        assertRejects(() -> Lookup.oneHot(new int[0], 3), "indices", "at least one");
        assertRejects(() -> Lookup.multiHot(new int[] {3}, 3), "index 3", "out of range");
        assertRejects(
                () -> Lookup.rows(Lookup.oneHot(0, 4), table),
                "selector has 4 columns",
                "table has 5 rows",
                "[1, 4]",
                "[5, 3]");
        assertRejects(() -> Lookup.rows(null, table), "selector", "null");
        assertRejects(
                () -> Lookup.rows(Lookup.oneHot(0, 5), Nd4j.create(new float[][] {{1}, {2}, {3}, {4}, {5}})),
                "table",
                "FLOAT",
                "DOUBLE");
        INDArray nan = table.dup();
        nan.putScalar(2, 1, Double.NaN);
        assertRejects(() -> Lookup.rows(Lookup.oneHot(0, 5), nan), "table", "NaN", "[2, 1]");
        assertRejects(
                () -> Lookup.rows(Nd4j.create(new double[] {1, 0, 0, 0, 0}, 5), table), "selector", "matrix", "[5]");
        assertRejects(() -> Lookup.hardWeights(Nd4j.create(new double[][] {{1, Double.NaN}})), "scores", "NaN");
    }
}
