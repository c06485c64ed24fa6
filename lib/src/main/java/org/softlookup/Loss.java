package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.Setup;

/**
 * The loss the lessons use: half the squared distance between what a lookup returned and what we wanted.
 * L = ½ Σ (o − t)², and beside it, as every derivative in the library, its gradient ∂L/∂o = o − t.
 */
public final class Loss {

    private Loss() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * L = ½‖O − target‖² over every entry. {@code target} is one row {@code [1, d]}, wanted for every row of O,
     * or an array of O's own shape.
     */
    public static double halfSquared(INDArray outputs, INDArray target) {
        double sum = 0;
        for (double d : difference(outputs, target)) {
            sum += d * d;
        }
        return 0.5 * sum;
    }

    /** One loss per row: {@code [n, 1]}, row i = ½‖Oᵢ − target‖²; for a sweep, where row i is query i's result. */
    public static INDArray halfSquaredRows(INDArray outputs, INDArray target) {
        double[] d = difference(outputs, target);
        int width = (int) outputs.columns();
        double[] rows = new double[(int) outputs.rows()];
        for (int i = 0; i < d.length; i++) {
            rows[i / width] += d[i] * d[i];
        }
        for (int r = 0; r < rows.length; r++) {
            rows[r] *= 0.5;
        }
        return Entries.matrix(rows, rows.length, 1);
    }

    /** The gradient of {@link #halfSquared}: ∂L/∂O = O − target, the same shape as O. */
    public static INDArray halfSquaredGradient(INDArray outputs, INDArray target) {
        return Entries.matrix(difference(outputs, target), outputs.rows(), outputs.columns());
    }

    /**
     * L = (1/n) Σ_i ½‖o_i − t_i‖², the mean over the n rows (queries) of each row's half squared distance; the
     * loss of a training set, which does not grow with the number of examples. Targets as in {@link #halfSquared}.
     */
    public static double meanHalfSquared(INDArray outputs, INDArray target) {
        return halfSquared(outputs, target) / outputs.rows();
    }

    /** The gradient of {@link #meanHalfSquared}: ∂L/∂O = (O − target) / n, the same shape as O. */
    public static INDArray meanHalfSquaredGradient(INDArray outputs, INDArray target) {
        double[] d = difference(outputs, target);
        long n = outputs.rows();
        for (int i = 0; i < d.length; i++) {
            d[i] /= n;
        }
        return Entries.matrix(d, outputs.rows(), outputs.columns());
    }

    /**
     * O − target, row-major, computed in Java: a training loop calls the loss every step, and each native operation
     * (subtract, multiply, sum) costs about 10 µs however small the matrices.
     */
    private static double[] difference(INDArray outputs, INDArray target) {
        double[] d = Check.matrixEntries("outputs", outputs), t = Check.matrixEntries("target", target);
        if (target.columns() != outputs.columns() || (target.rows() != 1 && target.rows() != outputs.rows())) {
            throw new IllegalArgumentException(
                    "target must be one row [1, " + outputs.columns() + "] or the shape of outputs "
                            + Check.shape(outputs) + ", but its shape is " + Check.shape(target));
        }
        for (int i = 0; i < d.length; i++) {
            d[i] -= t[i % t.length]; // one target row is wanted for every row of O
        }
        return d;
    }
}
