package org.softlookup;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

class LookBackTest {

    @Test
    void theSameSeedGivesTheSameBatchAndNeighbouringSeedsDiffer() {
        LookBack.Batch a = LookBack.batch(7, 4, 10, 6, 2), b = LookBack.batch(7, 4, 10, 6, 2);
        assertArrayEquals(a.tokens(), b.tokens());
        assertEquals(a.x(), b.x());
        // java.util.Random's first numbers for seeds 0, 1, 2, … are nearly equal; scrambled, their first tokens
        // must take every value about equally often.
        int[] firstTokenCounts = new int[6];
        for (long seed = 0; seed < 600; seed++) {
            firstTokenCounts[LookBack.sequences(seed, 1, 1, 6)[0][0]]++;
        }
        for (int count : firstTokenCounts) {
            assertTrue(count > 70 && count < 130, Arrays.toString(firstTokenCounts));
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
    void eachInputRowIsOneHotTokenThenOneHotPosition() {
        LookBack.Batch batch = LookBack.batch(11, 3, 5, 4, 1);
        INDArray x = batch.x();
        assertEquals(DataType.DOUBLE, x.dataType());
        assertArrayEquals(new long[] {15, 9}, x.shape());
        INDArray tokenPart = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        INDArray positionPart = x.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 9));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 15), tokenPart.sum(1));
        assertEquals(Nd4j.ones(DataType.DOUBLE, 15), positionPart.sum(1));
        long[] tokens = Nd4j.argMax(tokenPart, 1).toLongVector(), positions = Nd4j.argMax(positionPart, 1).toLongVector();
        for (int row = 0; row < 15; row++) {
            assertEquals(batch.tokens()[row / 5][row % 5], tokens[row], "token of row " + row);
            assertEquals(row % 5, positions[row], "position of row " + row);
        }
    }

    @Test
    void eachTargetIsTheTokenPartOfTheRowBackPositionsEarlier() {
        int length = 10, back = 2;
        LookBack.Batch batch = LookBack.batch(5, 4, length, 6, back);
        assertArrayEquals(new long[] {40, 6}, batch.targets().shape());
        for (int b = 0; b < 4; b++) {
            int first = b * length;
            INDArray targets = batch.targets().get(NDArrayIndex.interval(first + back, first + length), NDArrayIndex.all());
            INDArray earlierTokens = batch.x().get(NDArrayIndex.interval(first, first + length - back),
                    NDArrayIndex.interval(0, 6));
            assertEquals(earlierTokens, targets, "sequence " + b);
            INDArray unscored = batch.targets().get(NDArrayIndex.interval(first, first + back), NDArrayIndex.all());
            assertEquals(0.0, unscored.sumNumber().doubleValue(), 0, "sequence " + b + " before position " + back);
        }
    }

    @Test
    void scoredMarksTheRowsThatHaveATarget() {
        LookBack.Batch batch = LookBack.batch(9, 5, 7, 3, 3);
        assertEquals(batch.targets().sum(true, 1), batch.scored());
        assertEquals(5 * (7 - 3), batch.scored().sumNumber().doubleValue(), 0);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 1}, LookBack.scored(1, 7, 3).toDoubleVector(), 0);
    }

    @Test
    void differentSeedsGiveDifferentSequences() {
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            for (int[] sequence : LookBack.sequences(seed, 8, 10, 6)) {
                seen.add(Arrays.toString(sequence));
            }
        }
        // 6^10 ≈ 60 million sequences: 1,600 draws repeat one with probability about 2 %, so a few repeats would
        // mean the seeds share their sequences.
        assertTrue(seen.size() >= 1599, seen.size() + " distinct of 1600");
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
        assertRejects(() -> LookBack.inputs(new int[][] {{0, 1}, {2}}, 3), "sequence 1 has 1 tokens", "one length");
        assertRejects(() -> LookBack.inputs(new int[][] {{0, 3}}, 3), "tokens[0][1] is 3", "0 … 2");
        assertRejects(() -> LookBack.targets(new int[][] {{0, -1}}, 3, 1), "tokens[0][1] is -1");
        assertRejects(() -> LookBack.inputs(new int[0][], 3), "at least one non-empty sequence");
        assertRejects(() -> LookBack.tokenNames(27), "vocabulary", "27");
        assertRejects(() -> LookBack.labels(new int[] {0, 26}), "sequence[1] is 26");
        assertRejects(() -> LookBack.labels(new int[0]), "at least one token");
    }
}
