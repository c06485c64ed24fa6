package org.softlookup.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Check}'s checks for arguments that may be a batch of matrices {@code [b, n, d]} as well as a matrix
 * {@code [n, d]}, and for parameters of any shape: the same messages, naming the argument and the shapes, with
 * indices of every axis. Public for the library's packages, not for lessons (it is left out of the Javadoc).
 */
public final class BatchCheck {

    private BatchCheck() {}

    /**
     * A non-null, non-empty DOUBLE array of any rank with only finite entries: a parameter or its gradient, which
     * may be a matrix or a batch of matrices. Returns its entries, row-major, for a caller that computes in Java next.
     */
    public static double[] arrayEntries(String name, INDArray x) {
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
                    name + " is empty (shape " + Check.shape(x) + "): there is nothing to compute with");
        }
        double[] a = Entries.read(x);
        finiteAt(name, a, x.shape());
        return a;
    }

    /**
     * A finite DOUBLE matrix {@code [rows, columns]} (checked as {@link Check#matrix} does, with its messages) or a
     * batch of them {@code [b, rows, columns]}, every size at least 1.
     */
    public static void matrixOrBatch(String name, INDArray x) {
        if (x == null || x.rank() == 2) {
            Check.matrix(name, x); // its native sum spares a large matrix the copy into Java
        } else {
            matrixOrBatchEntries(name, x);
        }
    }

    /** {@link #matrixOrBatch}, returning the entries it read, row-major. */
    public static double[] matrixOrBatchEntries(String name, INDArray x) {
        if (x == null || x.rank() == 2) {
            return Check.matrixEntries(name, x);
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException(name + " must be a matrix [rows, columns] or a batch of them"
                    + " [b, rows, columns], but its shape is " + Check.shape(x));
        }
        return arrayEntries(name, x);
    }

    /** The entries of an array of the given shape are finite, or the message names the first bad one's index. */
    private static void finiteAt(String name, double[] a, long[] shape) {
        double zeroUnlessNotFinite = 0; // as in finite(): no branch per entry
        for (double entry : a) {
            zeroUnlessNotFinite += entry * 0.0;
        }
        if (zeroUnlessNotFinite == 0) {
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                long[] index = new long[shape.length];
                for (int axis = shape.length - 1, rest = i; axis >= 0; axis--) {
                    index[axis] = rest % shape[axis];
                    rest /= (int) shape[axis];
                }
                throw new IllegalArgumentException(name + " contains " + a[i] + " at " + Arrays.toString(index)
                        + ": every entry must be a finite number");
            }
        }
    }

    /**
     * {@link Check#productWidths} for x a matrix or a batch of matrices: w has one row per column of x (its last axis).
     */
    public static void productWidthsOfRows(String xName, INDArray x, String wName, INDArray w, String product) {
        long columns = x.size(x.rank() - 1);
        if (w.rows() != columns) {
            throw new IllegalArgumentException(wName + " has " + w.rows() + " rows but " + xName + " has " + columns
                    + " columns, and " + product + " needs one row of " + wName + " per column of " + xName + " ("
                    + xName + " is " + Check.shape(x) + ", " + wName + " is " + Check.shape(w) + ")");
        }
    }

    /** {@link Check#gradientOf} for an output that may be a matrix or a batch of matrices: dOutput has its shape. */
    public static void gradientOfSameShape(INDArray output, INDArray dOutput) {
        matrixOrBatch("dOutput", dOutput);
        if (!Arrays.equals(dOutput.shape(), output.shape())) {
            throw new IllegalArgumentException("dOutput must have shape " + Check.shape(output)
                    + " (the same shape as the output, one gradient per output entry), but its shape is "
                    + Check.shape(dOutput));
        }
    }

    /**
     * Logits {@code [rows, c]} or {@code [b, n, c]} (rows = b·n), chosen rows and one target class per chosen row:
     * each position a row index 0 … rows − 1, none twice, each target 0 … c − 1. Returns the logits' entries,
     * row-major.
     */
    public static double[] positionTargets(INDArray logits, int[] positions, int[] targets) {
        if (positions == null) {
            throw new IllegalArgumentException("positions must not be null");
        }
        if (targets == null) {
            throw new IllegalArgumentException("targets must not be null");
        }
        double[] z = matrixOrBatchEntries("logits", logits);
        long c = logits.size(logits.rank() - 1), rows = logits.length() / c;
        String rowsAre = logits.rank() == 3 ? " rows (b·n = " + logits.size(0) + "·" + logits.size(1) + ")" : " rows";
        if (positions.length == 0) {
            throw new IllegalArgumentException("positions is empty: choose at least one row of logits to score");
        }
        if (targets.length != positions.length) {
            throw new IllegalArgumentException("targets has " + targets.length + " entries but positions has "
                    + positions.length + ": one target class per chosen position");
        }
        boolean[] chosen = new boolean[(int) rows];
        for (int k = 0; k < positions.length; k++) {
            int p = positions[k];
            if (p < 0 || p >= rows) {
                throw new IllegalArgumentException(
                        "positions[" + k + "] is " + p + ", but logits " + Check.shape(logits) + " has " + rows
                                + rowsAre + ": a position is a row index b·n + i from 0 to " + (rows - 1));
            }
            if (chosen[p]) {
                throw new IllegalArgumentException("positions[" + k + "] is " + p + ", which is chosen already:"
                        + " each position is scored once (a repeat would count it twice in the mean)");
            }
            chosen[p] = true;
            if (targets[k] < 0 || targets[k] >= c) {
                throw new IllegalArgumentException("targets[" + k + "] is " + targets[k] + ", but logits has " + c
                        + " classes (its last axis): a target is a class index from 0 to " + (c - 1));
            }
        }
        return z;
    }
}
