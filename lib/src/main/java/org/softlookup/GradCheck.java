package org.softlookup;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * Gradients by finite differences: the slow, obvious way that needs no calculus, to check the fast one.
 * ∂L/∂x_i ≈ (L(x + ε e_i) − L(x − ε e_i)) / 2ε, with an error of order ε².
 */
public final class GradCheck {

    private GradCheck() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * The central-difference gradient of {@code loss} at {@code x}, a matrix or a batch {@code [b, rows, cols]}: same
     * shape as x; x itself is not modified (the loss is evaluated on a working copy, nudged one entry at a time).
     */
    public static INDArray numeric(ToDoubleFunction<INDArray> loss, INDArray x, double eps) {
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        Check.matrixOrBatch("x", x);
        Check.positiveFinite("eps", eps);
        INDArray work = x.dup('c');
        INDArray grad = work.ulike();
        for (long i = 0; i < work.length(); i++) { // row by row, sequence by sequence
            double original = work.getDouble(i);
            work.putScalar(i, original + eps);
            double plus = loss.applyAsDouble(work);
            work.putScalar(i, original - eps);
            double minus = loss.applyAsDouble(work);
            work.putScalar(i, original);
            grad.putScalar(i, (plus - minus) / (2 * eps));
        }
        return grad;
    }

    /**
     * The central-difference slope of a function of one number: (f(x + ε) − f(x − ε)) / 2ε.
     * For "how fast does the loss change as the query turns", where the input is an angle, not an array.
     */
    public static double derivative(DoubleUnaryOperator f, double x, double eps) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("x must be a finite number, but it is " + x);
        }
        Check.positiveFinite("eps", eps);
        return (f.applyAsDouble(x + eps) - f.applyAsDouble(x - eps)) / (2 * eps);
    }

    /**
     * The central-difference Jacobian of a function from a row to a row: x {@code [1, n]}, f(x) {@code [1, m]},
     * J {@code [m, n]} with J_ij = ∂f_i/∂x_j ≈ (f_i(x + ε e_j) − f_i(x − ε e_j)) / 2ε; x itself is not modified.
     */
    public static INDArray jacobian(Function<INDArray, INDArray> f, INDArray x, double eps) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null");
        }
        Check.matrix("x", x);
        Check.row("x", x, "(take one with x.getRow(i, true))");
        Check.positiveFinite("eps", eps);
        INDArray work = x.dup();
        INDArray J = null;
        for (int j = 0; j < work.columns(); j++) {
            double original = work.getDouble(0, j);
            work.putScalar(0, j, original + eps);
            INDArray plus = row(f.apply(work), x);
            work.putScalar(0, j, original - eps);
            INDArray minus = row(f.apply(work), x);
            work.putScalar(0, j, original);
            if (J == null) {
                J = Nd4j.create(plus.columns(), work.columns());
            }
            Check.shape("f(x)", minus, 1, J.rows(), "(the same width for every input)");
            for (int i = 0; i < J.rows(); i++) {
                J.putScalar(i, j, (plus.getDouble(0, i) - minus.getDouble(0, i)) / (2 * eps));
            }
        }
        return J;
    }

    /** What f returned, checked to be a finite row before it is differenced. */
    private static INDArray row(INDArray y, INDArray x) {
        Check.matrix("f(x)", y);
        Check.row("f(x)", y, "for x of shape " + Check.shape(x));
        return y;
    }

    /**
     * How far apart two gradients are, relative to their size: max|a − b| / max(max|a|, max|b|); 0 when both are 0.
     * a and b are matrices or batches {@code [b, rows, cols]} of the same shape.
     * One scale for the whole array, because an entry-by-entry ratio explodes where a gradient cancels to ~0.
     */
    public static double maxRelativeError(INDArray a, INDArray b) {
        Check.matrixOrBatch("a", a);
        Check.matrixOrBatch("b", b);
        Check.sameShape("b", b, a, "(the same shape as a, to compare entry by entry)");
        double scale = Math.max(
                Transforms.abs(a, true).maxNumber().doubleValue(),
                Transforms.abs(b, true).maxNumber().doubleValue());
        double diff = Transforms.abs(a.sub(b), false).maxNumber().doubleValue();
        return scale == 0 ? 0 : diff / scale;
    }

    /**
     * The worst entry-by-entry disagreement: max over entries of |a − b| / max(|a|, |b|, floor).
     * Small entries are judged against {@code floor}, so a tiny entry that is wrong is not hidden by a large one.
     */
    public static double maxEntryError(INDArray a, INDArray b, double floor) {
        Check.matrix("a", a);
        Check.matrix("b", b);
        Check.shape("b", b, a.rows(), a.columns(), "(the same shape as a, to compare entry by entry)");
        Check.positiveFinite("floor", floor);
        INDArray scale = Transforms.max(Transforms.max(Transforms.abs(a, true), Transforms.abs(b, true)), floor);
        return Transforms.abs(a.sub(b), false).divi(scale).maxNumber().doubleValue();
    }
}
