package org.softlookup.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Attention;
import org.softlookup.KernelJvm;
import org.softlookup.Naive;

class OffHeapTest {

    private final Random rnd = new Random(5);

    @Test
    void attentionCountsTheBytesItHandsOutAndClosingUncountsThem() {
        int n = 6, m = 9, d = 4, dv = 3;
        INDArray q = Naive.random(rnd, n, d), k = Naive.random(rnd, m, d), v = Naive.random(rnd, m, dv);
        long before = settled();
        try (Attention.Result r = Attention.forward(q, k, v, null)) {
            // scores and weights [n, m], output [n, dv], 8 bytes a number
            assertEquals(8L * (2 * n * m + n * dv), OffHeap.unclosedBytes() - before);
            try (Attention.Gradients g = Attention.backward(r, Naive.random(rnd, n, dv))) {
                // dQ [n, d], dK [m, d], dV [m, dv], dWeights and dScores [n, m]
                assertEquals(
                        8L * (2 * n * m + n * dv + n * d + m * d + m * dv + 2 * n * m),
                        OffHeap.unclosedBytes() - before);
            }
        }
        assertEquals(before, OffHeap.unclosedBytes());
    }

    @Test
    void closingTwiceUncountsOnce() {
        INDArray q = Naive.random(rnd, 8, 4);
        long before = settled();
        Attention.Result r = Attention.forward(q.getRows(0, 1), q, q, null);
        Attention.Gradients g = Attention.backward(r, Naive.random(rnd, 2, 4));
        r.close();
        g.close();
        assertEquals(before, OffHeap.unclosedBytes());
        r.close();
        g.close();
        OffHeap.close(r.scores(), r.output());
        assertEquals(before, OffHeap.unclosedBytes(), "closing again changes nothing");
    }

    /** Whoever asked for the collection: an array it found unreachable leaves the count, to the byte. */
    @Test
    void resultsLeftToTheCollectorLeaveTheCountOnceItFindsThem() {
        INDArray q = Naive.random(rnd, 16, 4);
        long before = settled();
        Attention.Result r = Attention.forward(q, q, q, null);
        assertEquals(8L * (2 * 16 * 16 + 16 * 4), OffHeap.unclosedBytes() - before, "counted while in use");
        WeakReference<DataBuffer> weights = new WeakReference<>(r.weights().data());
        r = null; // left to the collector, as a cell leaves it
        System.gc(); // not one this class asked for
        assertTrue(weights.refersTo(null), "collected");
        assertEquals(before, OffHeap.unclosedBytes());
    }

    @Test
    void aYoungCollectionFindsResultsThatDiedYoungWithoutAFullOne() {
        INDArray q = Naive.random(rnd, 64, 8);
        long before = settled();
        WeakReference<DataBuffer> last = null;
        for (int i = 0; i < 10; i++) {
            last = new WeakReference<>(
                    Attention.forward(q, q, q, null).weights().data());
        }
        assertTrue(OffHeap.unclosedBytes() > before, "ten results counted");
        long young = YoungCollectionTest.youngCollections(), full = YoungCollectionTest.fullCollections();
        OffHeap.collect();
        assertTrue(last.refersTo(null), "the young collection freed them");
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(YoungCollectionTest.youngCollections() > young, "a young collection ran");
        assertEquals(full, YoungCollectionTest.fullCollections(), "and no full one");
    }

    /** The young collector cannot free what survived a collection before it was dropped: then a full one does. */
    @Test
    void aFullCollectionFindsResultsThatGrewOldBeforeTheyWereDropped() {
        INDArray q = Naive.random(rnd, 64, 8);
        long before = settled();
        Attention.Result r = Attention.forward(q, q, q, null);
        System.gc(); // r is in use: it survives into the old generation
        WeakReference<DataBuffer> weights = new WeakReference<>(r.weights().data());
        r = null;
        long full = YoungCollectionTest.fullCollections();
        OffHeap.collect();
        assertTrue(weights.refersTo(null), "the full collection freed it");
        assertEquals(before, OffHeap.unclosedBytes());
        assertEquals(full + 1, YoungCollectionTest.fullCollections(), "one full collection");
    }

    @Test
    void passingTheLimitCollectsBeforeTheNewArraysAreCounted() {
        long before = settled();
        INDArray dropped = Nd4j.createUninitialized(DataType.DOUBLE, OffHeap.UNCLOSED_LIMIT / 16);
        OffHeap.made(dropped);
        WeakReference<DataBuffer> ref = new WeakReference<>(dropped.data());
        dropped = null;
        long young = YoungCollectionTest.youngCollections();
        INDArray next = Nd4j.createUninitialized(DataType.DOUBLE, OffHeap.UNCLOSED_LIMIT / 16 + 1); // over the limit
        OffHeap.made(next);
        assertTrue(YoungCollectionTest.youngCollections() > young, "a collection ran");
        assertTrue(ref.refersTo(null), "collected");
        assertEquals(
                before + next.length() * 8, OffHeap.unclosedBytes(), "the new array counted, the dropped forgotten");
        OffHeap.close(next);
        assertEquals(before, OffHeap.unclosedBytes());
    }

    /** Without the count, 100 unclosed calls at n = 1024 would leave about 4 GB for the collector to find. */
    @Test
    void resultsLeftToTheCollectorDoNotPileUpOffHeap() throws IOException {
        int n = 1024, d = 64;
        INDArray q = Naive.random(rnd, n, d), k = Naive.random(rnd, n, d), v = Naive.random(rnd, n, d);
        INDArray dO = Naive.random(rnd, n, d);
        long before = residentBytes(), peak = before;
        for (int i = 0; i < 100; i++) {
            Attention.backward(Attention.forward(q, k, v, null), dO);
            peak = Math.max(peak, residentBytes()); // the peak, not the end: a collection at the end would hide it
        }
        long grown = peak - before;
        assertTrue(grown < 3 * OffHeap.UNCLOSED_LIMIT, "resident memory peaked " + (grown >> 20) + " MB higher");
    }

    /**
     * The same loop in a JVM started as the kernel is (serial collector, its young generation of 32 MB): young
     * collections keep it within the limit, and not one full collection of everything the kernel holds runs.
     */
    @Test
    void inTheKernelsSettingsALoopNeedsNoFullCollection() throws Exception {
        Process child = KernelJvm.running(Loop.class).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), out);
        Matcher m = Pattern.compile("young (\\d+) full (\\d+) grown (\\d+) MB").matcher(out.strip());
        assertTrue(m.matches(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 4, "at least one young collection per 256 MB: " + out);
        assertEquals(0, Integer.parseInt(m.group(2)), out);
        assertTrue(Long.parseLong(m.group(3)) < 3 * (OffHeap.UNCLOSED_LIMIT >> 20), out);
    }

    /** 64 unclosed calls at n = 1024 (2.1 GB of results); prints the collections and the peak growth of memory. */
    static final class Loop {
        public static void main(String[] args) throws IOException {
            Random rnd = new Random(6);
            int n = 1024, d = 64;
            INDArray q = Naive.random(rnd, n, d), k = Naive.random(rnd, n, d), v = Naive.random(rnd, n, d);
            INDArray dO = Naive.random(rnd, n, d);
            Attention.backward(Attention.forward(q, k, v, null), dO); // ND4J's own start-up, before counting
            long young = YoungCollectionTest.youngCollections(),
                    full = YoungCollectionTest.fullCollections(),
                    before = residentBytes(),
                    peak = before;
            for (int i = 0; i < 64; i++) {
                Attention.backward(Attention.forward(q, k, v, null), dO);
                peak = Math.max(peak, residentBytes());
            }
            System.out.printf(
                    "young %d full %d grown %d MB%n",
                    YoungCollectionTest.youngCollections() - young,
                    YoungCollectionTest.fullCollections() - full,
                    (peak - before) >> 20);
        }
    }

    /**
     * Only arrays in use left in the count, so that no earlier garbage leaves it mid-test: a full collection first
     * (garbage that grew old in earlier tests is below what OffHeap's own collection looks for), then OffHeap's, so
     * that its next one starts from here.
     */
    private static long settled() {
        System.gc();
        OffHeap.collect();
        return OffHeap.unclosedBytes();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return 1024 * Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void whatCannotFitIsRefusedWithHowMuchAndWhatToDo() {
        assertRejects(
                () -> OffHeap.checkRoom(1L << 50, "a test op", "ask for less"),
                "a test op would need 1048576.0 GB",
                "may use",
                "in use of",
                "ask for less",
                "close results");
        assertDoesNotThrow(() -> OffHeap.checkRoom(OffHeap.CHECKED_FROM, "a test op", "ask for less"));
        assertEquals("6.0 GB", OffHeap.size(6_410_240_000L));
        assertEquals("512.0 MB", OffHeap.size(512L << 20));
    }
}
