package org.softlookup;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.softlookup.internal.Blas;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * Scaled dot-product attention: a soft lookup of the values V by how well each query matches each key.
 * S = scale · Q Kᵀ, P = softmax(S) row by row, O = P V; for a batch {@code [b, ·, ·]}, the same for each sequence.
 */
public final class Attention {

    private static final String TOO_BIG = "use fewer queries or keys (the memory grows with their product)";

    private Attention() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * What {@link #forward} computed, kept for {@link #backward}: the inputs, the scaled (and masked) scores S
     * {@code [n, m]}, the weights P {@code [n, m]} and the output O {@code [n, d_v]} (for a batch: S and P
     * {@code [b, n, m]}, O {@code [b, n, d_v]}).
     * Masked scores are −∞, so their weights are exactly 0. The inputs are the arrays passed in, not copies.
     * {@link #close()} frees the off-heap memory of scores, weights and output at once, for loops that make many.
     */
    public record Result(
            INDArray q,
            INDArray k,
            INDArray v,
            INDArray mask,
            double scale,
            INDArray scores,
            INDArray weights,
            INDArray output)
            implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(scores, weights, output);
        }
    }

    /**
     * The gradients of a loss L with respect to everything attention used, given dO = ∂L/∂O:
     * dQ {@code [n, d]}, dK {@code [m, d]}, dV {@code [m, d_v]}, dWeights = ∂L/∂P and dScores = ∂L/∂S {@code [n, m]}
     * (for a batch each with a leading b: the shapes of Q, K, V, P and S).
     * {@link #close()} frees their off-heap memory at once.
     */
    public record Gradients(INDArray dQ, INDArray dK, INDArray dV, INDArray dWeights, INDArray dScores)
            implements AutoCloseable {
        @Override
        public void close() {
            OffHeap.close(dQ, dK, dV, dWeights, dScores);
        }
    }

    /**
     * Attention with the usual scale 1/√d_k, where d_k is the width of the queries and keys.
     * O = softmax(Q Kᵀ / √d_k) V; mask {@code [n, m]} of 0/1 (1 = query i may see key j) or null for all visible.
     */
    public static Result forward(INDArray q, INDArray k, INDArray v, INDArray mask) {
        Check.typeOrBatch("q", q); // enough to read d_k; the entries are checked once, by the call below
        return forward(q, k, v, mask, 1.0 / Math.sqrt(Check.columns(q)));
    }

    /**
     * Attention with an explicit scale: S = scale · Q Kᵀ (masked entries −∞), P = softmax(S), O = P V.
     * q {@code [n, d]}, k {@code [m, d]}, v {@code [m, d_v]}, mask {@code [n, m]} or null; or a batch of b
     * sequences q {@code [b, n, d]}, k {@code [b, m, d]}, v {@code [b, m, d_v]}, one mask {@code [n, m]} for all.
     */
    public static Result forward(INDArray q, INDArray k, INDArray v, INDArray mask, double scale) {
        Check.attentionInputs(q, k, v, mask, scale);
        return compute(q, k, v, mask, scale);
    }

    /** {@link #forward} for inputs already checked (by a caller such as {@link SelfAttention}). */
    static Result compute(INDArray q, INDArray k, INDArray v, INDArray mask, double scale) {
        long b = sequences(q), n = Check.rows(q), m = Check.rows(k);
        // S, P [b, n, m] and O [b, n, d_v], and the mask's bias [n, m] while it is added
        OffHeap.checkRoom(
                Double.BYTES * (2 * b * n * m + (mask != null ? n * m : 0) + b * n * Check.columns(v)),
                "Attention.forward for " + of(b) + n + " queries and " + m + " keys (scores and weights " + of(b) + n
                        + " × " + m + ", 8 bytes a number)",
                TOO_BIG);

        INDArray S = times(q, false, k, true, scale); // scale · q kᵀ
        INDArray P;
        if (mask != null && S.length() <= Softmax.IN_JAVA) {
            // S read into Java once: masked there, written back (the result keeps it), and its softmax taken
            double[] s = Entries.read(S);
            hide(s, mask);
            Entries.write(s, S); // S is a fresh row-major array of its own
            Softmax.rowsInPlace(s, (int) m);
            P = Nd4j.createUninitialized(DataType.DOUBLE, S.shape());
            Entries.write(s, P);
        } else {
            if (mask != null) {
                hide(S, mask);
            }
            P = Softmax.rowsUnchecked(S);
        }
        INDArray O = times(P, false, v, false, 1);
        OffHeap.made(S, P, O);
        return new Result(q, k, v, mask, scale, S, P, O);
    }

    /**
     * The backward pass, derived by hand, walking the forward steps in reverse:
     * <pre>
     *   O = P V          →  dV = Pᵀ dO,         dP = dO Vᵀ
     *   P = softmax(S)   →  dS = P ⊙ (dP − rowsum(dP ⊙ P))     (see Softmax.backward)
     *   S = scale · Q Kᵀ →  dQ = scale · dS K,  dK = scale · dSᵀ Q
     * </pre>
     * A masked entry has P = 0, so its dS is 0: no gradient flows through a key the query could not see.
     */
    public static Gradients backward(Result r, INDArray dOutput) {
        Check.result(r, "Attention.forward");
        Check.gradientOf(r.output(), dOutput);
        return gradients(r, dOutput);
    }

    /** {@link #backward} for a gradient already checked. */
    static Gradients gradients(Result r, INDArray dO) {
        INDArray P = r.weights();
        long b = sequences(P), n = Check.rows(P), m = Check.columns(P);
        // dP, dS [b, n, m], dQ, dK, dV
        OffHeap.checkRoom(
                Double.BYTES * (2 * b * n * m + r.q().length() + r.k().length() + r.v().length()),
                "Attention.backward for " + of(b) + n + " queries and " + m + " keys (dWeights and dScores " + of(b) + n
                        + " × " + m + ", 8 bytes a number)",
                TOO_BIG);

        INDArray dV = times(P, true, dO, false, 1); // Pᵀ dO
        INDArray dP = times(dO, false, r.v(), true, 1); // dO Vᵀ
        INDArray dS = Softmax.backwardRowsUnchecked(P, dP);
        INDArray dQ = times(dS, false, r.k(), false, r.scale()); // scale · dS K
        INDArray dK = times(dS, true, r.q(), false, r.scale()); // scale · dSᵀ Q
        OffHeap.made(dQ, dK, dV, dP, dS);
        return new Gradients(dQ, dK, dV, dP, dS);
    }

    /**
     * The causal mask for a sequence of n positions: {@code [n, n]}, 1 on and below the diagonal.
     * Position i may look at positions 0…i, never at the future.
     */
    public static INDArray causalMask(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 (the number of positions), but it is " + n);
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                m[i][j] = 1.0;
            }
        }
        return Nd4j.create(m);
    }

    /**
     * The causal mask for a batch of sequences stacked as the rows of X, {@code sequences} of {@code length} positions
     * each: {@code [sequences·length, sequences·length]}, one causal block per sequence on the diagonal, 0 elsewhere.
     * A position sees itself and the earlier positions of its own sequence, never another sequence.
     */
    public static INDArray causalMask(int sequences, int length) {
        if (sequences < 1 || length < 1) {
            throw new IllegalArgumentException(
                    "sequences and length must be at least 1, but they are " + sequences + " and " + length);
        }
        if ((long) sequences * length > 46_340) { // the mask's entries must fit one Java array
            throw new IllegalArgumentException(sequences + " sequences of " + length + " positions make "
                    + (long) sequences * length + " rows, too many for one [rows, rows] mask (at most 46,340)");
        }
        int n = sequences * length;
        double[] m = new double[n * n];
        for (int s = 0; s < sequences; s++) {
            for (int i = 0; i < length; i++) {
                int row = s * length + i;
                Arrays.fill(m, row * n + s * length, row * n + row + 1, 1.0);
            }
        }
        return Entries.matrix(m, n, n);
    }

    /**
     * alpha · a · b, with either operand read transposed: one BLAS call (dgemm) into a fresh array, no transposed
     * copy and no separate pass to scale (see {@link Blas#gemm}). For batches {@code [batch, ·, ·]}, one product per
     * sequence into a fresh {@code [batch, rows, cols]} (see {@link Blas#gemmEach}).
     */
    static INDArray times(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha) {
        long rows = transposeA ? Check.columns(a) : Check.rows(a), cols = transposeB ? Check.rows(b) : Check.columns(b);
        if (a.rank() == 3) {
            INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, a.size(0), rows, cols);
            return Blas.gemmEach(a, transposeA, b, transposeB, alpha, 0.0, c);
        }
        INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
        return Blas.gemm(a, transposeA, b, transposeB, alpha, 0.0, c);
    }

    /** The number of sequences: b for a batch {@code [b, ·, ·]}, 1 for a matrix. */
    static long sequences(INDArray x) {
        return x.rank() == 3 ? x.size(0) : 1;
    }

    /** "32 sequences of " for a batch of 32, nothing for one matrix: the start of a message about sizes. */
    private static String of(long sequences) {
        return sequences > 1 ? sequences + " sequences of " : "";
    }

    /**
     * Sets the scores a query may not see to −∞, in place; for a batch, the same mask in every sequence's block. Up
     * to {@link Softmax#IN_JAVA} entries in one Java pass (each native op costs about 10 µs however small the matrix,
     * and adding a bias takes three), beyond by native ops.
     */
    private static void hide(INDArray S, INDArray mask) {
        if (S.length() > Softmax.IN_JAVA) {
            try (INDArray bias = maskBias(mask)) {
                if (S.rank() == 3) { // each sequence's block as one row [n·m], the bias as a row added to each
                    S.reshape(S.size(0), mask.length()).addiRowVector(bias.reshape(1, mask.length()));
                } else {
                    S.addi(bias);
                }
            }
            return;
        }
        double[] s = Entries.read(S);
        hide(s, mask);
        Entries.write(s, S); // S is a fresh row-major array of its own
    }

    /** {@link #hide(INDArray, INDArray)} on scores already read into Java, row-major. */
    private static void hide(double[] s, INDArray mask) {
        double[] visible = Entries.read(mask);
        for (int block = 0; block < s.length; block += visible.length) {
            for (int i = 0; i < visible.length; i++) {
                if (visible[i] == 0.0) {
                    s[block + i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** 0 where the query may see the key, −∞ where it may not: added to the scores before softmax. */
    static INDArray maskBias(INDArray mask) {
        // mask − 1 is 0 where visible and −1 where hidden; native passes, no second copy of the mask into Java.
        INDArray bias = mask.sub(1.0);
        BooleanIndexing.replaceWhere(bias, Double.NEGATIVE_INFINITY, Conditions.lessThan(-0.5));
        return bias;
    }
}
