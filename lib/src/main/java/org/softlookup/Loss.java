package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.BatchCheck;
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

    /**
     * One mean loss per lookup of a stack: outputs {@code [b, n, d]} are b lookups of the same n queries (say b random
     * starts trained side by side), target {@code [n, d]} is wanted of each; entry s = (1/n) Σ_i ½‖o_si − t_i‖².
     */
    public static double[] meanHalfSquaredEach(INDArray outputs, INDArray target) {
        double[] o = BatchCheck.stackAndTarget(outputs, target), t = Entries.read(target);
        int b = (int) outputs.size(0), n = (int) outputs.size(1);
        double[] losses = new double[b];
        for (int i = 0; i < o.length; i++) {
            double d = o[i] - t[i % t.length];
            losses[i / t.length] += d * d;
        }
        for (int s = 0; s < b; s++) {
            losses[s] *= 0.5 / n;
        }
        return losses;
    }

    /**
     * The gradient of each lookup's own loss in {@link #meanHalfSquaredEach}: ∂L_s/∂O_s = (O_s − target) / n,
     * {@code [b, n, d]}. A lookup's loss depends on its own outputs only, so this is also the gradient of their sum.
     */
    public static INDArray meanHalfSquaredGradientEach(INDArray outputs, INDArray target) {
        double[] o = BatchCheck.stackAndTarget(outputs, target), t = Entries.read(target);
        long n = outputs.size(1);
        for (int i = 0; i < o.length; i++) {
            o[i] = (o[i] - t[i % t.length]) / n;
        }
        INDArray gradient = Nd4j.createUninitialized(DataType.DOUBLE, outputs.shape());
        Entries.write(o, gradient);
        return gradient;
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
