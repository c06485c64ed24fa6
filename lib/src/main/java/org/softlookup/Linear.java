package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * A linear map, the step that turns inputs into queries, keys and values: every row of X times the weights W.
 * Y = X W, with x {@code [n, d_in]}, w {@code [d_in, d_out]}, Y {@code [n, d_out]}; for a batch of sequences x
 * {@code [b, n, d_in]} and Y {@code [b, n, d_out]}, every row of every sequence mapped by the same W.
 */
public final class Linear {

    private Linear() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the inputs (the arrays passed in, not copies) and
     * the output Y {@code [n, d_out]} (or {@code [b, n, d_out]}). {@link #close()} frees the output's off-heap
     * memory at once.
     */
    public record Result(INDArray x, INDArray w, INDArray output) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(output);
        }
    }

    /**
     * The gradients of a loss L given dY = ∂L/∂Y: dX {@code [n, d_in]} (or {@code [b, n, d_in]}) and dW
     * {@code [d_in, d_out]}, each the shape of what it differentiates. {@link #close()} frees their off-heap memory
     * at once.
     */
    public record Gradients(INDArray dX, INDArray dW) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(dX, dW);
        }
    }

    /**
     * Y = X W: row i of Y is row i of X mapped by W, y_i = x_i W. A batch x {@code [b, n, d_in]} is b·n rows
     * {@code [b·n, d_in]} stacked, mapped in one product.
     */
    public static Result forward(INDArray x, INDArray w) {
        Check.matrixOrBatch("x", x);
        Check.matrix("w", w);
        Check.productWidths("x", x, "w", w, "x·w");
        long[] shape = x.shape().clone();
        shape[shape.length - 1] = w.columns();
        INDArray Y = Nd4j.createUninitialized(DataType.DOUBLE, shape);
        Blas.gemm(x, false, w, false, 1, 0, Y); // Blas takes a batch as its b·n rows
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
     * For a batch the same, over all b·n rows: W is shared by every row of every sequence, so dW sums over them all.
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "Linear.forward");
        Check.gradientOf(r.output(), dOutput);
        INDArray dY = dOutput;
        INDArray dX = Nd4j.createUninitialized(DataType.DOUBLE, r.x().shape());
        Blas.gemm(dY, false, r.w(), true, 1, 0, dX); // dY Wᵀ (Blas takes a batch as its b·n rows)
        INDArray dW = Nd4j.createUninitialized(DataType.DOUBLE, r.w().shape());
        Blas.gemm(r.x(), true, dY, false, 1, 0, dW); // Xᵀ dY
        OffHeap.made(dX, dW);
        return new Gradients(dX, dW);
    }
}
