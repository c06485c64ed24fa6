package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * Self-attention: every row of X asks a query of all rows of X. Q = X Wq, K = X Wk, V = X Wv, then
 * O = softmax(Q Kᵀ / √d_k) V, with x {@code [n, d_model]}, wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]}.
 * A batch x {@code [b, n, d_model]} is b sequences, each attending only within itself, with the same weights.
 */
public final class SelfAttention {

    private SelfAttention() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the inputs (the arrays passed in, not copies),
     * Q and K {@code [n, d_k]}, V {@code [n, d_v]} (for a batch {@code [b, n, ·]}), and the attention step with its
     * scores, weights and output.
     * {@link #close()} frees the off-heap memory of everything forward made, at once.
     */
    public record Result(
            INDArray x,
            INDArray wq,
            INDArray wk,
            INDArray wv,
            INDArray q,
            INDArray k,
            INDArray v,
            Attention.Result attention)
            implements AutoCloseable {

        /** O = P V {@code [n, d_v]} (for a batch {@code [b, n, d_v]}): one output row per position. */
        public INDArray output() {
            return attention.output();
        }

        /** The mask that was passed in, or null. */
        public INDArray mask() {
            return attention.mask();
        }

        @Override
        public void close() {
            OffHeap.close(q, k, v);
            attention.close();
        }
    }

    /**
     * The gradients of a loss L given dO = ∂L/∂O, each the shape of what it differentiates: dX {@code [n, d_model]}
     * (for a batch {@code [b, n, d_model]}), dWq and dWk {@code [d_model, d_k]}, dWv {@code [d_model, d_v]} (for a
     * batch summed over its sequences, as the weights are shared). {@link #close()} frees them at once.
     */
    public record Gradients(INDArray dX, INDArray dWq, INDArray dWk, INDArray dWv) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(dX, dWq, dWk, dWv);
        }
    }

    /**
     * The weights' gradients only, for a training loop whose X is data, not something to learn: dWq and dWk
     * {@code [d_model, d_k]}, dWv {@code [d_model, d_v]}. {@link #close()} frees them at once.
     */
    public record WeightGradients(INDArray dWq, INDArray dWk, INDArray dWv) implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(dWq, dWk, dWv);
        }
    }

    /**
     * Q = X Wq, K = X Wk, V = X Wv, S = Q Kᵀ / √d_k (masked entries −∞), P = softmax(S), O = P V; d_k is wq's width.
     * mask {@code [n, n]} of 0/1 (1 = position i may see position j), e.g. {@link Attention#causalMask}, or null.
     * x may be a batch {@code [b, n, d_model]}: the mask is then every sequence's.
     */
    public static Result forward(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask) {
        Check.selfAttentionInputs(x, wq, wk, wv, mask);
        return compute(x, wq, wk, wv, mask);
    }

    /** {@link #forward} for inputs already checked (by a caller such as {@link AttentionLayer}). */
    static Result compute(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask) {
        // For a batch, each projection is one product over all b·n rows: the weights are the same for every sequence.
        INDArray Q = timesRows(x, x, false, wq, false);
        INDArray K = timesRows(x, x, false, wk, false);
        INDArray V = timesRows(x, x, false, wv, false);
        OffHeap.made(Q, K, V);
        Attention.Result attention = Attention.compute(Q, K, V, mask, 1.0 / Math.sqrt(wq.columns()));
        return new Result(x, wq, wk, wv, Q, K, V, attention);
    }

    /** A batch {@code [b, n, d]} as its b·n rows {@code [b·n, d]} (a view when it is row-major); a matrix as it is. */
    static INDArray allRows(INDArray x) {
        return x.rank() == 3 ? x.reshape(x.size(0) * x.size(1), x.size(2)) : x;
    }

    /**
     * op(a) · op(b) with a the rows of x (or of an array shaped like x), into a fresh array shaped like x: a batch
     * {@code [b, n, cols]} for a batch x (written by one dgemm through its {@code [b·n, cols]} view), else
     * {@code [n, cols]}. Made in its final shape, not reshaped after, so that it can be closed.
     */
    static INDArray timesRows(INDArray x, INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        if (x.rank() != 3) {
            return Attention.times(a, transposeA, b, transposeB, 1);
        }
        INDArray c =
                Nd4j.createUninitialized(DataType.DOUBLE, x.size(0), x.size(1), transposeB ? b.rows() : b.columns());
        Blas.gemm(a, transposeA, b, transposeB, 1, 0, c); // Blas takes a batch as its rows
        return c;
    }

    /**
     * The backward pass, derived by hand from the two steps we already have, walking forward in reverse:
     * <pre>
     *   O = attention(Q, K, V)  →  dQ, dK, dV = Attention.backward(dO)      (lesson 04's steps)
     *   Q = X Wq                →  dWq = Xᵀ dQ,  dX_q = dQ Wqᵀ               (Linear.backward)
     *   K = X Wk                →  dWk = Xᵀ dK,  dX_k = dK Wkᵀ
     *   V = X Wv                →  dWv = Xᵀ dV,  dX_v = dV Wvᵀ
     *                              dX = dQ Wqᵀ + dK Wkᵀ + dV Wvᵀ
     * </pre>
     * X feeds three products, so a nudge of X moves L along three paths and the chain rule adds them. For a batch,
     * each weight's gradient sums over all b·n rows: every sequence used the same weights.
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "SelfAttention.forward");
        Check.gradientOf(r.output(), dOutput);
        try (Attention.Gradients a = Attention.gradients(r.attention(), dOutput)) {
            WeightGradients w = weights(r.x(), a); // dWq = Xᵀ dQ, dWk = Xᵀ dK, dWv = Xᵀ dV
            INDArray dX = timesRows(r.x(), allRows(a.dQ()), false, r.wq(), true); // dQ Wqᵀ
            Blas.gemm(allRows(a.dK()), false, r.wk(), true, 1, 1, allRows(dX)); // + dK Wkᵀ, added in place by dgemm
            Blas.gemm(allRows(a.dV()), false, r.wv(), true, 1, 1, allRows(dX)); // + dV Wvᵀ
            OffHeap.made(dX);
            return new Gradients(dX, w.dWq(), w.dWk(), w.dWv());
        }
    }

    /**
     * dX += dQ Wqᵀ + dK Wkᵀ + dV Wvᵀ in place, dX as rows {@code [b·n, d_model]}: for a caller that adds several
     * paths into one dX (a layer's residual and its heads) without a temporary per path.
     */
    static void addInputGradient(Result r, Attention.Gradients a, INDArray dX) {
        Blas.gemm(a.dQ(), false, r.wq(), true, 1, 1, dX); // Blas takes a batch as its rows
        Blas.gemm(a.dK(), false, r.wk(), true, 1, 1, dX);
        Blas.gemm(a.dV(), false, r.wv(), true, 1, 1, dX);
    }

    /**
     * {@link #backward} without dX: the same dWq = Xᵀ dQ, dWk = Xᵀ dK, dWv = Xᵀ dV, and not the three products that
     * only dX needs. What a training step needs when X holds the data (lesson 07's one-hot tokens and positions).
     */
    public static WeightGradients weightGradients(Result r, INDArray dOutput) {
        Check.result(r, "SelfAttention.forward");
        Check.gradientOf(r.output(), dOutput);
        try (Attention.Gradients a = Attention.gradients(r.attention(), dOutput)) {
            return weights(r.x(), a);
        }
    }

    /** dWq = Xᵀ dQ, dWk = Xᵀ dK, dWv = Xᵀ dV: for a batch one product each over all b·n rows. */
    static WeightGradients weights(INDArray x, Attention.Gradients a) {
        INDArray dWq = rowsTransposedTimes(x, a.dQ()); // Xᵀ dQ
        INDArray dWk = rowsTransposedTimes(x, a.dK()); // Xᵀ dK
        INDArray dWv = rowsTransposedTimes(x, a.dV()); // Xᵀ dV
        OffHeap.made(dWq, dWk, dWv);
        return new WeightGradients(dWq, dWk, dWv);
    }

    /**
     * Aᵀ B over all rows, a fresh {@code [a's columns, b's columns]}: for a batch a sum over every row of every
     * sequence, one dgemm (Blas takes a batch as its rows).
     */
    static INDArray rowsTransposedTimes(INDArray a, INDArray b) {
        INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, Check.columns(a), Check.columns(b));
        return Blas.gemm(a, true, b, false, 1, 0, c);
    }
}
