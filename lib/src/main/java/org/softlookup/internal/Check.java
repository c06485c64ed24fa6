package org.softlookup.internal;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every argument check of the library, in one place: each fails early with an {@link IllegalArgumentException} that
 * names the argument and the shapes, in words a learner can act on. Public for the library's packages, not for
 * lessons (it is left out of the Javadoc).
 */
public final class Check {

    private Check() {}

    /** A non-null, non-empty DOUBLE matrix {@code [rows, cols]} with only finite entries. */
    public static void matrix(String name, INDArray x) {
        type(name, x);
        finite(name, x);
    }

    /** A non-null, non-empty DOUBLE matrix, whatever its entries. */
    public static void type(String name, INDArray x) {
        type(name, x, false);
    }

    /**
     * A non-null, non-empty finite DOUBLE matrix {@code [rows, cols]} or batch of matrices {@code [b, rows, cols]}
     * (one matrix per sequence of a batch).
     */
    public static void matrixOrBatch(String name, INDArray x) {
        type(name, x, true);
        finite(name, x);
    }

    /** {@link #matrixOrBatch}, whatever its entries. */
    public static void typeOrBatch(String name, INDArray x) {
        type(name, x, true);
    }

    private static void type(String name, INDArray x, boolean batchAllowed) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.rank() != 2 && !(batchAllowed && x.rank() == 3)) {
            throw new IllegalArgumentException(name
                    + (batchAllowed
                            ? " must be a matrix [rows, columns] or a batch of matrices [b, rows, columns]"
                            : " must be a matrix [rows, columns] (a vector is a row [1, n])")
                    + ", but its shape is " + shape(x));
        }
        doubleNotEmpty(name, x);
    }

    /** Not null, DOUBLE and at least one entry: what every array argument must be, whatever its rank. */
    static void doubleNotEmpty(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " has data type " + x.dataType()
                    + ", but Soft Lookup computes in DOUBLE and does not convert silently: pass "
                    + name + ".castTo(DataType.DOUBLE)");
        }
        if (x.length() == 0) {
            throw new IllegalArgumentException(
                    name + " is empty (shape " + shape(x) + "): there is nothing to compute with");
        }
    }

    /** The number of rows of a matrix, or of each matrix of a batch {@code [b, rows, cols]}. */
    public static long rows(INDArray x) {
        return x.size(x.rank() - 2);
    }

    /** The number of columns of a matrix, or of each matrix of a batch {@code [b, rows, cols]}. */
    public static long columns(INDArray x) {
        return x.size(x.rank() - 1);
    }

    /** Every entry is a real number: no NaN, no infinity. */
    public static void finite(String name, INDArray x) {
        Finite.check(name, x);
    }

    /**
     * {@link #matrix}, returning the entries it read, row-major: for a caller that computes in Java next, so that the
     * matrix is copied out of ND4J once, not once to check and once to compute.
     */
    public static double[] matrixEntries(String name, INDArray x) {
        type(name, x);
        double[] a = Entries.read(x);
        finite(name, a, x.shape());
        return a;
    }

    static void finite(String name, double[] a, long[] shape) {
        Finite.check(name, a, shape);
    }

    /** Entries up to this count are checked in Java, larger arrays first by a native sum. */
    public static final long SMALL = 1 << 18;

    public static void positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, but it is " + value);
        }
    }

    /** The matrix is one row {@code [1, n]}; {@code why} says what needs it (and how to get one). */
    public static void row(String name, INDArray x, String why) {
        if (x.rows() != 1) {
            throw new IllegalArgumentException(
                    name + " must be one row [1, n] " + why + ", but its shape is " + shape(x));
        }
    }

    /** The matrix has exactly the shape {@code [rows, cols]}; {@code why} says what needs it. */
    public static void shape(String name, INDArray x, long rows, long cols, String why) {
        if (x.rows() != rows || x.columns() != cols) {
            throw new IllegalArgumentException(
                    name + " must have shape [" + rows + ", " + cols + "] " + why + ", but its shape is " + shape(x));
        }
    }

    public static String shape(INDArray x) {
        return Arrays.toString(x.shape());
    }

    /**
     * The inputs of attention (and of a hard lookup, which has attention's shape): finite DOUBLE matrices q
     * {@code [n, d]}, k {@code [m, d]}, v {@code [m, d_v]}, or batches of them {@code [b, n, d]}, {@code [b, m, d]},
     * {@code [b, m, d_v]} with the same b; a scale > 0, and a 0/1 mask {@code [n, m]} (for every sequence) or null.
     */
    public static void attentionInputs(INDArray q, INDArray k, INDArray v, INDArray mask, double scale) {
        matrixOrBatch("q", q);
        matrixOrBatch("k", k);
        matrixOrBatch("v", v);
        positiveFinite("scale", scale);
        if (q.rank() != k.rank() || k.rank() != v.rank()) {
            throw new IllegalArgumentException("q, k and v must be all matrices or all batches [b, rows, columns],"
                    + " but q is " + shape(q) + ", k is " + shape(k) + " and v is " + shape(v));
        }
        if (q.rank() == 3) {
            sameBatch("k", k, "q", q);
            sameBatch("v", v, "q", q);
        }
        if (columns(k) != columns(q)) {
            throw new IllegalArgumentException("keys have " + columns(k) + " columns but queries have " + columns(q)
                    + ", and q·kᵀ needs equal widths (q is " + shape(q) + ", k is " + shape(k) + ")");
        }
        if (rows(v) != rows(k)) {
            throw new IllegalArgumentException("v has " + rows(v) + " rows but k has " + rows(k)
                    + ": every key needs exactly one value row (k is " + shape(k) + ", v is " + shape(v) + ")");
        }
        if (mask != null) {
            mask(mask, rows(q), rows(k));
        }
    }

    /** Two batches {@code [b, rows, cols]} hold the same number b of sequences. */
    private static void sameBatch(String name, INDArray x, String otherName, INDArray other) {
        if (x.size(0) != other.size(0)) {
            throw new IllegalArgumentException(name + " holds a batch of " + x.size(0) + " sequences but " + otherName
                    + " holds " + other.size(0) + ": one " + name + " per sequence (" + otherName + " is "
                    + shape(other) + ", " + name + " is " + shape(x) + ")");
        }
    }

    /** A mask {@code [n, m]} of 0 (hidden) and 1 (visible) in which every query sees at least one key. */
    public static void mask(INDArray mask, long n, long m) {
        if (mask != null && mask.rank() == 3) {
            throw new IllegalArgumentException("mask must be one matrix [" + n + ", " + m + "] that every sequence of"
                    + " the batch shares, not one per sequence: its shape is " + shape(mask));
        }
        type("mask", mask); // NaN and infinities are caught below, as entries other than 0 and 1
        shape("mask", mask, n, m, "(one entry per query and key: " + n + " queries, " + m + " keys)");
        double[] a = Entries.read(mask);
        int cols = (int) m;
        // One pass with a running index: this runs on every training step, over the whole mask.
        for (int row = 0, at = 0; row < n; row++) {
            boolean anyVisible = false;
            for (int end = at + cols; at < end; at++) {
                double x = a[at];
                if (x == 1.0) {
                    anyVisible = true;
                } else if (x != 0.0) {
                    throw new IllegalArgumentException("mask contains " + x + " at [" + row + ", " + (at % cols)
                            + "]: a mask holds only 0 (hidden) and 1 (visible)");
                }
            }
            if (!anyVisible) {
                throw new IllegalArgumentException("mask row " + row + " hides every key from query " + row
                        + ": there is nothing to look up, so its weights would be 0/0");
            }
        }
    }

    /**
     * Scores may hold −∞ (a key nobody may see), never NaN or +∞, and each row needs one finite score.
     * Returns the entries it read, row-major, for a caller that needs them too.
     */
    public static double[] scores(INDArray scores) {
        type("scores", scores);
        double[] s = Entries.read(scores);
        int m = (int) scores.columns();
        for (int i = 0; i < s.length / m; i++) {
            boolean anyFinite = false;
            for (int j = 0; j < m; j++) {
                double x = s[i * m + j];
                if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("scores contains " + x + " at [" + i + ", " + j
                            + "]: a score must be a finite number, or −∞ for a key that may not be seen");
                }
                anyFinite |= Double.isFinite(x);
            }
            if (!anyFinite) {
                throw new IllegalArgumentException("scores row " + i + " is −∞ for every key: every key is masked, so "
                        + "there is nothing to look up and no weights that sum to 1");
            }
        }
        return s;
    }

    /** Key positions for one-hot rows or a mask: at least one, each in 0 … size − 1, and size ≥ 1. */
    public static void indices(int[] indices, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1 (the number of keys), but it is " + size);
        }
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("indices must name at least one key position");
        }
        for (int r = 0; r < indices.length; r++) {
            if (indices[r] < 0 || indices[r] >= size) {
                throw new IllegalArgumentException("index " + indices[r]
                        + (indices.length > 1 ? " (indices[" + r + "])" : "") + " is out of range: a table with "
                        + size + " keys has positions 0 to " + (size - 1));
            }
        }
    }

    /**
     * The entries of a DOUBLE matrix as rows (a vector counts as one row), which may include NaN and infinities:
     * for pictures and tables, which show what is there. Null, empty, other ranks and types are rejected.
     */
    public static double[][] entriesByRow(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        INDArray m = x.rank() == 1 ? x.reshape(1, x.length()) : x;
        if (x.rank() == 1 && x.length() == 0) {
            throw new IllegalArgumentException(name + " is empty (shape " + shape(x) + "): there is nothing to show");
        }
        type(name, m);
        double[] flat = Entries.read(m); // one bulk copy, not one per row
        double[][] rows = new double[(int) m.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * (int) m.columns(), (i + 1) * (int) m.columns());
        }
        return rows;
    }

    /**
     * x {@code [n, d_model]} or {@code [b, n, d_model]}, wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]},
     * mask {@code [n, n]} or null: self-attention's inputs.
     */
    public static void selfAttentionInputs(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask) {
        matrixOrBatch("x", x);
        selfAttentionWeights("", x, wq, wk, wv);
        if (mask != null) {
            mask(mask, rows(x), rows(x));
        }
    }

    /**
     * wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]} for an x already checked; {@code prefix} goes before
     * each weight's name in messages (e.g. "heads[1].").
     */
    public static void selfAttentionWeights(String prefix, INDArray x, INDArray wq, INDArray wk, INDArray wv) {
        matrix(prefix + "wq", wq);
        matrix(prefix + "wk", wk);
        matrix(prefix + "wv", wv);
        productWidths("x", x, prefix + "wq", wq, "Q = X·Wq");
        productWidths("x", x, prefix + "wk", wk, "K = X·Wk");
        productWidths("x", x, prefix + "wv", wv, "V = X·Wv");
        if (wk.columns() != wq.columns()) {
            throw new IllegalArgumentException(prefix + "wk has " + wk.columns() + " columns but " + prefix + "wq has "
                    + wq.columns() + ", and Q·Kᵀ needs queries and keys of the same width d_k (" + prefix + "wq is "
                    + shape(wq) + ", " + prefix + "wk is " + shape(wk) + ")");
        }
    }

    /**
     * w has one row per column of x (x a matrix or a batch), or says so in words; {@code product} names the product
     * for the message, e.g. "Q = X·Wq".
     */
    public static void productWidths(String xName, INDArray x, String wName, INDArray w, String product) {
        if (w.rows() != columns(x)) {
            throw new IllegalArgumentException(wName + " has " + w.rows() + " rows but " + xName + " has "
                    + columns(x) + " columns, and " + product + " needs one row of " + wName + " per column of "
                    + xName + " (" + xName + " is " + shape(x) + ", " + wName + " is " + shape(w) + ")");
        }
    }

    /** A list of at least one head, none of them null. */
    public static void heads(List<?> heads) {
        if (heads == null || heads.isEmpty()) {
            throw new IllegalArgumentException("heads must hold at least one head (List.of(new AttentionLayer.Head(wq,"
                    + " wk, wv, wo))), but it is " + (heads == null ? "null" : "empty"));
        }
        for (int h = 0; h < heads.size(); h++) {
            if (heads.get(h) == null) {
                throw new IllegalArgumentException("heads[" + h + "] is null: every head needs its four weights");
            }
        }
    }

    /**
     * Head h of an attention layer on x (already checked): wq and wk {@code [d_model, d_k]}, wv {@code [d_model, d_v]}
     * and wo {@code [d_v, d_model]}. Messages name the head: "heads[1].wo".
     */
    public static void head(int h, INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray wo) {
        String prefix = "heads[" + h + "].";
        selfAttentionWeights(prefix, x, wq, wk, wv);
        matrix(prefix + "wo", wo);
        if (wo.rows() != wv.columns() || wo.columns() != columns(x)) {
            throw new IllegalArgumentException(prefix + "wo must have shape [" + wv.columns() + ", " + columns(x)
                    + "] (one row per column of the head's values, d_v = " + wv.columns()
                    + ", one column per column of x, d_model = " + columns(x) + "), but its shape is " + shape(wo));
        }
    }

    /** Checks the logits and targets and returns the logits' entries, row-major. */
    public static double[] classTargets(INDArray logits, int[] targets) {
        if (targets == null) {
            throw new IllegalArgumentException("targets must not be null");
        }
        double[] z = matrixEntries("logits", logits);
        if (targets.length != logits.rows()) {
            throw new IllegalArgumentException("targets has " + targets.length + " entries but logits has "
                    + logits.rows() + " rows: one target class per row of logits (logits is " + shape(logits)
                    + ")");
        }
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= logits.columns()) {
                throw new IllegalArgumentException("targets[" + i + "] is " + targets[i] + ", but logits has "
                        + logits.columns() + " columns: a target is a class index from 0 to " + (logits.columns() - 1));
            }
        }
        return z;
    }

    /** A backward pass needs the result its forward pass returned; {@code forward} names that pass. */
    public static void result(Object r, String forward) {
        if (r == null) {
            throw new IllegalArgumentException("r must not be null: pass the Result that " + forward + " returned");
        }
    }

    /**
     * dOutput = ∂L/∂output: a finite DOUBLE matrix (or batch) of the output's shape, one gradient per output entry.
     */
    public static void gradientOf(INDArray output, INDArray dOutput) {
        matrixOrBatch("dOutput", dOutput);
        sameShape("dOutput", dOutput, output, "(the same shape as the output, one gradient per output entry)");
    }

    /** x has exactly the shape of {@code like}, whatever its rank; {@code why} says what needs it. */
    public static void sameShape(String name, INDArray x, INDArray like, String why) {
        sameShape(name, x, like.shape(), why);
    }

    /** x has exactly this shape, whatever its rank; {@code why} says what needs it. */
    public static void sameShape(String name, INDArray x, long[] shape, String why) {
        if (!Arrays.equals(x.shape(), shape)) {
            throw new IllegalArgumentException(
                    name + " must have shape " + Arrays.toString(shape) + " " + why + ", but its shape is " + shape(x));
        }
    }
}
