package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * A linear map, the step that turns inputs into queries, keys and values: every row of X times the weights W.
 * Y = X W, with x {@code [n, d_in]}, w {@code [d_in, d_out]}, Y {@code [n, d_out]}.
 */
public final class Linear {

    private Linear() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the inputs (the arrays passed in, not copies) and
     * the output Y {@code [n, d_out]}. {@link #close()} frees the output's off-heap memory at once.
     */
    public record Result(INDArray x, INDArray w, INDArray output) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(output);
        }
    }

    /**
     * The gradients of a loss L given dY = ∂L/∂Y: dX {@code [n, d_in]} and dW {@code [d_in, d_out]}, each the
     * shape of what it differentiates. {@link #close()} frees their off-heap memory at once.
     */
    public record Gradients(INDArray dX, INDArray dW) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(dX, dW);
        }
    }

    /** Y = X W: row i of Y is row i of X mapped by W, y_i = x_i W. */
    public static Result forward(INDArray x, INDArray w) {
        Check.matrix("x", x);
        Check.matrix("w", w);
        Check.productWidths("x", x, "w", w, "x·w");
        INDArray Y = Attention.times(x, false, w, false, 1);
        OffHeap.made(Y);
        return new Result(x, w, Y);
    }

    /**
     * The backward pass, derived by hand. Y_ij = Σ_c X_ic W_cj, so X_ic reaches L through every Y_ij of row i,
     * and W_cj through every Y_ij of column j:
     * <pre>
     *   Y = X W  →  dX = dY Wᵀ   (∂L/∂X_ic = Σ_j dY_ij W_cj)
     *               dW = Xᵀ dY   (∂L/∂W_cj = Σ_i X_ic dY_ij)
     * </pre>
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "Linear.forward");
        Check.gradientOf(r.output(), dOutput);
        INDArray dY = dOutput;
        INDArray dX = Attention.times(dY, false, r.w(), true, 1); // dY Wᵀ
        INDArray dW = Attention.times(r.x(), true, dY, false, 1); // Xᵀ dY
        OffHeap.made(dX, dW);
        return new Gradients(dX, dW);
    }
}
