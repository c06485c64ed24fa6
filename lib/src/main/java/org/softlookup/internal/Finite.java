package org.softlookup.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Check#finite}'s check that every entry is a real number, and its message: the argument's name, the bad entry
 * and where it is. Run on every argument of every step, so it is written for speed: no copy of the whole array.
 */
final class Finite {

    private Finite() {}

    /** Entries read at a time from a plain array: 32 kB, well within a core's cache. */
    private static final int SLICE = 4096;

    /** Every entry of x is finite, or an exception names the first that is not and its index. */
    static void check(String name, INDArray x) {
        // A matrix up to 2 MB is checked in Java: a native call costs about 20 µs and wakes ND4J's threads, which then
        // take a core from the next matrix product. For a larger one a native sum decides almost always: a NaN or an
        // infinity makes it non-finite. Only then (or when huge finite entries overflow the sum) are the entries
        // read, to say where the bad one is.
        if (x.length() > Check.SMALL && Double.isFinite(x.sumNumber().doubleValue())) {
            return;
        }
        if (!Entries.readable(x)) { // a view or another order: one row-major copy
            check(name, Entries.read(x), x.shape());
            return;
        }
        // A plain block is read a slice at a time into one small buffer: no copy of the whole array, which for a
        // layer's [32, 20, 68] was most of the check's time and garbage on every step.
        double[] slice = new double[(int) Math.min(x.length(), SLICE)];
        for (long from = 0; from < x.length(); from += slice.length) {
            int count = (int) Math.min(slice.length, x.length() - from);
            Entries.read(x, from, slice, count);
            if (!allFinite(slice, count)) {
                for (int i = 0; i < count; i++) {
                    if (!Double.isFinite(slice[i])) {
                        throw notFinite(name, slice[i], from + i, x.shape());
                    }
                }
            }
        }
    }

    /** Every entry of a (the row-major entries of an array of this shape) is finite, or an exception says where. */
    static void check(String name, double[] a, long[] shape) {
        if (allFinite(a, a.length)) {
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw notFinite(name, a[i], i, shape);
            }
        }
    }

    /** Whether a[0 … count − 1] are all finite. */
    private static boolean allFinite(double[] a, int count) {
        // 0 · x is 0 for every finite x, NaN for NaN and ±∞: no branch per entry. Four sums, not one, so that the
        // additions need not wait for each other (the kernel's quick compiler does not do this for us).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += a[i] * 0.0;
            s1 += a[i + 1] * 0.0;
            s2 += a[i + 2] * 0.0;
            s3 += a[i + 3] * 0.0;
        }
        for (; i < count; i++) {
            s0 += a[i] * 0.0;
        }
        return s0 + s1 + s2 + s3 == 0;
    }

    private static IllegalArgumentException notFinite(String name, double entry, long at, long[] shape) {
        return new IllegalArgumentException(
                name + " contains " + entry + " at " + index(at, shape) + ": every entry must be a finite number");
    }

    /** The row-major position {@code at} as an index into an array of this shape: [row, column], or [b, row, col]. */
    private static String index(long at, long[] shape) {
        long[] index = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = at % shape[d];
            at /= shape[d];
        }
        return Arrays.toString(index);
    }
}
