package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

class GradCheckTest {

    static {
        // The arrays below are made with Nd4j directly; the library's set-up makes DOUBLE their default type.
        Setup.ensureReady();
    }

    @Test
    void numericGradientOfACubicIsThreeXSquared() {
        INDArray x = Nd4j.create(new double[][] {{1, -2}, {0.5, 3}});
        INDArray g = GradCheck.numeric(a -> a.mul(a).mul(a).sumNumber().doubleValue(), x, 1e-5);
        assertArrayEquals(new double[][] {{3, 12}, {0.75, 27}}[0], g.toDoubleMatrix()[0], 1e-9);
        assertArrayEquals(new double[][] {{3, 12}, {0.75, 27}}[1], g.toDoubleMatrix()[1], 1e-9);
    }

    @Test
    void numericGradientDoesNotModifyX() {
        INDArray x = Naive.random(new Random(3), 3, 2);
        double[][] copy = x.toDoubleMatrix(); // raw doubles: INDArray.equals forgives differences below 1e-5
        GradCheck.numeric(a -> a.sumNumber().doubleValue(), x, 1e-3);
        assertArrayEquals(copy, x.toDoubleMatrix());
    }

    /** A batch [b, rows, cols] is nudged entry by entry as a matrix is: ∂(Σ c·x³)/∂x = 3c·x² at every index. */
    @Test
    void numericGradientOfABatchIsTakenEntryByEntry() {
        INDArray x = NaiveBatch.random(new Random(4), 2, 3, 2), c = NaiveBatch.random(new Random(5), 2, 3, 2);
        double[] before = x.dup().data().asDouble();
        INDArray g = GradCheck.numeric(a -> a.mul(a).mul(a).mul(c).sumNumber().doubleValue(), x, 1e-5);
        assertArrayEquals(x.shape(), g.shape());
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 2; j++) {
                    double xi = x.getDouble(s, i, j);
                    assertEquals(3 * c.getDouble(s, i, j) * xi * xi, g.getDouble(s, i, j), 1e-8, s + "," + i + "," + j);
                }
            }
        }
        assertArrayEquals(before, x.data().asDouble(), "x unchanged");
        INDArray b = x.dup();
        b.putScalar(new long[] {1, 2, 0}, x.getDouble(1, 2, 0) + 0.5);
        assertEquals(
                0.5 / Math.max(x.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()),
                GradCheck.maxRelativeError(x, b),
                1e-15);
        assertRejects(() -> GradCheck.maxRelativeError(x, x.reshape(2, 6)), "b", "[2, 3, 2]", "[2, 6]");
        assertRejects(() -> GradCheck.numeric(a -> 0, Nd4j.ones(1, 2, 2, 2), 1e-6), "x", "batch", "[1, 2, 2, 2]");
    }

    @Test
    void derivativeOfACubicIsThreeXSquaredWithAnErrorOfEpsSquared() {
        assertEquals(12 + 1e-4, GradCheck.derivative(x -> x * x * x, 2, 1e-2), 1e-10); // (x+ε)³−(x−ε)³ = 6x²ε + 2ε³
        assertEquals(Math.cos(0.3), GradCheck.derivative(Math::sin, 0.3, 1e-5), 1e-10);
    }

    @Test
    void jacobianOfALinearMapIsItsMatrixTransposed() {
        INDArray A = Naive.random(new Random(8), 3, 4), x = Naive.random(new Random(9), 1, 3);
        INDArray J = GradCheck.jacobian(r -> r.mmul(A), x, 1e-4); // (xA)_i = Σ_j x_j A_ji
        assertArrayEquals(new long[] {4, 3}, J.shape());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(A.getDouble(j, i), J.getDouble(i, j), 1e-10);
            }
        }
    }

    @Test
    void jacobianOfSoftmaxMatchesTheClosedForm() {
        INDArray s = Naive.random(new Random(10), 1, 5);
        double[][] copy = s.toDoubleMatrix();
        INDArray J = GradCheck.jacobian(Softmax::of, s, 1e-6);
        assertTrue(GradCheck.maxRelativeError(Softmax.jacobian(Softmax.of(s)), J) < 1e-8);
        assertArrayEquals(copy, s.toDoubleMatrix(), "x unchanged");
    }

    @Test
    void relativeErrorIsMaxDifferenceOverLargestEntry() {
        INDArray a = Nd4j.create(new double[][] {{10, 0}, {-4, 1}});
        INDArray b = Nd4j.create(new double[][] {{10, 0.5}, {-4, 1}});
        assertEquals(0.05, GradCheck.maxRelativeError(a, b), 1e-15);
        assertEquals(0.0, GradCheck.maxRelativeError(a, a.dup()));
        assertEquals(0.0, GradCheck.maxRelativeError(Nd4j.zeros(2, 2), Nd4j.zeros(2, 2)));
        assertEquals(1.0, GradCheck.maxRelativeError(Nd4j.zeros(1, 1), Nd4j.ones(1, 1)));
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray x = Nd4j.ones(2, 2);
        assertRejects(() -> GradCheck.numeric(null, x, 1e-6), "loss", "null");
        assertRejects(() -> GradCheck.numeric(a -> 0, x, 0), "eps", "> 0");
        assertRejects(() -> GradCheck.numeric(a -> 0, null, 1e-6), "x", "null");
        assertRejects(() -> GradCheck.derivative(null, 0, 1e-6), "f", "null");
        assertRejects(() -> GradCheck.derivative(Math::sin, Double.NaN, 1e-6), "x", "finite", "NaN");
        assertRejects(() -> GradCheck.derivative(Math::sin, 0, -1), "eps", "> 0", "-1");
        INDArray row = Nd4j.ones(1, 3);
        assertRejects(() -> GradCheck.jacobian(null, row, 1e-6), "f", "null");
        assertRejects(() -> GradCheck.jacobian(r -> r, x, 1e-6), "x", "one row", "[2, 2]");
        assertRejects(() -> GradCheck.jacobian(r -> r, row, 0), "eps", "> 0");
        assertRejects(() -> GradCheck.jacobian(r -> r.transpose(), row, 1e-6), "f(x)", "one row", "[1, 3]", "[3, 1]");
        assertRejects(() -> GradCheck.jacobian(r -> r.div(r.getDouble(0, 0) - 1), row, 1e-6), "f(x)", "Infinity");
        assertRejects(() -> GradCheck.maxRelativeError(x, Nd4j.ones(2, 3)), "b", "[2, 2]", "[2, 3]");
        assertRejects(
                () -> GradCheck.maxRelativeError(x, Nd4j.create(new double[][] {{1, Double.NaN}, {1, 1}})), "b", "NaN");
    }

    @Test
    void entryErrorCatchesASmallEntryThatTheRelativeErrorForgives() {
        INDArray a = Nd4j.create(new double[][] {{100, 1e-3}, {-2, 0}});
        INDArray b = a.dup();
        b.putScalar(0, 1, 2e-3); // doubles a small gradient: 1e-5 of the largest entry, so maxRelativeError forgives it
        assertTrue(GradCheck.maxRelativeError(a, b) < 1e-4);
        assertEquals(0.5, GradCheck.maxEntryError(a, b, 1e-8), 1e-15);
        assertEquals(1e-3 / 0.1, GradCheck.maxEntryError(a, b, 0.1), 1e-15, "below the floor, |a − b| / floor");
        INDArray c = a.dup();
        c.putScalar(1, 1, 1e-12); // the floor keeps an exact 0 against 1e-12 noise from exploding
        assertEquals(1e-12 / 1e-9, GradCheck.maxEntryError(a, c, 1e-9), 1e-15);
        assertEquals(0.0, GradCheck.maxEntryError(a, a.dup(), 1e-9));
        INDArray d = a.dup();
        d.putScalar(1, 0, 2);
        assertEquals(2.0, GradCheck.maxEntryError(a, d, 1e-9), 1e-15, "a sign flip is an error of 2");
        assertRejects(() -> GradCheck.maxEntryError(a, Nd4j.zeros(2, 3), 1e-9), "b", "[2, 2]", "[2, 3]");
        assertRejects(() -> GradCheck.maxEntryError(a, b, 0), "floor", "> 0");
        assertRejects(() -> GradCheck.maxEntryError(null, b, 1e-9), "a", "null");
    }
}
