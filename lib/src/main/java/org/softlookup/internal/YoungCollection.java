package org.softlookup.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Runs the young-generation collector, the one that finds short-lived objects such as the results a loop leaves
 * behind. Java has no call for it, so this allocates garbage until it runs: what is left of the young generation,
 * which is why the kernel's is 32 MB. In a kernel that had set up the library, it took 2–3 ms where
 * {@code System.gc()} (a full collection of everything the notebook holds) took 75–95 ms.
 */
final class YoungCollection {

    /** Under G1's smallest humongous size (half a 1 MB region), so that each chunk goes where young objects go. */
    private static final int CHUNK = 64 << 10;

    private static final GarbageCollectorMXBean YOUNG = youngCollector();

    /** Where each chunk goes, so that no compiler can prove the allocation useless and drop it. */
    private static volatile byte[] sink;

    private YoungCollection() {}

    /** True once a young collection has run; false if this JVM's collector has no young generation or it did not. */
    static boolean run() {
        if (YOUNG == null) {
            return false;
        }
        long before = YOUNG.getCollectionCount();
        long most = Runtime.getRuntime().maxMemory() / CHUNK; // a heap's worth: never fill memory hoping for it
        for (long i = 0; i < most && YOUNG.getCollectionCount() == before; i++) {
            sink = new byte[CHUNK];
        }
        sink = null;
        return YOUNG.getCollectionCount() != before;
    }

    /**
     * The collector of eden that manages the fewest memory pools: Copy beside MarkSweepCompact (the serial collector
     * the kernel uses), PS Scavenge beside PS MarkSweep, G1 Young Generation (listed first) beside G1 Old Generation.
     * Null for collectors without a young generation (ZGC, Shenandoah in JDK 17).
     */
    private static GarbageCollectorMXBean youngCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> Arrays.stream(gc.getMemoryPoolNames()).anyMatch(pool -> pool.contains("Eden")))
                .min(Comparator.comparingInt(gc -> gc.getMemoryPoolNames().length))
                .orElse(null);
    }

    /** The young collector's name and count, for tests: {@code "Copy"} and how often it has run. */
    static GarbageCollectorMXBean collector() {
        return YOUNG;
    }
}
