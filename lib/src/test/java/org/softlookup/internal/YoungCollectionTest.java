package org.softlookup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.softlookup.KernelJvm;

class YoungCollectionTest {

    /** In this JVM's collector (G1 under Maven): the young collector runs, the old one does not, garbage is gone. */
    @Test
    void runsTheYoungCollectorAndNotAFullOne() {
        assertEquals("young=true full=0 cleared=true", Child.collectOnce());
    }

    /** In a JVM started as the kernel is (the serial collector): Copy runs, MarkSweepCompact does not. */
    @Test
    void runsTheSerialCollectorsCopyInTheKernelsSettings() throws Exception {
        Process child = KernelJvm.running(Child.class).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals("Copy young=true full=0 cleared=true", out.strip());
    }

    /** One young collection, reported as the collector's name (in a child), whether it ran, and what it freed. */
    static final class Child {
        public static void main(String[] args) {
            System.out.println(YoungCollection.collector().getName() + " " + collectOnce());
        }

        static String collectOnce() {
            long before = youngCollections(), full = fullCollections();
            WeakReference<Object> garbage = new WeakReference<>(new Object()); // young, and unreachable at once
            boolean ran = YoungCollection.run();
            return "young=" + (ran && youngCollections() > before) + " full=" + (fullCollections() - full) + " cleared="
                    + (garbage.get() == null);
        }
    }

    /** How often the young collector has run in this JVM. */
    static long youngCollections() {
        return YoungCollection.collector().getCollectionCount();
    }

    /** How often the other collectors (the full ones: MarkSweepCompact, G1 Old Generation) have run in this JVM. */
    static long fullCollections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !gc.getName().equals(YoungCollection.collector().getName()))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }
}
