package org.softlookup;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * The same gradients as {@link Attention#backward}, but computed by ND4J's SameDiff autodiff from the forward
 * graph alone: an independent witness that the hand derivation is right.
 */
public final class AutoDiff {

    private AutoDiff() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * Builds S = scale · Q Kᵀ (+ −∞ where masked), P = softmax(S), O = P V as a SameDiff graph with the loss
     * L = Σ O ⊙ dOutput (so ∂L/∂O = dOutput), and asks SameDiff for ∂L/∂Q, ∂L/∂K, ∂L/∂V, ∂L/∂P, ∂L/∂S. Batches
     * {@code [b, ·, ·]} as {@link Attention#forward} takes them, by SameDiff's batched matrix product.
     */
    public static Attention.Gradients attention(
            INDArray q, INDArray k, INDArray v, INDArray mask, double scale, INDArray dOutput) {
        Check.attentionInputs(q, k, v, mask, scale);
        Check.matrixOrBatch("dOutput", dOutput);
        long b = Attention.sequences(q), n = Check.rows(q), m = Check.rows(k);
        Check.sameShape(
                "dOutput",
                dOutput,
                outputShape(q, n, Check.columns(v)),
                "(the same shape as the output: one row per query, one column per value entry)");
        // SameDiff keeps S, P, their gradients and a few n × m intermediates (the mask's bias, the scaled product)
        OffHeap.checkRoom(
                Double.BYTES * 6 * b * n * m,
                "AutoDiff.attention for " + (b > 1 ? b + " sequences of " : "") + n + " queries and " + m
                        + " keys (about six arrays " + n + " × " + m + (b > 1 ? " per sequence" : "")
                        + ", 8 bytes a number)",
                "use fewer queries or keys (the memory grows with their product)");

        SameDiff sd = graph(q, k, v, mask, scale, dOutput);
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), "Q", "K", "V", "P", "S"));
        return new Attention.Gradients(g.get("Q"), g.get("K"), g.get("V"), g.get("P"), g.get("S"));
    }

    /**
     * The same gradients as {@link SelfAttention#backward}, by SameDiff: the graph Q = X Wq, K = X Wk, V = X Wv,
     * then attention as above with scale 1/√d_k and the loss L = Σ O ⊙ dOutput; asks for ∂L/∂X, ∂L/∂Wq, ∂L/∂Wk, ∂L/∂Wv.
     * x may be a batch {@code [b, n, d_model]}.
     */
    public static SelfAttention.Gradients selfAttention(
            INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray dOutput) {
        Check.selfAttentionInputs(x, wq, wk, wv, mask);
        Check.matrixOrBatch("dOutput", dOutput);
        Check.sameShape(
                "dOutput",
                dOutput,
                outputShape(x, Check.rows(x), wv.columns()),
                "(the same shape as the output: one row per position, one column per value entry)");
        checkRoomForPositions("AutoDiff.selfAttention", x);

        SameDiff sd = selfAttentionGraph(x, wq, wk, wv, mask, dOutput);
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), "X", "Wq", "Wk", "Wv"));
        return new SelfAttention.Gradients(g.get("X"), g.get("Wq"), g.get("Wk"), g.get("Wv"));
    }

    /**
     * The same gradients as {@link AttentionLayer#backward}, by SameDiff: the graph output = X + Σ_h O_h W_o^h with
     * each head's O_h the self-attention graph above, and the loss L = Σ output ⊙ dOutput; asks for ∂L/∂X and every
     * head's ∂L/∂Wq, ∂L/∂Wk, ∂L/∂Wv, ∂L/∂Wo. x may be a batch {@code [b, n, d_model]}.
     */
    public static AttentionLayer.Gradients attentionLayer(
            INDArray x, List<AttentionLayer.Head> heads, INDArray mask, INDArray dOutput) {
        AttentionLayer.checkInputs(x, heads, mask);
        Check.matrixOrBatch("dOutput", dOutput);
        Check.sameShape("dOutput", dOutput, x, "(the same shape as the output, which is x's shape)");
        checkRoomForPositions("AutoDiff.attentionLayer", x);

        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x.dup());
        SDVariable out = X;
        List<String> names = new ArrayList<>(List.of("X"));
        for (int h = 0; h < heads.size(); h++) {
            AttentionLayer.Head head = heads.get(h);
            String prefix = "h" + h + ".";
            SDVariable O = selfAttentionOutput(sd, X, x, prefix, head.wq(), head.wk(), head.wv(), mask);
            SDVariable Wo = sd.var(prefix + "Wo", head.wo().dup());
            long[] headOutput = outputShape(x, Check.rows(x), head.wv().columns()); // O_h [(b,) n, d_v]
            out = out.add(project(sd, O, headOutput, Wo, head.wo()));
            for (String w : List.of("Wq", "Wk", "Wv", "Wo")) {
                names.add(prefix + w);
            }
        }
        sd.setLossVariables(out.mul(sd.constant(dOutput.dup())).sum());
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), names.toArray(new String[0])));
        List<AttentionLayer.HeadGradients> grads = new ArrayList<>();
        for (int h = 0; h < heads.size(); h++) {
            String prefix = "h" + h + ".";
            grads.add(new AttentionLayer.HeadGradients(
                    g.get(prefix + "Wq"), g.get(prefix + "Wk"), g.get(prefix + "Wv"), g.get(prefix + "Wo")));
        }
        return new AttentionLayer.Gradients(g.get("X"), List.copyOf(grads));
    }

    /**
     * The same gradients as {@link Linear#backward}, by SameDiff: Y = X W with the loss L = Σ Y ⊙ dOutput, so
     * ∂L/∂Y = dOutput; asks for ∂L/∂X and ∂L/∂W.
     */
    public static Linear.Gradients linear(INDArray x, INDArray w, INDArray dOutput) {
        Check.matrix("x", x);
        Check.matrix("w", w);
        Check.productWidths("x", x, "w", w, "x·w");
        Check.matrix("dOutput", dOutput);
        Check.shape(
                "dOutput",
                dOutput,
                x.rows(),
                w.columns(),
                "(the same shape as the output: one row per row of x, one column per column of w)");

        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x.dup());
        SDVariable W = sd.var("W", w.dup());
        SDVariable Y = times(sd, X, W, false, x.length() == 1 && w.length() == 1);
        sd.setLossVariables(Y.mul(sd.constant(dOutput.dup())).sum());
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), "X", "W"));
        return new Linear.Gradients(g.get("X"), g.get("W"));
    }

    /**
     * The forward graph with its loss, variables named Q, K, V, S, P; built once, it can be differentiated many
     * times.
     */
    static SameDiff graph(INDArray q, INDArray k, INDArray v, INDArray mask, double scale, INDArray dOutput) {
        SameDiff sd = SameDiff.create();
        SDVariable Q = sd.var("Q", q.dup());
        SDVariable K = sd.var("K", k.dup());
        SDVariable V = sd.var("V", v.dup());
        long[] sizes = {Check.rows(q), Check.rows(k), Check.columns(q), Check.columns(v)};
        SDVariable O = attentionOutput(sd, Q, K, V, sizes, mask, scale, "");
        sd.setLossVariables(O.mul(sd.constant(dOutput.dup())).sum());
        return sd;
    }

    /** The self-attention graph with its loss, variables named X, Wq, Wk, Wv (and Q, K, V, S, P inside). */
    static SameDiff selfAttentionGraph(
            INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray dOutput) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x.dup());
        SDVariable O = selfAttentionOutput(sd, X, x, "", wq, wk, wv, mask);
        sd.setLossVariables(O.mul(sd.constant(dOutput.dup())).sum());
        return sd;
    }

    /**
     * Q = X Wq, K = X Wk, V = X Wv, then {@link #attentionOutput} with scale 1/√d_k; the weights become variables
     * named by {@code prefix} + Wq, Wk, Wv. x is X's value, for its shape.
     */
    private static SDVariable selfAttentionOutput(
            SameDiff sd,
            SDVariable X,
            INDArray x,
            String prefix,
            INDArray wq,
            INDArray wk,
            INDArray wv,
            INDArray mask) {
        SDVariable Wq = sd.var(prefix + "Wq", wq.dup());
        SDVariable Wk = sd.var(prefix + "Wk", wk.dup());
        SDVariable Wv = sd.var(prefix + "Wv", wv.dup());
        SDVariable Q = sd.identity(prefix + "Q", project(sd, X, x.shape(), Wq, wq));
        SDVariable K = sd.identity(prefix + "K", project(sd, X, x.shape(), Wk, wk));
        SDVariable V = sd.identity(prefix + "V", project(sd, X, x.shape(), Wv, wv));
        long[] sizes = {Check.rows(x), Check.rows(x), wq.columns(), wv.columns()};
        return attentionOutput(sd, Q, K, V, sizes, mask, 1.0 / Math.sqrt(wq.columns()), prefix);
    }

    /**
     * X W for X a matrix, or for a batch [b, n, d] as its b·n rows times W, reshaped back to [b, n, d_out].
     * x is X's shape, w W's value.
     */
    private static SDVariable project(SameDiff sd, SDVariable X, long[] x, SDVariable W, INDArray w) {
        boolean oneByOne = Arrays.stream(x).reduce(1, (a, b) -> a * b) == 1 && w.length() == 1;
        if (x.length == 2) {
            return times(sd, X, W, false, oneByOne);
        }
        SDVariable rows = X.reshape(x[0] * x[1], x[2]);
        return times(sd, rows, W, false, oneByOne).reshape(x[0], x[1], w.columns());
    }

    /**
     * S = scale · Q Kᵀ (+ −∞ where masked), P = softmax(S) along the last axis, O = P V, with S and P named
     * {@code prefix} + S, P; nmdDv = {n, m, d, dv}. Q {@code [n, d]}, K {@code [m, d]}, V {@code [m, dv]}, or
     * batches of them (rank 3): the products are then SameDiff's batched ones and the mask's bias {@code [n, m]} is
     * broadcast over the batch.
     */
    private static SDVariable attentionOutput(
            SameDiff sd,
            SDVariable Q,
            SDVariable K,
            SDVariable V,
            long[] nmdDv,
            INDArray mask,
            double scale,
            String prefix) {
        long n = nmdDv[0], m = nmdDv[1], d = nmdDv[2], dv = nmdDv[3];
        SDVariable S = times(sd, Q, K, true, n == 1 && m == 1 && d == 1).mul(scale);
        if (mask != null) {
            S = S.add(sd.constant(Attention.maskBias(mask)));
        }
        S = sd.identity(prefix + "S", S);
        SDVariable P = sd.nn.softmax(prefix + "P", S, -1); // the last axis: each query's row of scores
        return times(sd, P, V, false, n == 1 && m == 1 && dv == 1);
    }

    /**
     * Refuses a self-attention graph too big for memory: as attention's graph above, about six n × n arrays per
     * sequence, with every position as a query and as a key. {@code what} names the caller.
     */
    private static void checkRoomForPositions(String what, INDArray x) {
        long b = Attention.sequences(x), n = Check.rows(x);
        OffHeap.checkRoom(
                Double.BYTES * 6 * b * n * n,
                what + " for " + (b > 1 ? b + " sequences of " : "") + n + " positions (about six arrays " + n + " × "
                        + n + (b > 1 ? " per sequence" : "") + ", 8 bytes a number)",
                "use fewer positions (the memory grows with their square)");
    }

    /** The shape of an output with n rows of width c: {@code [n, c]}, or {@code [b, n, c]} when x is a batch. */
    private static long[] outputShape(INDArray x, long n, long c) {
        return x.rank() == 3 ? new long[] {x.size(0), n, c} : new long[] {n, c};
    }

    /**
     * a · b, or a · bᵀ. SameDiff's matmul_bp fails when both operands are [1, 1] (ND4J 1.0.0-M2.1); their product
     * is then a plain multiplication, which differentiates fine.
     */
    private static SDVariable times(SameDiff sd, SDVariable a, SDVariable b, boolean transposeB, boolean bothOneByOne) {
        return bothOneByOne ? a.mul(b) : sd.mmul(a, b, false, transposeB, false);
    }

    /**
     * SameDiff prints "Added differentiated op …" with System.out while it builds the gradient graph; a learner
     * should not see it.
     */
    private static <T> T quietly(Supplier<T> work) {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return work.get();
            } finally {
                System.setOut(out);
            }
        }
    }
}
