package org.softlookup.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Attention;
import org.softlookup.Naive;

class OffHeapTest {

    private final Random rnd = new Random(5);

    @Test
    void attentionCountsTheBytesItHandsOutAndClosingUncountsThem() {
        int n = 6, m = 9, d = 4, dv = 3;
        INDArray q = Naive.random(rnd, n, d), k = Naive.random(rnd, m, d), v = Naive.random(rnd, m, dv);
        long before = OffHeap.unclosedBytes();
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
    void closingArraysMadeBeforeACollectionDoesNotLetTheNextOnesPileUpFurther() {
        INDArray q = Naive.random(rnd, 4, 2);
        Attention.Result kept = Attention.forward(q, q, q, null);
        OffHeap.made(Nd4j.createUninitialized(DataType.DOUBLE, OffHeap.UNCLOSED_LIMIT / 8 + 1)); // over the limit
        assertEquals(0, OffHeap.unclosedBytes());
        kept.close();
        assertEquals(0, OffHeap.unclosedBytes());
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

    @Test
    void passingTheLimitAsksForACollection() {
        startFromZero();
        Object garbage = new Object();
        WeakReference<Object> ref = new WeakReference<>(garbage);
        garbage = null;
        long before = OffHeap.unclosedBytes();
        INDArray small = Nd4j.createUninitialized(DataType.DOUBLE, 1000);
        OffHeap.made(small);
        assertEquals(before + 8000, OffHeap.unclosedBytes(), "counted to the byte");
        OffHeap.made(Nd4j.createUninitialized(DataType.DOUBLE, OffHeap.UNCLOSED_LIMIT / 8 + 1));
        assertEquals(null, ref.get(), "the collection that frees unreachable arrays ran");
        assertEquals(0, OffHeap.unclosedBytes());
    }

    @Test
    void closingTwiceUncountsOnce() {
        INDArray q = Naive.random(rnd, 8, 4);
        Attention.Result kept = Attention.forward(q, q, q, null); // keeps the count above 0, where 0 cannot clamp
        long before = OffHeap.unclosedBytes();
        Attention.Result r = Attention.forward(q.getRows(0, 1), q, q, null);
        Attention.Gradients g = Attention.backward(r, Naive.random(rnd, 2, 4));
        r.close();
        g.close();
        assertEquals(before, OffHeap.unclosedBytes());
        r.close();
        g.close();
        OffHeap.close(r.scores(), r.output());
        assertEquals(before, OffHeap.unclosedBytes(), "closing again changes nothing");
        kept.close();
    }

    /** Arrays the collector freed on its own are still counted: the count can only over-estimate what is open. */
    @Test
    void collectionsTheCountDidNotAskForLeaveItAnOverEstimate() {
        INDArray q = Naive.random(rnd, 16, 4);
        startFromZero();
        long before = OffHeap.unclosedBytes();
        Attention.forward(q, q, q, null); // left to the collector
        long counted = OffHeap.unclosedBytes() - before;
        System.gc();
        assertEquals(8L * (2 * 16 * 16 + 16 * 4), counted);
        assertEquals(before + counted, OffHeap.unclosedBytes(), "still counted after a collection of our own");
        Attention.Result next = Attention.forward(q, q, q, null);
        next.close();
        assertEquals(before + counted, OffHeap.unclosedBytes(), "and the next results count and uncount as before");
    }

    /** Passing the limit sets the count to 0 (whatever earlier tests in this JVM left open). */
    private static void startFromZero() {
        OffHeap.made(Nd4j.createUninitialized(DataType.DOUBLE, OffHeap.UNCLOSED_LIMIT / 8 + 1));
        assertEquals(0, OffHeap.unclosedBytes());
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
