package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.function.ToDoubleFunction;

/**
 * Gradients by finite differences: the slow, obvious way that needs no calculus, to check the fast one.
 * ∂L/∂x_i ≈ (L(x + ε e_i) − L(x − ε e_i)) / 2ε, with an error of order ε².
 */
public final class GradCheck {

    private GradCheck() {
    }

    /**
     * The central-difference gradient of {@code loss} at {@code x}: same shape as x; x itself is not modified
     * (the loss is evaluated on a working copy, nudged one entry at a time).
     */
    public static INDArray numeric(ToDoubleFunction<INDArray> loss, INDArray x, double eps) {
        SoftLookup.ensureReady();
        if (loss == null) {
            throw new IllegalArgumentException("loss must not be null");
        }
        Check.matrix("x", x);
        Check.positiveFinite("eps", eps);
        INDArray work = x.dup();
        INDArray grad = work.ulike();
        for (int i = 0; i < work.rows(); i++) {
            for (int j = 0; j < work.columns(); j++) {
                double original = work.getDouble(i, j);
                work.putScalar(i, j, original + eps);
                double plus = loss.applyAsDouble(work);
                work.putScalar(i, j, original - eps);
                double minus = loss.applyAsDouble(work);
                work.putScalar(i, j, original);
                grad.putScalar(i, j, (plus - minus) / (2 * eps));
            }
        }
        return grad;
    }

    /**
     * How far apart two gradients are, relative to their size: max|a − b| / max(max|a|, max|b|); 0 when both are 0.
     * One scale for the whole array, because an entry-by-entry ratio explodes where a gradient cancels to ~0.
     */
    public static double maxRelativeError(INDArray a, INDArray b) {
        SoftLookup.ensureReady();
        Check.matrix("a", a);
        Check.matrix("b", b);
        Check.shape("b", b, a.rows(), a.columns(), "(the same shape as a, to compare entry by entry)");
        double scale = Math.max(Transforms.abs(a, true).maxNumber().doubleValue(),
                Transforms.abs(b, true).maxNumber().doubleValue());
        double diff = Transforms.abs(a.sub(b), false).maxNumber().doubleValue();
        return scale == 0 ? 0 : diff / scale;
    }
}
