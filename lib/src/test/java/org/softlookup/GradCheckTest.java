package org.softlookup;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

class GradCheckTest {

    static {
        // The arrays below are made with Nd4j directly; the library's set-up makes DOUBLE their default type.
        SoftLookup.ensureReady();
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
        INDArray copy = x.dup();
        GradCheck.numeric(a -> a.sumNumber().doubleValue(), x, 1e-3);
        assertEquals(copy, x);
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
        assertRejects(() -> GradCheck.maxRelativeError(x, Nd4j.ones(2, 3)), "b", "[2, 2]", "[2, 3]");
        assertRejects(() -> GradCheck.maxRelativeError(x, Nd4j.create(new double[][] {{1, Double.NaN}, {1, 1}})),
                "b", "NaN");
    }
}
