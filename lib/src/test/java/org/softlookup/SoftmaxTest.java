package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxTest {

    private final Random rnd = new Random(7);

    @Test
    void equalsTheNaiveSoftmaxRowByRow() {
        for (int[] shape : new int[][] {{1, 1}, {1, 5}, {3, 4}, {6, 2}}) {
            INDArray s = Naive.random(rnd, shape[0], shape[1]).muli(3);
            double[][] expected = Naive.softmax(s.toDoubleMatrix());
            double[][] actual = Softmax.of(s).toDoubleMatrix();
            for (int i = 0; i < shape[0]; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-15);
            }
        }
    }

    @Test
    void rowsArePositiveAndSumToOne() {
        INDArray p = Softmax.of(Naive.random(rnd, 4, 6));
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-15);
        }
        assertTrue(p.minNumber().doubleValue() > 0);
    }

    @Test
    void hugeScoresGiveFiniteCorrectWeights() {
        INDArray s = Nd4j.create(new double[][] {{1e4, 1e4 - 1, -1e4}, {-1e6, -1e6, 0}, {1e300, 0, -1e300}});
        INDArray p = Softmax.of(s);
        double e = Math.exp(-1);
        assertArrayEquals(
                new double[] {1 / (1 + e), e / (1 + e), 0}, p.getRow(0).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {0, 0, 1}, p.getRow(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, 0, 0}, p.getRow(2).toDoubleVector(), 0);
    }

    @Test
    void minusInfinityMeansWeightZero() {
        INDArray s = Nd4j.create(new double[][] {{0, Double.NEGATIVE_INFINITY, Math.log(3)}});
        assertArrayEquals(new double[] {0.25, 0, 0.75}, Softmax.of(s).toDoubleVector(), 1e-15);
    }

    @Test
    void temperatureDividesTheScores() {
        INDArray s = Naive.random(rnd, 2, 5);
        for (double t : new double[] {0.5, 1.0, 3.0}) {
            double[][] divided = s.toDoubleMatrix();
            for (double[] row : divided) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= t;
                }
            }
            double[][] expected = Naive.softmax(divided);
            double[][] actual = Softmax.of(s, t).toDoubleMatrix();
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-15, "T = " + t);
            }
        }
    }

    @Test
    void lowTemperatureApproachesTheOneHotOfTheMaximum() {
        INDArray s = Nd4j.create(new double[][] {{0.3, 1.0, 0.9}});
        assertArrayEquals(new double[] {0, 1, 0}, Softmax.of(s, 1e-3).toDoubleVector(), 1e-40);
        assertArrayEquals(
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, Softmax.of(s, 1e6).toDoubleVector(), 1e-6);
    }

    @Test
    void jacobianIsDiagPMinusOuterProduct() {
        INDArray p = Softmax.of(Naive.random(rnd, 1, 4));
        double[] pv = p.toDoubleVector();
        INDArray j = Softmax.jacobian(p);
        assertArrayEquals(new long[] {4, 4}, j.shape());
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double expected = pv[a] * ((a == b ? 1 : 0) - pv[b]);
                assertEquals(expected, j.getDouble(a, b), 1e-16);
            }
        }
    }

    @Test
    void jacobianMatchesFiniteDifferencesAndStaysWithinAQuarter() {
        for (int m : new int[] {1, 2, 5, 9}) {
            INDArray s = Naive.random(rnd, 1, m).muli(2);
            INDArray j = Softmax.jacobian(Softmax.of(s));
            for (int a = 0; a < m; a++) {
                int row = a;
                INDArray numeric = GradCheck.numeric(x -> Softmax.of(x).getDouble(0, row), s, 1e-6);
                assertTrue(GradCheck.maxRelativeError(j.getRow(a, true), numeric) <= 1e-7, "row " + a + " of m=" + m);
            }
            assertTrue(j.maxNumber().doubleValue() <= 0.25 && j.minNumber().doubleValue() >= -0.25);
        }
    }

    @Test
    void backwardIsTheVectorJacobianProductOfEachRow() {
        INDArray s = Naive.random(rnd, 3, 5);
        INDArray p = Softmax.of(s);
        INDArray dP = Naive.random(rnd, 3, 5);
        INDArray dS = Softmax.backward(p, dP);
        for (int i = 0; i < 3; i++) {
            INDArray expected = dP.getRow(i, true).mmul(Softmax.jacobian(p.getRow(i, true)));
            assertArrayEquals(expected.toDoubleVector(), dS.getRow(i).toDoubleVector(), 1e-15);
        }
    }

    /**
     * Up to Softmax.IN_JAVA (2^18) entries softmax and its backward pass run in Java, above in native passes: both
     * sides of the switch, and a view (read through a copy), against the formulas written out row by row.
     */
    @Test
    void smallAndLargeMatricesEqualTheFormulasRowByRow() {
        for (int[] shape : new int[][] {{512, 512}, {513, 512}, {3, 5}}) {
            int n = shape[0], m = shape[1];
            INDArray s = Naive.random(rnd, n, m), dP = Naive.random(rnd, n, m);
            INDArray p = Softmax.of(s);
            double[][] sa = s.toDoubleMatrix(), pa = p.toDoubleMatrix(), ga = dP.toDoubleMatrix();
            double[][] dS = Softmax.backward(p, dP).toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0, dot = 0;
                for (int j = 0; j < m; j++) {
                    max = Math.max(max, sa[i][j]);
                }
                for (int j = 0; j < m; j++) {
                    sum += Math.exp(sa[i][j] - max);
                }
                for (int j = 0; j < m; j++) {
                    assertEquals(Math.exp(sa[i][j] - max) / sum, pa[i][j], 1e-15, n + "x" + m + " softmax");
                    dot += ga[i][j] * pa[i][j];
                }
                for (int j = 0; j < m; j++) {
                    assertEquals(pa[i][j] * (ga[i][j] - dot), dS[i][j], 1e-15, n + "x" + m + " backward");
                }
            }
        }
        INDArray p = Softmax.of(Naive.random(rnd, 4, 6)),
                dP = Naive.random(rnd, 6, 4).transpose(); // column-major
        assertEquals(Softmax.backward(p, dP.dup('c')), Softmax.backward(p, dP));
    }

    @Test
    void backwardMatchesFiniteDifferencesOnManyShapes() {
        for (int[] shape : new int[][] {{1, 1}, {1, 3}, {4, 1}, {3, 7}, {8, 2}}) {
            INDArray s = Naive.random(rnd, shape[0], shape[1]);
            INDArray g = Naive.random(rnd, shape[0], shape[1]);
            INDArray dS = Softmax.backward(Softmax.of(s), g);
            INDArray numeric = GradCheck.numeric(x -> Naive.sumOfProducts(Softmax.of(x), g), s, 1e-6);
            assertTrue(GradCheck.maxRelativeError(dS, numeric) <= 1e-7, () -> java.util.Arrays.toString(shape));
        }
    }

    @Test
    void inputsAreNotModified() {
        INDArray s = Naive.random(rnd, 2, 3);
        double[][] copy = s.toDoubleMatrix(); // raw doubles: INDArray.equals forgives differences below 1e-5
        INDArray p = Softmax.of(s, 0.7);
        double[][] pCopy = p.toDoubleMatrix();
        INDArray g = Naive.random(rnd, 2, 3);
        double[][] gCopy = g.toDoubleMatrix();
        Softmax.backward(p, g);
        Softmax.jacobian(p.getRow(0, true));
        assertArrayEquals(copy, s.toDoubleMatrix());
        assertArrayEquals(pCopy, p.toDoubleMatrix());
        assertArrayEquals(gCopy, g.toDoubleMatrix());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray ok = Naive.random(rnd, 2, 3);
        assertRejects(() -> Softmax.of(null), "scores", "null");
        assertRejects(() -> Softmax.of(Nd4j.create(new double[][] {{1, Double.NaN}})), "scores", "NaN", "[0, 1]");
        assertRejects(
                () -> Softmax.of(Nd4j.create(new double[][] {{1, Double.POSITIVE_INFINITY}})),
                "scores",
                "Infinity",
                "[0, 1]");
        assertRejects(
                () -> Softmax.of(Nd4j.create(
                        new double[][] {{0, 1}, {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}})),
                "scores row 1",
                "every key",
                "nothing to look up");
        assertRejects(() -> Softmax.of(Nd4j.create(new float[][] {{1, 2}})), "scores", "FLOAT", "DOUBLE");
        assertRejects(() -> Softmax.of(Nd4j.create(new double[] {1, 2}, 2)), "scores", "matrix", "[2]");
        assertRejects(() -> Softmax.of(ok, 0), "temperature", "> 0", "0.0");
        assertRejects(() -> Softmax.of(ok, -1), "temperature", "> 0");
        assertRejects(() -> Softmax.of(ok, Double.NaN), "temperature", "NaN");
        assertRejects(() -> Softmax.of(ok, Double.POSITIVE_INFINITY), "temperature", "Infinity");
        assertRejects(() -> Softmax.jacobian(Softmax.of(ok)), "probabilities", "one row", "[2, 3]");
        assertRejects(
                () -> Softmax.backward(Softmax.of(ok), Naive.random(rnd, 3, 2)), "dProbabilities", "[2, 3]", "[3, 2]");
        assertRejects(() -> Softmax.backward(null, ok), "probabilities", "null");
    }
}
