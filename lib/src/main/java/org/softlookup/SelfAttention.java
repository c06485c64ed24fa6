package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * Self-attention: every row of X asks a query of all rows of X. Q = X Wq, K = X Wk, V = X Wv, then
 * O = softmax(Q Kᵀ / √d_k) V, with x {@code [n, d_model]}, wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]}.
 */
public final class SelfAttention {

    private SelfAttention() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the inputs (the arrays passed in, not copies),
     * Q and K {@code [n, d_k]}, V {@code [n, d_v]}, and the attention step with its scores, weights and output.
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

        /** O = P V {@code [n, d_v]}: one output row per position. */
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
     * The gradients of a loss L given dO = ∂L/∂O, each the shape of what it differentiates: dX {@code [n, d_model]},
     * dWq and dWk {@code [d_model, d_k]}, dWv {@code [d_model, d_v]}. {@link #close()} frees them at once.
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
     */
    public static Result forward(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask) {
        Check.selfAttentionInputs(x, wq, wk, wv, mask);
        INDArray Q = Attention.times(x, false, wq, false, 1);
        INDArray K = Attention.times(x, false, wk, false, 1);
        INDArray V = Attention.times(x, false, wv, false, 1);
        OffHeap.made(Q, K, V);
        Attention.Result attention = Attention.compute(Q, K, V, mask, 1.0 / Math.sqrt(wq.columns()));
        return new Result(x, wq, wk, wv, Q, K, V, attention);
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
     * X feeds three products, so a nudge of X moves L along three paths and the chain rule adds them.
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "SelfAttention.forward");
        Check.gradientOf(r.output(), dOutput);
        try (Attention.Gradients a = Attention.gradients(r.attention(), dOutput)) {
            WeightGradients w = weights(r.x(), a); // dWq = Xᵀ dQ, dWk = Xᵀ dK, dWv = Xᵀ dV
            INDArray dX = Attention.times(a.dQ(), false, r.wq(), true, 1); // dQ Wqᵀ
            Blas.gemm(a.dK(), false, r.wk(), true, 1, 1, dX); // + dK Wkᵀ, added in place by dgemm
            Blas.gemm(a.dV(), false, r.wv(), true, 1, 1, dX); // + dV Wvᵀ
            OffHeap.made(dX);
            return new Gradients(dX, w.dWq(), w.dWk(), w.dWv());
        }
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

    private static WeightGradients weights(INDArray X, Attention.Gradients a) {
        INDArray dWq = Attention.times(X, true, a.dQ(), false, 1); // Xᵀ dQ
        INDArray dWk = Attention.times(X, true, a.dK(), false, 1); // Xᵀ dK
        INDArray dWv = Attention.times(X, true, a.dV(), false, 1); // Xᵀ dV
        OffHeap.made(dWq, dWk, dWv);
        return new WeightGradients(dWq, dWk, dWv);
    }
}
