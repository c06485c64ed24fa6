package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class LookBackTest {

    @Test
    void theSameSeedGivesTheSameBatchAndNeighbouringSeedsStartUnrelated() {
        LookBack.Batch a = LookBack.batch(7, 4, 10, 6, 2), b = LookBack.batch(7, 4, 10, 6, 2);
        assertArrayEquals(a.tokens(), b.tokens());
        assertEquals(a.x(), b.x());
        assertArrayEquals(a.targets(), b.targets());
        // Unscrambled, java.util.Random gives neighbouring seeds related sequences: at position 1, the token of seed
        // s + 1 minus that of seed s is 2 (mod 6) for 406 of 600 seeds. Scrambled, that difference must take every
        // value about equally often, at each of the first six positions.
        int[][] sequences = new int[601][];
        for (int seed = 0; seed <= 600; seed++) {
            sequences[seed] = LookBack.sequences(seed, 1, 6, 6)[0];
        }
        for (int i = 0; i < 6; i++) {
            int[] differences = new int[6];
            for (int seed = 0; seed < 600; seed++) {
                differences[Math.floorMod(sequences[seed + 1][i] - sequences[seed][i], 6)]++;
            }
            for (int count : differences) {
                assertTrue(count > 70 && count < 130, "position " + i + ": " + Arrays.toString(differences));
            }
        }
    }

    @Test
    void tokensAreUniformOverTheVocabulary() {
        int[] counts = new int[6];
        for (int[] sequence : LookBack.sequences(3, 1000, 12, 6)) {
            for (int t : sequence) {
                counts[t]++;
            }
        }
        for (int count : counts) {
            assertEquals(2000, count, 150, Arrays.toString(counts));
        }
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            for (int[] sequence : LookBack.sequences(seed, 8, 10, 6)) {
                seen.add(Arrays.toString(sequence));
            }
        }
        // 6^10 ≈ 60 million sequences: 1,600 draws repeat one with probability about 2 %, so several repeats
        // would mean that seeds share their sequences.
        assertTrue(seen.size() >= 1599, seen.size() + " distinct of 1600");
    }

    @Test
    void eachInputRowIsOneHotTokenThenOneHotPosition() {
        LookBack.Batch batch = LookBack.batch(11, 3, 5, 4, 1);
        INDArray x = batch.x();
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(new long[] {15, 9}, x.shape());
        INDArray tokenPart = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        INDArray positionPart = x.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 9));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 15), tokenPart.sum(1));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 15), positionPart.sum(1));
        long[] tokens = Nd4j.argMax(tokenPart, 1).toLongVector();
        long[] positions = Nd4j.argMax(positionPart, 1).toLongVector();
        for (int row = 0; row < 15; row++) {
            assertEquals(batch.tokens()[row / 5][row % 5], tokens[row], "token of row " + row);
            assertEquals(row % 5, positions[row], "position of row " + row);
        }
    }

    @Test
    void theTargetsAreEachSequenceWithoutItsLastBackTokens() {
        int length = 10, back = 2;
        LookBack.Batch batch = LookBack.batch(5, 4, length, 6, back);
        int[] expected = Arrays.stream(batch.tokens())
                .flatMapToInt(sequence -> Arrays.stream(Arrays.copyOfRange(sequence, 0, length - back)))
                .toArray();
        assertArrayEquals(expected, batch.targets());
    }

    @Test
    void scoredPicksThePositionsFromBackOnInOrder() {
        int count = 3, length = 7, back = 3;
        LookBack.Batch batch = LookBack.batch(9, count, length, 5, back);
        INDArray e = batch.scored();
        assertArrayEquals(new long[] {count * (length - back), count * length}, e.shape());
        assertEquals(Nd4j.ones(DataType.DOUBLE, count * (length - back)), e.sum(1), "one 1 per row");
        // E·X keeps rows of X: their position part says which position each picked row is.
        INDArray picked = Lookup.rows(e, batch.x());
        long[] positions = Nd4j.argMax(picked.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 5 + length)), 1)
                .toLongVector();
        assertArrayEquals(new long[] {3, 4, 5, 6, 3, 4, 5, 6, 3, 4, 5, 6}, positions);
        long[] rows = Nd4j.argMax(e, 1).toLongVector();
        for (int k = 1; k < rows.length; k++) {
            assertTrue(rows[k] > rows[k - 1], "rows in order");
        }
    }

    @Test
    void namesForTokensFeaturesAndPositions() {
        assertEquals(List.of("A", "B", "C"), LookBack.tokenNames(3));
        assertEquals(List.of("A", "B", "@0", "@1", "@2"), LookBack.features(2, 3));
        assertEquals(List.of("0 C", "1 A", "2 F"), LookBack.labels(new int[] {2, 0, 5}));
    }

    @Test
    void badInputIsRejected() {
        assertRejects(() -> LookBack.sequences(1, 0, 10, 6), "count and length", "0 and 10");
        assertRejects(() -> LookBack.sequences(1, 2, 10, 0), "vocabulary", "1 … 26", "0");
        assertRejects(() -> LookBack.batch(1, 2, 10, 6, 10), "back", "1 … length − 1 = 9", "10");
        assertRejects(() -> LookBack.batch(1, 2, 10, 6, 0), "back", "0");
        assertRejects(() -> LookBack.scored(0, 10, 2), "count and length", "0 and 10");
        assertRejects(() -> LookBack.inputs(new int[][] {{0, 1}, {2}}, 3), "sequence 1 has 1 tokens", "one length");
        assertRejects(() -> LookBack.inputs(new int[][] {{0, 3}}, 3), "tokens[0][1] is 3", "0 … 2");
        assertRejects(() -> LookBack.inputs(new int[][] {{0}}, 27), "vocabulary", "27");
        assertRejects(() -> LookBack.targets(new int[][] {{0, -1}}, 1), "tokens[0][1] is -1");
        assertRejects(() -> LookBack.targets(new int[][] {{0, 1}}, 2), "back", "1 … length − 1 = 1", "2");
        assertRejects(() -> LookBack.inputs(new int[0][], 3), "at least one non-empty sequence");
        assertRejects(() -> LookBack.tokenNames(27), "vocabulary", "27");
        assertRejects(() -> LookBack.labels(new int[] {0, 26}), "sequence[1] is 26");
        assertRejects(() -> LookBack.labels(new int[0]), "at least one token");
    }
}
