package org.softlookup.internal;

import java.lang.ref.Reference;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A matrix's entries copied between ND4J's off-heap memory and a Java array, row-major, in one memory copy.
 * ND4J's own routes ({@code data().asDouble()}, {@code Nd4j.create(double[], …)}) go entry by entry through an indexer:
 * for 16,384 entries about 100 µs in the kernel's quick-start compiler, against 3 µs for one copy.
 */
public final class Entries {

    private Entries() {}

    /** The entries of a DOUBLE matrix in row-major order: a copy, whatever the array's order or strides. */
    public static double[] read(INDArray x) {
        INDArray plain = plain(x) ? x : x.castTo(DataType.DOUBLE).dup('c');
        double[] a = new double[(int) plain.length()];
        pointer(plain).get(a);
        Reference.reachabilityFence(plain); // its memory must outlive the copy
        return a;
    }

    /** Whether {@link #read(INDArray, long, double[], int)} can read x: a DOUBLE row-major block of its own. */
    public static boolean readable(INDArray x) {
        return plain(x);
    }

    /** Entries {@code from … from + count − 1} of a {@link #readable} x, row-major, into into[0 … count − 1]. */
    public static void read(INDArray x, long from, double[] into, int count) {
        // a pointer of its own: ND4J may hand out the same pointer object to others, whose position must not move
        new DoublePointer(pointer(x)).position(from).get(into, 0, count);
        Reference.reachabilityFence(x);
    }

    /** A new DOUBLE matrix {@code [rows, cols]} holding the row-major entries {@code a}. */
    public static INDArray matrix(double[] a, long rows, long cols) {
        INDArray x = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
        write(a, x);
        return x;
    }

    /**
     * A fresh row-major copy of x in x's shape: one memory copy when x is a plain block, as {@link #read} (ND4J's
     * {@code dup} is a native op that costs as much as a matrix product of the same size), else ND4J's dup.
     */
    public static INDArray copy(INDArray x) {
        if (!plain(x)) {
            return x.dup('c');
        }
        INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, x.shape());
        Pointer.memcpy(pointer(c), pointer(x), x.length() * Double.BYTES);
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(c);
        return c;
    }

    /** Overwrites the entries of x, a row-major DOUBLE matrix of its own (as ND4J creates them), with a. */
    public static void write(double[] a, INDArray x) {
        if (!plain(x) || a.length != x.length()) {
            throw new IllegalStateException("write needs a fresh row-major array of " + a.length + " entries");
        }
        pointer(x).put(a);
        Reference.reachabilityFence(x);
    }

    /** Row-major from the start of a buffer that holds nothing else: one block a copy can read or write. */
    private static boolean plain(INDArray x) {
        return x.dataType() == DataType.DOUBLE
                && x.ordering() == 'c'
                && x.offset() == 0
                && x.elementWiseStride() == 1
                && x.data().length() == x.length();
    }

    private static DoublePointer pointer(INDArray x) {
        return (DoublePointer) x.data().addressPointer();
    }
}
