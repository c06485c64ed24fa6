package org.softlookup;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * One attention layer of a transformer's residual stream: each head looks something up and writes it back into the
 * row through its own output projection W_o. output = X + Σ_h head_h(X) · W_o^h, head_h(X) = SelfAttention(X).
 */
public final class AttentionLayer {

    private AttentionLayer() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * One head's weights: wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]}, and wo {@code [d_v, d_model]},
     * which decides where in the row the head writes what it looked up. Heads of one layer may differ in d_k and d_v.
     */
    public record Head(INDArray wq, INDArray wk, INDArray wv, INDArray wo) {
        /** The four weights in the order {@link HeadGradients#list()} gives their gradients: wq, wk, wv, wo. */
        public List<INDArray> params() {
            return List.of(wq, wk, wv, wo);
        }
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the input x and the heads (as passed in, not copies),
     * each head's {@link SelfAttention.Result}, and the output, x's shape. {@link #close()} frees everything forward
     * made, the heads' results included.
     */
    public record Result(INDArray x, List<Head> heads, List<SelfAttention.Result> headResults, INDArray output)
            implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(output);
            headResults.forEach(SelfAttention.Result::close);
        }
    }

    /** One head's weight gradients, each the shape of its weight. {@link #close()} frees them at once. */
    public record HeadGradients(INDArray dWq, INDArray dWk, INDArray dWv, INDArray dWo) implements AutoCloseable {
        /** The four gradients in the order of {@link Head#params()}: dWq, dWk, dWv, dWo. */
        public List<INDArray> list() {
            return List.of(dWq, dWk, dWv, dWo);
        }

        @Override
        public void close() {
            OffHeap.close(dWq, dWk, dWv, dWo);
        }
    }

    /**
     * The gradients of a loss L given dOutput = ∂L/∂output: dX, x's shape, and one {@link HeadGradients} per head in
     * the heads' order. dX is null when they come from {@link #weightGradients}. {@link #close()} frees them all.
     */
    public record Gradients(INDArray dX, List<HeadGradients> heads) implements AutoCloseable {
        /** Every head's gradients, head by head, in the order of {@link AttentionLayer#params(List)}; not dX. */
        public List<INDArray> list() {
            List<INDArray> all = new ArrayList<>();
            heads.forEach(h -> all.addAll(h.list()));
            return all;
        }

        @Override
        public void close() {
            OffHeap.close(dX);
            heads.forEach(HeadGradients::close);
        }
    }

    /**
     * Every head's weights, head by head (wq, wk, wv, wo each): the parameters of a layer in the order in which
     * {@link Gradients#list()} gives their gradients, for an optimizer's step.
     */
    public static List<INDArray> params(List<Head> heads) {
        Check.heads(heads);
        List<INDArray> all = new ArrayList<>();
        heads.forEach(h -> all.addAll(h.params()));
        return all;
    }

    /**
     * output = X + Σ_h head_h(X) · W_o^h, with head_h(X) = softmax(Q Kᵀ / √d_k) V of the head's own Q = X Wq, K = X Wk,
     * V = X Wv. x {@code [n, d_model]} or a batch {@code [b, n, d_model]}; mask {@code [n, n]} (every head's and
     * every sequence's) or null.
     */
    public static Result forward(INDArray x, List<Head> heads, INDArray mask) {
        checkInputs(x, heads, mask);
        List<SelfAttention.Result> results = new ArrayList<>();
        INDArray out = Entries.copy(x); // the residual stream: X, to which every head adds what it looked up
        for (Head h : heads) {
            SelfAttention.Result r = SelfAttention.compute(x, h.wq(), h.wk(), h.wv(), mask);
            results.add(r);
            // + head_h(X) · W_o^h, added in place by dgemm: one product over all b·n rows (Blas takes a batch as such)
            Blas.gemm(r.output(), false, h.wo(), false, 1, 1, out);
        }
        OffHeap.made(out);
        return new Result(x, List.copyOf(heads), List.copyOf(results), out);
    }

    /**
     * x {@code [n, d_model]} or {@code [b, n, d_model]}; at least one head, each with wq and wk {@code [d_model, d_k]},
     * wv {@code [d_model, d_v]} and wo {@code [d_v, d_model]}; mask {@code [n, n]} or null.
     */
    static void checkInputs(INDArray x, List<Head> heads, INDArray mask) {
        Check.matrixOrBatch("x", x);
        Check.heads(heads);
        for (int h = 0; h < heads.size(); h++) {
            Head head = heads.get(h);
            Check.head(h, x, head.wq(), head.wk(), head.wv(), head.wo());
        }
        if (mask != null) {
            Check.mask(mask, Check.rows(x), Check.rows(x));
        }
    }

    /**
     * The backward pass, walking the forward in reverse; dOut = ∂L/∂output, x's shape:
     * <pre>
     *   output = X + Σ_h O_h W_o^h  →  dX = dOut + Σ_h dX_h          (the residual passes dOut straight through;
     *                                                                  the chain rule adds each head's path)
     *                                   dW_o^h = O_hᵀ dOut,  dO_h = dOut W_o^hᵀ
     *   O_h = SelfAttention(X)      →  dX_h, dWq, dWk, dWv = SelfAttention.backward(dO_h)   (lesson 07's steps)
     * </pre>
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "AttentionLayer.forward");
        Check.gradientOf(r.output(), dOutput);
        INDArray dX = Entries.copy(dOutput); // the residual's path: dOut itself
        List<HeadGradients> heads = headGradients(r, dOutput, dX);
        OffHeap.made(dX);
        return new Gradients(dX, heads);
    }

    /**
     * {@link #backward} without dX: the same weight gradients, without the products that only dX needs. What a
     * training step needs for a first layer, whose input is data. The result's {@link Gradients#dX()} is null.
     */
    public static Gradients weightGradients(Result r, INDArray dOutput) {
        Check.result(r, "AttentionLayer.forward");
        Check.gradientOf(r.output(), dOutput);
        return new Gradients(null, headGradients(r, dOutput, null));
    }

    /** Each head's weight gradients; when dX (x's shape) is given, each head's dX_h added into it. */
    private static List<HeadGradients> headGradients(Result r, INDArray dOutput, INDArray dX) {
        INDArray dOut = dOutput; // for a batch taken by Blas as its b·n rows, without a reshaped view
        List<HeadGradients> heads = new ArrayList<>();
        for (int i = 0; i < r.heads().size(); i++) {
            Head h = r.heads().get(i);
            SelfAttention.Result hr = r.headResults().get(i);
            INDArray O = hr.output();
            INDArray dWo = SelfAttention.rowsTransposedTimes(O, dOut); // O_hᵀ dOut
            INDArray dO = SelfAttention.timesRows(r.x(), dOut, false, h.wo(), true); // dOut W_oᵀ
            try (dO;
                    Attention.Gradients a = Attention.gradients(hr.attention(), dO)) {
                SelfAttention.WeightGradients w = SelfAttention.weights(r.x(), a);
                if (dX != null) {
                    SelfAttention.addInputGradient(hr, a, dX); // + dQ Wqᵀ + dK Wkᵀ + dV Wvᵀ
                }
                OffHeap.made(dWo);
                heads.add(new HeadGradients(w.dWq(), w.dWk(), w.dWv(), dWo));
            }
        }
        return List.copyOf(heads);
    }
}
