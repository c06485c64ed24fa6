package org.softlookup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
            GarbageCollectorMXBean young = YoungCollection.collector();
            List<GarbageCollectorMXBean> others = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .filter(gc -> !gc.getName().equals(young.getName()))
                    .toList();
            long full = others.stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                    .sum();
            long before = young.getCollectionCount();
            WeakReference<Object> garbage = new WeakReference<>(new Object()); // young, and unreachable at once
            boolean ran = YoungCollection.run();
            long fullAfter = others.stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                    .sum();
            return "young=" + (ran && young.getCollectionCount() > before) + " full=" + (fullAfter - full) + " cleared="
                    + (garbage.get() == null);
        }
    }
}
