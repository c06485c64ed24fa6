package org.softlookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Entries;
import org.softlookup.internal.Setup;

/**
 * Lesson 08's task: in each sequence a segment of distinct tokens appears twice in a row, and inside the second copy
 * every position predicts the next token. With the segment at s, of length L: position i = s+L … s+2L−2 has target
 * token_{i+1}, which followed token_i's earlier occurrence at i − L; every other token is outside the segment.
 * <p>
 * The segment's length and place vary, so position alone cannot say where to look: a model has to find where the
 * current token appeared before and read what came right after it (an induction head).
 */
public final class Induction {

    private Induction() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /** The lesson's sizes: 24 tokens, sequences of 20, segments of 3 … 8 tokens. */
    public static final int VOCABULARY = 24, LENGTH = 20, SHORTEST = 3, LONGEST = 8;

    /** Columns of zeros after the one-hot token and position: room in each row for the layers to write into. */
    public static final int SPARE = 24;

    /** The width of an input row, d_model = VOCABULARY + LENGTH + SPARE = 68. */
    public static final int D_MODEL = VOCABULARY + LENGTH + SPARE;

    /**
     * Sequences ready for one training step. {@code tokens} {@code [b][n]}; sequence k's segment starts at
     * {@code starts[k]} and has {@code lengths[k]} tokens; x {@code [b, n, vocabulary + n + spare]}, row i of
     * sequence k = [one-hot(token) | one-hot(i) | zeros]. {@code positions} are the scored rows as flat indices
     * k·n + i into the b·n rows, in increasing order; {@code targets} the token each must predict (token_{i+1}) and
     * {@code sources} the flat row k·n + j of the earlier occurrence's successor, j = i − L + 1, whose token is the
     * target: where an induction head should look. All three in the same order.
     */
    public record Batch(
            int[][] tokens, int[] starts, int[] lengths, INDArray x, int[] positions, int[] targets, int[] sources) {

        /** The number of sequences, b. */
        public int sequences() {
            return tokens.length;
        }

        /** The length of each sequence, n. */
        public int length() {
            return tokens[0].length;
        }

        /** The scored positions i of one sequence (not flat): s+L … s+2L−2, the second copy but its last token. */
        public int[] scoredIn(int sequence) {
            if (sequence < 0 || sequence >= tokens.length) {
                throw new IllegalArgumentException("sequence must be 0 … " + (tokens.length - 1) + " (this batch has "
                        + tokens.length + " sequences), but it is " + sequence);
            }
            int[] scored = new int[lengths[sequence] - 1];
            for (int r = 0; r < scored.length; r++) {
                scored[r] = starts[sequence] + lengths[sequence] + r;
            }
            return scored;
        }
    }

    /** A batch of the lesson's sizes, the same for the same seed on every run and machine. */
    public static Batch batch(long seed, int sequences) {
        return batch(seed, sequences, LENGTH, VOCABULARY, SHORTEST, LONGEST, SPARE);
    }

    /**
     * A batch of {@code sequences} sequences of {@code length} tokens from 0 … vocabulary − 1, segments of
     * {@code shortest} … {@code longest} tokens, rows with {@code spare} columns of zeros. Drawn from
     * java.util.Random with the seed scrambled as {@link LookBack} does, sequence by sequence: the segment's length,
     * its start, its tokens, then the other tokens.
     */
    public static Batch batch(
            long seed, int sequences, int length, int vocabulary, int shortest, int longest, int spare) {
        check(sequences, length, vocabulary, shortest, longest, spare);
        Random random = new Random(LookBack.scramble(seed));
        int[][] tokens = new int[sequences][length];
        int[] starts = new int[sequences], lengths = new int[sequences];
        int scored = 0;
        for (int k = 0; k < sequences; k++) {
            int L = shortest + random.nextInt(longest - shortest + 1);
            int s = random.nextInt(length - 2 * L + 1);
            int[] shuffled = new int[vocabulary];
            for (int t = 0; t < vocabulary; t++) {
                shuffled[t] = t;
            }
            for (int r = 0; r < L; r++) { // the first L entries of a Fisher–Yates shuffle: L distinct tokens
                int pick = r + random.nextInt(vocabulary - r);
                int swap = shuffled[r];
                shuffled[r] = shuffled[pick];
                shuffled[pick] = swap;
            }
            // shuffled[L …] are exactly the tokens outside the segment
            for (int i = 0; i < length; i++) {
                boolean inside = i >= s && i < s + 2 * L;
                tokens[k][i] = inside ? shuffled[(i - s) % L] : shuffled[L + random.nextInt(vocabulary - L)];
            }
            starts[k] = s;
            lengths[k] = L;
            scored += L - 1;
        }
        int[] positions = new int[scored], targets = new int[scored], sources = new int[scored];
        int r = 0;
        for (int k = 0; k < sequences; k++) {
            for (int i = starts[k] + lengths[k]; i <= starts[k] + 2 * lengths[k] - 2; i++, r++) {
                positions[r] = k * length + i;
                targets[r] = tokens[k][i + 1];
                sources[r] = k * length + i - lengths[k] + 1;
            }
        }
        return new Batch(tokens, starts, lengths, inputs(tokens, vocabulary, spare), positions, targets, sources);
    }

    /**
     * The inputs x {@code [b, n, vocabulary + n + spare]}: row i of sequence k is [one-hot(token) | one-hot(i) |
     * spare zeros], exactly two ones per row.
     */
    public static INDArray inputs(int[][] tokens, int vocabulary, int spare) {
        if (spare < 0) {
            throw new IllegalArgumentException("spare must be 0 or more (columns of zeros), but it is " + spare);
        }
        LookBack.checkVocabulary(vocabulary);
        int length = LookBack.checkTokens(tokens, vocabulary);
        int width = vocabulary + length + spare;
        double[] x = new double[tokens.length * length * width]; // row-major: sequence k, position i, column
        for (int k = 0; k < tokens.length; k++) {
            for (int i = 0; i < length; i++) {
                int row = (k * length + i) * width;
                x[row + tokens[k][i]] = 1;
                x[row + vocabulary + i] = 1;
            }
        }
        INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, tokens.length, length, width);
        Entries.write(x, a);
        return a;
    }

    /** The inputs of the lesson's sizes: vocabulary {@link #VOCABULARY}, {@link #SPARE} columns of zeros. */
    public static INDArray inputs(int[][] tokens) {
        return inputs(tokens, VOCABULARY, SPARE);
    }

    /** The columns of x: token names A, B, …, positions "@0", "@1", …, then the spare columns "s0", "s1", …. */
    public static List<String> features(int vocabulary, int length, int spare) {
        if (spare < 0) {
            throw new IllegalArgumentException("spare must be 0 or more (columns of zeros), but it is " + spare);
        }
        List<String> names = new ArrayList<>(LookBack.features(vocabulary, length));
        for (int c = 0; c < spare; c++) {
            names.add("s" + c);
        }
        return names;
    }

    /** The columns of x at the lesson's sizes: 68 names. */
    public static List<String> features() {
        return features(VOCABULARY, LENGTH, SPARE);
    }

    private static void check(int sequences, int length, int vocabulary, int shortest, int longest, int spare) {
        if (sequences < 1) {
            throw new IllegalArgumentException("sequences must be at least 1, but it is " + sequences);
        }
        if (shortest < 2 || longest < shortest) {
            throw new IllegalArgumentException("segment lengths must satisfy 2 ≤ shortest ≤ longest (a segment of"
                    + " one token has nothing to predict in its second copy), but they are " + shortest + " and "
                    + longest);
        }
        if (2 * longest > length) {
            throw new IllegalArgumentException("length is " + length + ", but the longest segment twice needs "
                    + 2 * longest + " positions (longest = " + longest + ")");
        }
        if (vocabulary <= longest || vocabulary > 26) {
            throw new IllegalArgumentException("vocabulary must be longest + 1 = " + (longest + 1) + " … 26 (a segment"
                    + " of distinct tokens and at least one token outside it, named A … Z), but it is " + vocabulary);
        }
        if (spare < 0) {
            throw new IllegalArgumentException("spare must be 0 or more (columns of zeros), but it is " + spare);
        }
    }
}
