package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class InductionTest {

    /**
     * Every promise of a batch, checked from its tokens: the segment is distinct and copied twice in a row, every
     * other token is outside it, and each scored position sits in the second copy (not its last place), has one
     * earlier occurrence of its token, and must predict the token after it, which is also the token after that
     * occurrence, at {@code sources}.
     */
    private static void assertTheTaskHolds(Induction.Batch batch, int vocabulary, int shortest, int longest) {
        int b = batch.sequences(), n = batch.length();
        int scored = 0;
        for (int k = 0; k < b; k++) {
            int[] t = batch.tokens()[k];
            int s = batch.starts()[k], L = batch.lengths()[k];
            String what = "sequence " + k + " " + Arrays.toString(t) + ", start " + s + ", length " + L;
            assertEquals(n, t.length, what);
            assertTrue(L >= shortest && L <= longest && s >= 0 && s + 2 * L <= n, what);
            Set<Integer> segment = new HashSet<>();
            for (int r = 0; r < L; r++) {
                assertTrue(segment.add(t[s + r]), what + ": the segment repeats a token");
                assertEquals(t[s + r], t[s + L + r], what + ": second copy at " + r);
            }
            for (int i = 0; i < n; i++) {
                assertTrue(t[i] >= 0 && t[i] < vocabulary, what);
                if (i < s || i >= s + 2 * L) {
                    assertFalse(segment.contains(t[i]), what + ": token at " + i + " is in the segment");
                }
            }
            assertArrayEquals(
                    java.util.stream.IntStream.rangeClosed(s + L, s + 2 * L - 2).toArray(), batch.scoredIn(k), what);
            scored += L - 1;
        }
        assertEquals(scored, batch.positions().length);
        assertEquals(scored, batch.targets().length);
        assertEquals(scored, batch.sources().length);
        for (int r = 0; r < scored; r++) {
            int p = batch.positions()[r], k = p / n, i = p % n;
            int[] t = batch.tokens()[k];
            int s = batch.starts()[k], L = batch.lengths()[k];
            String what = "scored " + r + " (sequence " + k + ", position " + i + ")";
            if (r > 0) {
                assertTrue(p > batch.positions()[r - 1], what + ": positions in increasing order");
            }
            assertTrue(i >= s + L && i <= s + 2 * L - 2, what + ": inside the second copy, not its last place");
            assertEquals(t[i + 1], batch.targets()[r], what + ": the target is the next token");
            int earlier = -1;
            for (int j = 0; j < i; j++) {
                if (t[j] == t[i]) {
                    assertEquals(-1, earlier, what + ": its token occurs once before it");
                    earlier = j;
                }
            }
            assertTrue(earlier >= 0, what + ": its token occurs before it");
            assertEquals(batch.targets()[r], t[earlier + 1], what + ": what followed the earlier occurrence");
            assertEquals(k * n + earlier + 1, batch.sources()[r], what + ": sources");
        }
    }

    @Test
    void theLessonsBatchesHoldTheTask() {
        for (long seed = 0; seed < 20; seed++) {
            Induction.Batch batch = Induction.batch(seed, 32);
            assertEquals(32, batch.sequences());
            assertEquals(20, batch.length());
            assertTheTaskHolds(batch, 24, 3, 8);
        }
    }

    @Test
    void otherSizesHoldTheTaskToo() {
        assertTheTaskHolds(Induction.batch(3, 200, 6, 4, 2, 3, 0), 4, 2, 3);
        assertTheTaskHolds(Induction.batch(4, 200, 11, 9, 3, 5, 2), 9, 3, 5);
        Induction.Batch tight = Induction.batch(5, 50, 8, 5, 4, 4, 1); // the segment twice fills the sequence
        assertTheTaskHolds(tight, 5, 4, 4);
        assertTrue(Arrays.stream(tight.starts()).allMatch(s -> s == 0));
        assertArrayEquals(new long[] {50, 8, 5 + 8 + 1}, tight.x().shape());
    }

    @Test
    void everyLengthAndManyStartsOccurAboutEquallyOften() {
        Induction.Batch batch = Induction.batch(11, 6000);
        int[] lengths = new int[9];
        Set<String> startsByLength = new HashSet<>();
        for (int k = 0; k < 6000; k++) {
            lengths[batch.lengths()[k]]++;
            startsByLength.add(batch.lengths()[k] + "@" + batch.starts()[k]);
        }
        for (int L = 3; L <= 8; L++) {
            assertEquals(1000, lengths[L], 100, "length " + L + ": " + Arrays.toString(lengths));
            for (int s = 0; s <= 20 - 2 * L; s++) { // every start the length leaves room for
                assertTrue(startsByLength.contains(L + "@" + s), "length " + L + " never starts at " + s);
            }
        }
        int[] tokens = new int[24];
        for (int[] t : batch.tokens()) {
            for (int token : t) {
                tokens[token]++;
            }
        }
        for (int count : tokens) { // 120,000 tokens, 5,000 of each on average
            assertEquals(5000, count, 400, Arrays.toString(tokens));
        }
    }

    @Test
    void eachInputRowIsOneHotTokenThenOneHotPositionThenZeros() {
        Induction.Batch batch = Induction.batch(2, 3);
        INDArray x = batch.x();
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(new long[] {3, 20, 68}, x.shape());
        assertEquals(68, Induction.D_MODEL);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 20; i++) {
                for (int c = 0; c < 68; c++) {
                    double expected = c == batch.tokens()[k][i] || c == 24 + i ? 1 : 0;
                    assertEquals(expected, x.getDouble(k, i, c), "x[" + k + ", " + i + ", " + c + "]");
                }
            }
        }
        assertEquals(x, Induction.inputs(batch.tokens()));
        assertEquals(68, Induction.features().size());
        assertEquals(List.of("A", "B", "@0", "@1", "@2", "s0"), Induction.features(2, 3, 1));
    }

    @Test
    void theSameSeedGivesTheSameBatchOnEveryMachine() {
        Induction.Batch a = Induction.batch(7, 32), b = Induction.batch(7, 32);
        assertArrayEquals(a.tokens(), b.tokens());
        assertArrayEquals(a.starts(), b.starts());
        assertArrayEquals(a.lengths(), b.lengths());
        assertEquals(a.x(), b.x());
        assertArrayEquals(a.positions(), b.positions());
        assertArrayEquals(a.targets(), b.targets());
        assertArrayEquals(a.sources(), b.sources());
        // java.util.Random is fixed by the Java specification: these numbers are the same everywhere, and a change
        // to how batches are drawn (which changes every stored lesson output) shows here first.
        Induction.Batch first = Induction.batch(0, 1);
        assertEquals(
                "[17, 22, 0, 2, 3, 21, 5, 12, 20, 16, 3, 21, 5, 12, 20, 16, 14, 9, 4, 8] start 4 length 6",
                Arrays.toString(first.tokens()[0]) + " start " + first.starts()[0] + " length " + first.lengths()[0]);
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            for (int[] t : Induction.batch(seed, 10).tokens()) {
                seen.add(Arrays.toString(t));
            }
        }
        assertEquals(1000, seen.size(), "different seeds, different sequences");
    }

    @Test
    void badSizesAreRejectedWithAClearMessage() {
        assertRejects(() -> Induction.batch(1, 0), "sequences must be at least 1", "0");
        assertRejects(() -> Induction.batch(1, 4, 20, 24, 1, 8, 24), "2 ≤ shortest ≤ longest", "1 and 8");
        assertRejects(() -> Induction.batch(1, 4, 20, 24, 5, 4, 24), "2 ≤ shortest ≤ longest", "5 and 4");
        assertRejects(
                () -> Induction.batch(1, 4, 15, 24, 3, 8, 24),
                "length is 15",
                "the longest segment twice needs 16 positions");
        assertRejects(() -> Induction.batch(1, 4, 20, 8, 3, 8, 24), "vocabulary must be longest + 1 = 9 … 26", "8");
        assertRejects(() -> Induction.batch(1, 4, 20, 27, 3, 8, 24), "vocabulary", "27");
        assertRejects(() -> Induction.batch(1, 4, 20, 24, 3, 8, -1), "spare must be 0 or more", "-1");
        assertRejects(() -> Induction.inputs(new int[][] {{0, 24}}), "tokens[0][1] is 24", "0 … 23");
        assertRejects(() -> Induction.inputs(new int[][] {{0, 1}, {2}}), "sequence 1 has 1 tokens");
        assertRejects(() -> Induction.inputs(new int[][] {{0}}, 3, -2), "spare must be 0 or more", "-2");
        assertRejects(() -> Induction.features(3, 4, -1), "spare must be 0 or more");
        assertRejects(() -> Induction.batch(1, 2).scoredIn(2), "sequence must be 0 … 1", "2");
    }
}
