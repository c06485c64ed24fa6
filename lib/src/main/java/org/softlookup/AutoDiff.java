package org.softlookup;

import java.io.OutputStream;
import java.io.PrintStream;
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
     * L = Σ O ⊙ dOutput (so ∂L/∂O = dOutput), and asks SameDiff for ∂L/∂Q, ∂L/∂K, ∂L/∂V, ∂L/∂P, ∂L/∂S.
     */
    public static Attention.Gradients attention(
            INDArray q, INDArray k, INDArray v, INDArray mask, double scale, INDArray dOutput) {
        Check.attentionInputs(q, k, v, mask, scale);
        Check.matrix("dOutput", dOutput);
        Check.shape(
                "dOutput",
                dOutput,
                q.rows(),
                v.columns(),
                "(the same shape as the output: one row per query, one column per value entry)");
        long n = q.rows(), m = k.rows();
        // SameDiff keeps S, P, their gradients and a few n × m intermediates (the mask's bias, the scaled product)
        OffHeap.checkRoom(
                Double.BYTES * 6 * n * m,
                "AutoDiff.attention for " + n + " queries and " + m + " keys (about six arrays " + n + " × " + m
                        + ", 8 bytes a number)",
                "use fewer queries or keys (the memory grows with their product)");

        SameDiff sd = graph(q, k, v, mask, scale, dOutput);
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), "Q", "K", "V", "P", "S"));
        return new Attention.Gradients(g.get("Q"), g.get("K"), g.get("V"), g.get("P"), g.get("S"));
    }

    /**
     * The same gradients as {@link SelfAttention#backward}, by SameDiff: the graph Q = X Wq, K = X Wk, V = X Wv,
     * then attention as above with scale 1/√d_k and the loss L = Σ O ⊙ dOutput; asks for ∂L/∂X, ∂L/∂Wq, ∂L/∂Wk, ∂L/∂Wv.
     */
    public static SelfAttention.Gradients selfAttention(
            INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray dOutput) {
        Check.selfAttentionInputs(x, wq, wk, wv, mask);
        Check.matrix("dOutput", dOutput);
        Check.shape(
                "dOutput",
                dOutput,
                x.rows(),
                wv.columns(),
                "(the same shape as the output: one row per position, one column per value entry)");
        long n = x.rows();
        // as attention's graph above: about six n × n arrays, here with every position as a query and as a key
        OffHeap.checkRoom(
                Double.BYTES * 6 * n * n,
                "AutoDiff.selfAttention for " + n + " positions (about six arrays " + n + " × " + n
                        + ", 8 bytes a number)",
                "use fewer positions (the memory grows with their square)");

        SameDiff sd = selfAttentionGraph(x, wq, wk, wv, mask, dOutput);
        Map<String, INDArray> g = quietly(() -> sd.calculateGradients(Map.of(), "X", "Wq", "Wk", "Wv"));
        return new SelfAttention.Gradients(g.get("X"), g.get("Wq"), g.get("Wk"), g.get("Wv"));
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
        attentionLoss(sd, Q, K, V, q.rows(), k.rows(), q.columns(), v.columns(), mask, scale, dOutput);
        return sd;
    }

    /** The self-attention graph with its loss, variables named X, Wq, Wk, Wv (and Q, K, V, S, P inside). */
    static SameDiff selfAttentionGraph(
            INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray dOutput) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x.dup());
        SDVariable Wq = sd.var("Wq", wq.dup());
        SDVariable Wk = sd.var("Wk", wk.dup());
        SDVariable Wv = sd.var("Wv", wv.dup());
        SDVariable Q = sd.identity("Q", times(sd, X, Wq, false, x.length() == 1 && wq.length() == 1));
        SDVariable K = sd.identity("K", times(sd, X, Wk, false, x.length() == 1 && wk.length() == 1));
        SDVariable V = sd.identity("V", times(sd, X, Wv, false, x.length() == 1 && wv.length() == 1));
        attentionLoss(
                sd,
                Q,
                K,
                V,
                x.rows(),
                x.rows(),
                wq.columns(),
                wv.columns(),
                mask,
                1.0 / Math.sqrt(wq.columns()),
                dOutput);
        return sd;
    }

    /**
     * S = scale · Q Kᵀ (+ −∞ where masked), P = softmax(S), O = P V, L = Σ O ⊙ dOutput;
     * Q {@code [n, d]}, K {@code [m, d]}, V {@code [m, dv]}.
     */
    private static void attentionLoss(
            SameDiff sd,
            SDVariable Q,
            SDVariable K,
            SDVariable V,
            long n,
            long m,
            long d,
            long dv,
            INDArray mask,
            double scale,
            INDArray dOutput) {
        SDVariable S = times(sd, Q, K, true, n == 1 && m == 1 && d == 1).mul(scale);
        if (mask != null) {
            S = S.add(sd.constant(Attention.maskBias(mask)));
        }
        S = sd.identity("S", S);
        SDVariable P = sd.nn.softmax("P", S, 1);
        SDVariable O = times(sd, P, V, false, n == 1 && m == 1 && dv == 1);
        SDVariable L = O.mul(sd.constant(dOutput.dup())).sum();
        sd.setLossVariables(L);
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
