package org.softlookup.internal;

import java.util.Arrays;
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
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.rank() != 2) {
            throw new IllegalArgumentException(name
                    + " must be a matrix [rows, columns] (a vector is a row [1, n]), but its shape is " + shape(x));
        }
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " has data type " + x.dataType()
                    + ", but Soft Lookup computes in DOUBLE and does not convert silently: pass "
                    + name + ".castTo(DataType.DOUBLE)");
        }
        if (x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException(
                    name + " is empty (shape " + shape(x) + "): there is nothing to compute with");
        }
    }

    /** Every entry is a real number: no NaN, no infinity. */
    public static void finite(String name, INDArray x) {
        // A matrix up to 2 MB is read into Java in one copy and checked there: a native call costs about 20 µs and
        // wakes ND4J's threads, which then take a core from the next matrix product. For a larger one a native sum
        // decides almost always: a NaN or an infinity makes it non-finite. Only then (or when huge finite entries
        // overflow the sum) are the entries read, to say where the bad one is.
        if (x.length() > SMALL && Double.isFinite(x.sumNumber().doubleValue())) {
            return;
        }
        finite(name, Entries.read(x), x.columns());
    }

    /**
     * {@link #matrix}, returning the entries it read, row-major: for a caller that computes in Java next, so that the
     * matrix is copied out of ND4J once, not once to check and once to compute.
     */
    public static double[] matrixEntries(String name, INDArray x) {
        type(name, x);
        double[] a = Entries.read(x);
        finite(name, a, x.columns());
        return a;
    }

    private static void finite(String name, double[] a, long columns) {
        double zeroUnlessNotFinite = 0; // 0 · x is 0 for every finite x, NaN for NaN and ±∞: no branch per entry
        for (double entry : a) {
            zeroUnlessNotFinite += entry * 0.0;
        }
        if (zeroUnlessNotFinite == 0) {
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + " contains " + a[i] + " at [" + i / columns + ", "
                        + i % columns + "]: every entry must be a finite number");
            }
        }
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
     * {@code [n, d]}, k {@code [m, d]}, v {@code [m, d_v]}, a scale > 0, and a 0/1 mask {@code [n, m]} or null.
     */
    public static void attentionInputs(INDArray q, INDArray k, INDArray v, INDArray mask, double scale) {
        matrix("q", q);
        matrix("k", k);
        matrix("v", v);
        positiveFinite("scale", scale);
        if (k.columns() != q.columns()) {
            throw new IllegalArgumentException("keys have " + k.columns() + " columns but queries have " + q.columns()
                    + ", and q·kᵀ needs equal widths (q is " + shape(q) + ", k is " + shape(k) + ")");
        }
        if (v.rows() != k.rows()) {
            throw new IllegalArgumentException("v has " + v.rows() + " rows but k has " + k.rows()
                    + ": every key needs exactly one value row (k is " + shape(k) + ", v is " + shape(v) + ")");
        }
        if (mask != null) {
            mask(mask, q.rows(), k.rows());
        }
    }

    /** A mask {@code [n, m]} of 0 (hidden) and 1 (visible) in which every query sees at least one key. */
    public static void mask(INDArray mask, long n, long m) {
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

    /** x [n, d_model], wq and wk [d_model, d_k], wv [d_model, d_v], mask [n, n] or null: self-attention's inputs. */
    public static void selfAttentionInputs(INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask) {
        matrix("x", x);
        matrix("wq", wq);
        matrix("wk", wk);
        matrix("wv", wv);
        productWidths("x", x, "wq", wq, "Q = X·Wq");
        productWidths("x", x, "wk", wk, "K = X·Wk");
        productWidths("x", x, "wv", wv, "V = X·Wv");
        if (wk.columns() != wq.columns()) {
            throw new IllegalArgumentException("wk has " + wk.columns() + " columns but wq has " + wq.columns()
                    + ", and Q·Kᵀ needs queries and keys of the same width d_k (wq is " + shape(wq)
                    + ", wk is " + shape(wk) + ")");
        }
        if (mask != null) {
            mask(mask, x.rows(), x.rows());
        }
    }

    /**
     * w has one row per column of x, or says so in words; {@code product} names the product for the message,
     * e.g. "Q = X·Wq".
     */
    public static void productWidths(String xName, INDArray x, String wName, INDArray w, String product) {
        if (w.rows() != x.columns()) {
            throw new IllegalArgumentException(wName + " has " + w.rows() + " rows but " + xName + " has "
                    + x.columns() + " columns, and " + product + " needs one row of " + wName + " per column of "
                    + xName + " (" + xName + " is " + shape(x) + ", " + wName + " is " + shape(w) + ")");
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

    /** dOutput = ∂L/∂output: a finite DOUBLE matrix of the output's shape, one gradient per output entry. */
    public static void gradientOf(INDArray output, INDArray dOutput) {
        matrix("dOutput", dOutput);
        shape(
                "dOutput",
                dOutput,
                output.rows(),
                output.columns(),
                "(the same shape as the output, one gradient per output entry)");
    }
}
