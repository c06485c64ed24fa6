package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Argument checks that fail early, in words a learner can act on. */
final class Check {

    private Check() {
    }

    /** A non-null, non-empty DOUBLE matrix {@code [rows, cols]} with only finite entries. */
    static void matrix(String name, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        type(name, x);
        finite(name, x);
    }

    /** A non-empty DOUBLE matrix, whatever its entries. */
    static void type(String name, INDArray x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a matrix [rows, columns] (a vector is a row [1, n]), but its shape is "
                    + shape(x));
        }
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " has data type " + x.dataType()
                    + ", but Soft Lookup computes in DOUBLE and does not convert silently: pass "
                    + name + ".castTo(DataType.DOUBLE)");
        }
        if (x.rows() == 0 || x.columns() == 0) {
            throw new IllegalArgumentException(name + " is empty (shape " + shape(x) + "): there is nothing to compute with");
        }
    }

    /** Every entry is a real number: no NaN, no infinity. */
    static void finite(String name, INDArray x) {
        // A native call costs about 20 µs, so a small matrix (under 128 KB) is faster read into Java whole. For a
        // larger one a native sum decides almost always: a NaN or an infinity makes it non-finite. Only then (or when
        // huge finite entries overflow the sum) are the entries read one by one, to say where the bad one is.
        if (x.length() > SMALL && Double.isFinite(x.sumNumber().doubleValue())) {
            return;
        }
        double[] a = entries(x);
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + " contains " + a[i] + " at [" + i / x.columns() + ", "
                        + i % x.columns() + "]: every entry must be a finite number");
            }
        }
    }

    /** Entries up to this count are checked in Java, larger arrays first by a native sum. */
    static final long SMALL = 16_384;

    /** The entries of a matrix in row-major order, copied in one go (not one JNI call per entry). */
    static double[] entries(INDArray x) {
        boolean wholeBufferInOrder = x.ordering() == 'c' && x.offset() == 0 && x.elementWiseStride() == 1
                && x.data().length() == x.length();
        return (wholeBufferInOrder ? x : x.dup('c')).data().asDouble();
    }

    static void positiveFinite(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, but it is " + value);
        }
    }

    /** The matrix is one row {@code [1, n]}; {@code why} says what needs it (and how to get one). */
    static void row(String name, INDArray x, String why) {
        if (x.rows() != 1) {
            throw new IllegalArgumentException(name + " must be one row [1, n] " + why + ", but its shape is " + shape(x));
        }
    }

    /** The matrix has exactly the shape {@code [rows, cols]}; {@code why} says what needs it. */
    static void shape(String name, INDArray x, long rows, long cols, String why) {
        if (x.rows() != rows || x.columns() != cols) {
            throw new IllegalArgumentException(name + " must have shape [" + rows + ", " + cols + "] " + why
                    + ", but its shape is " + shape(x));
        }
    }

    static String shape(INDArray x) {
        return Arrays.toString(x.shape());
    }
}
