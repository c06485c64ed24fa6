package org.softlookup.internal;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J keeps an array's numbers off the Java heap and frees them only when the garbage collector finds the array
 * unreachable; but the collector runs when the Java heap fills, and an array's handle on the heap is tiny. A loop that
 * leaves large results to the collector would grow off-heap memory by gigabytes, each call on fresh pages (slow), until
 * the machine ran out. So attention counts the bytes it hands out and asks for a collection once 256 MB of them are
 * neither closed nor collected: what javacpp does for its own pointers, and ND4J's CPU arrays do not.
 * <p>
 * And before an operation allocates, {@link #checkRoom} refuses one that could not fit: javacpp would otherwise throw
 * an {@link OutOfMemoryError} from deep inside ND4J, or the system would kill the kernel with the learner's work.
 */
public final class OffHeap {

    /** Large enough that a collection is rare, small enough for Binder's 2 GB with two lessons open. */
    public static final long UNCLOSED_LIMIT = 256L << 20;

    private static final AtomicLong unclosed = new AtomicLong();

    private OffHeap() {}

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

    /** Operations that need less than this are not checked: a native call per small operation is not worth it. */
    static final long CHECKED_FROM = 64L << 20;

    /**
     * Refuses, before anything is allocated, an operation that needs {@code bytes} of new memory when the process
     * may not grow that much: javacpp's {@code maxPhysicalBytes} (by default 4 × the heap cap; Binder sets its own),
     * or half the machine's memory when that is unlimited, less what the process uses now.
     * {@code what} names the operation and its arrays; {@code fewer} says how to ask for less.
     */
    public static void checkRoom(long bytes, String what, String fewer) {
        if (bytes < CHECKED_FROM) {
            return;
        }
        long max = Pointer.maxPhysicalBytes();
        long limit = max > 0 ? max : Pointer.totalPhysicalBytes() / 2;
        long used = Pointer.physicalBytes();
        if (bytes > limit - used) {
            throw new IllegalArgumentException(what + " would need " + size(bytes) + " more memory, but this process"
                    + " may use " + size(Math.max(0, limit - used)) + " more (" + size(used) + " in use of "
                    + size(limit) + (max > 0 ? ", javacpp's maxPhysicalBytes" : ", half of this machine's memory")
                    + "): " + fewer
                    + ", or close results you no longer need (try (var r = ...) { ... }) and try again");
        }
    }

    /** Bytes in the unit a reader compares at a glance: 6.4 GB, 512.0 MB. */
    static String size(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
