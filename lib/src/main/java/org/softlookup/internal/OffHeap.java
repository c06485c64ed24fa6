package org.softlookup.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ND4J keeps an array's numbers off the Java heap and frees them only when the garbage collector finds the array
 * unreachable; but the collector runs when the Java heap fills, and an array's handle on the heap is tiny. A loop that
 * leaves large results to the collector would grow off-heap memory by gigabytes, each call on fresh pages (slow), until
 * the machine ran out. So the library counts the bytes it hands out, forgets each array once it is closed or collected,
 * and asks for a collection once 256 MB more are open than after the last one: what javacpp does for its own pointers,
 * and ND4J's CPU arrays do not.
 * <p>
 * The collection it asks for is a young one first ({@link YoungCollection}): a loop's results die young, and finding
 * them takes a few milliseconds where a full collection of everything a notebook holds takes close to 100. Only when
 * that leaves most of the bytes open (arrays that grew old before they were dropped) does it ask for a full one.
 * <p>
 * And before an operation allocates, {@link #checkRoom} refuses one that could not fit: javacpp would otherwise throw
 * an {@link OutOfMemoryError} from deep inside ND4J, or the system would kill the kernel with the learner's work.
 */
public final class OffHeap {

    /** Large enough that a collection is rare, small enough for Binder's 2 GB with two lessons open. */
    public static final long UNCLOSED_LIMIT = 256L << 20;

    /** An array's memory, known by its address, watched until the collector finds it unreachable. */
    private static final class Counted extends WeakReference<DataBuffer> {
        final long address, bytes;

        Counted(DataBuffer data, long bytes) {
            super(data, COLLECTED);
            this.address = data.address();
            this.bytes = bytes;
        }
    }

    private static final ReferenceQueue<DataBuffer> COLLECTED = new ReferenceQueue<>();
    private static final Map<Long, Counted> counted = new HashMap<>();
    private static long open; // bytes counted, neither closed nor collected
    private static long held; // the fewest bytes open since the last collection this class asked for

    private OffHeap() {}

    /** Counts arrays just made for the caller; when too many bytes are open, collects the garbage among them first. */
    public static synchronized void made(INDArray... arrays) {
        forgetCollected();
        long bytes = 0;
        for (INDArray a : arrays) {
            bytes += a == null ? 0 : bytes(a);
        }
        if (open + bytes > held + UNCLOSED_LIMIT) {
            collect(); // before counting these arrays, which are in use and would only blur what it freed
        }
        for (INDArray a : arrays) {
            if (a != null && a.length() > 0) {
                count(a.data(), bytes(a));
            }
        }
    }

    /** Frees arrays counted by {@link #made} at once, without waiting for the collector. */
    public static synchronized void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                DataBuffer data = a.data();
                Counted c = counted.get(data.address());
                if (c != null && c.refersTo(data)) {
                    forget(c);
                }
                a.close();
            }
        }
    }

    /** Bytes counted and neither closed nor found unreachable by a collection. */
    public static synchronized long unclosedBytes() {
        forgetCleared();
        return open;
    }

    private static void count(DataBuffer data, long bytes) {
        Counted before = counted.get(data.address());
        if (before != null) {
            if (before.refersTo(data)) {
                return; // counted already
            }
            forget(before); // collected, and its address reused before its reference was queued
        }
        Counted c = new Counted(data, bytes);
        counted.put(c.address, c);
        open += bytes;
    }

    /**
     * A young collection, then a full one if the young one freed less than half of what was opened since the last
     * collection (it cannot free arrays that grew old before they were dropped). Without a young generation, a full
     * one. Public for tests, which start from it.
     */
    public static synchronized void collect() {
        forgetCleared();
        long before = open;
        if (YoungCollection.run()) {
            forgetCleared();
        }
        if (open - held > (before - held) / 2) {
            System.gc();
            forgetCleared();
        }
        held = open;
    }

    /** Forgets the arrays whose references the collector has queued. */
    private static void forgetCollected() {
        for (var r = COLLECTED.poll(); r != null; r = COLLECTED.poll()) {
            forget((Counted) r);
        }
    }

    /** Forgets every array a collection has just found unreachable, queued or not yet. */
    private static void forgetCleared() {
        counted.values().removeIf(c -> {
            if (c.refersTo(null)) {
                open -= c.bytes;
                return true;
            }
            return false;
        });
        held = Math.min(held, open);
    }

    private static void forget(Counted c) {
        if (counted.remove(c.address, c)) {
            open -= c.bytes;
            held = Math.min(held, open);
        }
    }

    private static long bytes(INDArray a) {
        return a.length() * a.dataType().width();
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
