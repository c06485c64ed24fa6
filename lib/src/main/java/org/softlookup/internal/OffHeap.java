package org.softlookup.internal;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.concurrent.atomic.AtomicLong;

/**
 * ND4J keeps an array's numbers off the Java heap and frees them only when the garbage collector finds the array
 * unreachable; but the collector runs when the Java heap fills, and an array's handle on the heap is tiny. A loop that
 * leaves large results to the collector would grow off-heap memory by gigabytes, each call on fresh pages (slow), until
 * the machine ran out. So attention counts the bytes it hands out and asks for a collection once 256 MB of them are
 * neither closed nor collected: what javacpp does for its own pointers, and ND4J's CPU arrays do not.
 */
public final class OffHeap {

    /** Large enough that a collection is rare, small enough for Binder's 2 GB with two lessons open. */
    public static final long UNCLOSED_LIMIT = 256L << 20;

    private static final AtomicLong unclosed = new AtomicLong();

    private OffHeap() {
    }

    /** Counts arrays just made for the caller; when too many bytes are open, collects the garbage among them. */
    public static void made(INDArray... arrays) {
        if (unclosed.addAndGet(bytes(arrays)) > UNCLOSED_LIMIT) {
            unclosed.set(0);
            System.gc();
        }
    }

    /** Frees arrays counted by {@link #made} at once, without waiting for the collector. */
    public static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                long freed = bytes(a);
                // Never below 0: arrays made before the last collection may be closed after it.
                unclosed.updateAndGet(open -> Math.max(0, open - freed));
                a.close();
            }
        }
    }

    /** Bytes counted and neither closed nor collected since the last collection this class asked for. */
    public static long unclosedBytes() {
        return unclosed.get();
    }

    private static long bytes(INDArray... arrays) {
        long sum = 0;
        for (INDArray a : arrays) {
            if (a != null) {
                sum += a.length() * a.dataType().width();
            }
        }
        return sum;
    }
}
