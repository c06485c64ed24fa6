package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.Setup;

/**
 * Softmax turns each row of scores into weights that are positive and sum to 1.
 * P[i, j] = exp(S[i, j]) / Σ_k exp(S[i, k]); an entry of −∞ gets weight 0 (a masked key).
 */
public final class Softmax {

    private Softmax() {}

    /**
     * Matrices up to this many entries (2 MB) are computed in Java: ND4J's native softmax costs about 100 µs even at
     * 16 × 16, and wakes threads that then take a core from the next matrix product. Masked entries need no exp, so
     * lesson 07's 320 × 320 batch, mostly masked, is 3× faster in Java; an unmasked 1024 × 1024 is faster native.
     */
    static final long IN_JAVA = 1 << 18;

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * Row-wise softmax, numerically stable: the row maximum is subtracted first, which changes nothing
     * (the factor exp(−max) cancels) but keeps exp from overflowing for scores like 1e4.
     */
    public static INDArray of(INDArray scores) {
        Check.scores(scores);
        return rowsUnchecked(scores);
    }

    /**
     * Row-wise softmax without checks, for callers that have checked already; see {@link #IN_JAVA}. A batch
     * {@code [b, n, m]} is b·n rows of m.
     */
    static INDArray rowsUnchecked(INDArray scores) {
        if (scores.length() <= IN_JAVA) {
            double[] p = Entries.read(scores);
            rowsInPlace(p, (int) Check.columns(scores));
            return shaped(p, scores);
        }
        INDArray p = Nd4j.createUninitialized(DataType.DOUBLE, scores.shape());
        // subtracts each row's maximum before exp, as described above
        Nd4j.exec(new SoftMax(scores, p, scores.rank() - 1));
        return p;
    }

    /** A new array of {@code like}'s shape holding the row-major entries a. */
    private static INDArray shaped(double[] a, INDArray like) {
        INDArray x = Nd4j.createUninitialized(DataType.DOUBLE, like.shape());
        Entries.write(a, x);
        return x;
    }

    /** Each row of s (row-major, m entries a row) replaced by its softmax; −∞ becomes exactly 0 without an exp. */
    static void rowsInPlace(double[] s, int m) {
        for (int row = 0; row < s.length; row += m) {
            // Not Math.max: its NaN and −0 handling costs 3× in the kernel's quick compiler, and scores hold no NaN.
            double max = Double.NEGATIVE_INFINITY;
            for (int j = row; j < row + m; j++) {
                if (s[j] > max) {
                    max = s[j];
                }
            }
            double sum = 0;
            for (int j = row; j < row + m; j++) {
                s[j] = s[j] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(s[j] - max);
                sum += s[j];
            }
            double inverse = 1 / sum; // one division a row, then products: division is several times slower
            for (int j = row; j < row + m; j++) {
                s[j] *= inverse;
            }
        }
    }

    /**
     * Softmax at a temperature: softmax(S / T). Small T sharpens the weights towards the arg-max (a hard
     * lookup), large T flattens them towards the uniform average.
     */
    public static INDArray of(INDArray scores, double temperature) {
        Check.positiveFinite("temperature", temperature);
        Check.scores(scores);
        return rowsUnchecked(scores.div(temperature));
    }

    /**
     * The Jacobian of softmax at one row of probabilities p {@code [1, m]}: {@code [m, m]}.
     * ∂p_i/∂s_j = p_i (δ_ij − p_j), i.e. J = diag(p) − pᵀp; every entry lies in [−1/4, 1/4].
     */
    public static INDArray jacobian(INDArray probabilities) {
        Check.matrix("probabilities", probabilities);
        Check.row("probabilities", probabilities, "for a Jacobian (take one with probabilities.getRow(i, true))");
        INDArray p = probabilities;
        return Nd4j.diag(p.reshape(p.columns())).subi(p.transpose().mmul(p));
    }

    /**
     * The backward pass of row-wise softmax: given P = softmax(S) and dP = ∂L/∂P, returns dS = ∂L/∂S.
     * Each row is the vector–Jacobian product dPᵢ·Jᵢ = Pᵢ ⊙ (dPᵢ − ⟨dPᵢ, Pᵢ⟩), without building J.
     */
    public static INDArray backward(INDArray probabilities, INDArray dProbabilities) {
        Check.matrix("probabilities", probabilities);
        Check.matrix("dProbabilities", dProbabilities);
        Check.shape(
                "dProbabilities",
                dProbabilities,
                probabilities.rows(),
                probabilities.columns(),
                "(the same shape as probabilities, one gradient per weight)");
        return backwardRowsUnchecked(probabilities, dProbabilities);
    }

    /**
     * dS = P ⊙ (dP − ⟨dP, P⟩ per row), without checks. Up to {@link #IN_JAVA} entries in one Java pass (three native
     * ops would cost about 10 µs each even when small), beyond in three native passes.
     */
    static INDArray backwardRowsUnchecked(INDArray P, INDArray dP) {
        if (P.length() <= IN_JAVA) {
            double[] p = Entries.read(P), dS = Entries.read(dP); // copies: dS starts as dP and becomes dS
            int m = (int) Check.columns(P);
            for (int row = 0; row < p.length; row += m) {
                double dot = 0;
                for (int j = row; j < row + m; j++) {
                    dot += dS[j] * p[j];
                }
                for (int j = row; j < row + m; j++) {
                    dS[j] = p[j] * (dS[j] - dot);
                }
            }
            return shaped(dS, P);
        }
        if (P.rank() == 3) { // b·n rows of m; P and dP are fresh row-major arrays, so the reshapes are views
            long rows = P.size(0) * P.size(1), m = P.size(2);
            INDArray dS = Nd4j.createUninitialized(DataType.DOUBLE, P.shape()); // made in its shape, to be closable
            try (INDArray rowsOfDS = backwardRowsUnchecked(P.reshape(rows, m), dP.reshape(rows, m))) {
                dS.reshape(rows, m).assign(rowsOfDS);
            }
            return dS;
        }
        INDArray rowDot = Nd4j.createUninitialized(DataType.DOUBLE, P.rows());
        Nd4j.exec(new Dot(dP, P, rowDot, 1));
        return dP.subColumnVector(rowDot.reshape(P.rows(), 1)).muli(P);
    }
}
