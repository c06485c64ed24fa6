package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * Evenly spaced steps, for "move the input a little, watch the output move": a sweep of numbers or of vectors.
 * Step i of n goes from {@code from} to {@code to} as t_i = i / (n − 1).
 */
public final class Sweep {

    private Sweep() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /** {@code count} evenly spaced numbers from {@code from} to {@code to}, both included. */
    public static double[] linspace(double from, double to, int count) {
        if (count < 2) {
            throw new IllegalArgumentException("count must be at least 2 (both ends of the sweep), but it is " + count);
        }
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("from and to must be finite, but they are " + from + " and " + to);
        }
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = i == count - 1 ? to : from + (to - from) * i / (count - 1);
        }
        return x;
    }

    /**
     * The straight line from row vector {@code from} to row vector {@code to} in {@code count} steps:
     * {@code [count, d]}, row i = (1 − t_i)·from + t_i·to.
     */
    public static INDArray between(INDArray from, INDArray to, int count) {
        Check.matrix("from", from);
        Check.matrix("to", to);
        Check.row("from", from, "(the start of the line)");
        Check.shape("to", to, 1, from.columns(), "(a row as wide as from)");
        INDArray t = Nd4j.create(linspace(0, 1, count), count, 1);
        return t.rsub(1).mmul(from).addi(t.mmul(to));
    }

    /**
     * The largest move between neighbouring rows of a sweep's outputs: max over i of ‖rowᵢ − rowᵢ₋₁‖.
     * It shrinks with the step where the function is continuous; across a jump it stays the size of the jump.
     */
    public static double biggestStep(INDArray rows) {
        Check.matrix("rows", rows);
        if (rows.rows() < 2) {
            throw new IllegalArgumentException(
                    "rows must have at least 2 rows (a step is between two), but its shape is " + Check.shape(rows));
        }
        long n = rows.rows();
        INDArray steps = rows.get(NDArrayIndex.interval(1, n), NDArrayIndex.all())
                .sub(rows.get(NDArrayIndex.interval(0, n - 1), NDArrayIndex.all()));
        return steps.norm2(1).maxNumber().doubleValue();
    }
}
