package org.softlookup.internal;

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
        Check.doubleNotEmpty(name, x);
        double[] a = Entries.read(x);
        Check.finite(name, a, x.shape());
        return a;
    }

    /** {@link Check#matrixOrBatch}, returning the entries it read, row-major. */
    public static double[] matrixOrBatchEntries(String name, INDArray x) {
        if (x == null || x.rank() == 2) {
            return Check.matrixEntries(name, x);
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException(name + " must be a matrix [rows, columns] or a batch of matrices"
                    + " [b, rows, columns], but its shape is " + Check.shape(x));
        }
        return arrayEntries(name, x);
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

    /**
     * A stack of outputs {@code [b, n, d]} and the target {@code [n, d]} wanted of every one of the b; returns the
     * stack's entries, row-major.
     */
    public static double[] stackAndTarget(INDArray outputs, INDArray target) {
        double[] o = arrayEntries("outputs", outputs);
        if (outputs.rank() != 3) {
            throw new IllegalArgumentException("outputs must be a stack [b, n, d] (b lookups of n queries), but its"
                    + " shape is " + Check.shape(outputs));
        }
        Check.matrix("target", target);
        if (target.rows() != outputs.size(1) || target.columns() != outputs.size(2)) {
            throw new IllegalArgumentException("target must have shape [" + outputs.size(1) + ", " + outputs.size(2)
                    + "] (one row per query, wanted of each lookup in outputs " + Check.shape(outputs)
                    + "), but its shape is " + Check.shape(target));
        }
        return o;
    }
}
