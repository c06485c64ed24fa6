package org.softlookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Entries;
import org.softlookup.internal.Setup;

/**
 * Lesson 07's task: read a sequence of tokens and, at every position i, output the token {@code back} positions
 * earlier. Input row i is x_i = [one-hot(token_i) | one-hot(i)]; its target is token_{i − back}, for i ≥ back.
 */
public final class LookBack {

    private LookBack() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * Random sequences stacked as rows, ready for one training step: {@code tokens} {@code [sequences][length]},
     * the inputs x {@code [sequences·length, vocabulary + length]} (sequence b's position i is row b·length + i),
     * {@code scored}, the one-hot rows that pick the positions that have a target (i ≥ back), and {@code targets},
     * the token each picked position must output, in the same order.
     */
    public record Batch(int[][] tokens, INDArray x, INDArray scored, int[] targets) {}

    /** A batch of {@code sequences} random sequences, the same for the same arguments on every run and machine. */
    public static Batch batch(long seed, int sequences, int length, int vocabulary, int back) {
        int[][] tokens = sequences(seed, sequences, length, vocabulary);
        return new Batch(tokens, inputs(tokens, vocabulary), scored(sequences, length, back), targets(tokens, back));
    }

    /**
     * {@code count} sequences of {@code length} tokens, each drawn uniformly from 0 … vocabulary − 1, row by row
     * from java.util.Random; the seed is first scrambled (SplitMix64), so that neighbouring seeds start unrelated.
     */
    public static int[][] sequences(long seed, int count, int length, int vocabulary) {
        checkCountAndLength(count, length);
        checkVocabulary(vocabulary);
        Random random = new Random(scramble(seed));
        int[][] tokens = new int[count][length];
        for (int[] sequence : tokens) {
            for (int i = 0; i < length; i++) {
                sequence[i] = random.nextInt(vocabulary);
            }
        }
        return tokens;
    }

    /**
     * The inputs X, one row per position of every sequence, sequences stacked: row b·length + i is
     * [one-hot(token) | one-hot(i)], {@code [count·length, vocabulary + length]}, exactly two ones per row.
     */
    public static INDArray inputs(int[][] tokens, int vocabulary) {
        checkVocabulary(vocabulary);
        int length = checkTokens(tokens, vocabulary);
        int width = vocabulary + length;
        double[] x = new double[tokens.length * length * width]; // row-major, row b·length + i
        for (int b = 0; b < tokens.length; b++) {
            for (int i = 0; i < length; i++) {
                int row = (b * length + i) * width;
                x[row + tokens[b][i]] = 1;
                x[row + vocabulary + i] = 1;
            }
        }
        return Entries.matrix(x, (long) tokens.length * length, width);
    }

    /**
     * What each position with a target must output: the token {@code back} positions earlier, for positions
     * back … length − 1 of sequence 0, then of sequence 1, …: {@code count·(length − back)} tokens.
     */
    public static int[] targets(int[][] tokens, int back) {
        int length = checkTokens(tokens, 26);
        checkBack(back, length);
        int[] targets = new int[tokens.length * (length - back)];
        int k = 0;
        for (int[] sequence : tokens) {
            for (int i = back; i < length; i++) {
                targets[k++] = sequence[i - back];
            }
        }
        return targets;
    }

    /**
     * The one-hot rows that pick the positions with a target out of {@code count} stacked sequences:
     * {@code [count·(length − back), count·length]}, row k has its 1 at the k-th position i ≥ back. E·O keeps those
     * rows of O; the first {@code back} positions of each sequence have nothing to look back at and are left out.
     */
    public static INDArray scored(int count, int length, int back) {
        checkCountAndLength(count, length);
        checkBack(back, length);
        int width = count * length;
        double[] e = new double[count * (length - back) * width]; // row-major, row k
        int k = 0;
        for (int b = 0; b < count; b++) {
            for (int i = back; i < length; i++) {
                e[k++ * width + b * length + i] = 1;
            }
        }
        return Entries.matrix(e, (long) count * (length - back), width);
    }

    /** The tokens' names: A, B, C, … ({@code vocabulary} of them, at most 26). */
    public static List<String> tokenNames(int vocabulary) {
        checkVocabulary(vocabulary);
        List<String> names = new ArrayList<>();
        for (int t = 0; t < vocabulary; t++) {
            names.add(String.valueOf((char) ('A' + t)));
        }
        return names;
    }

    /** The columns of X: the token names, then one column per position, "@0", "@1", …. */
    public static List<String> features(int vocabulary, int length) {
        List<String> names = new ArrayList<>(tokenNames(vocabulary));
        for (int i = 0; i < length; i++) {
            names.add("@" + i);
        }
        return names;
    }

    /** One label per position of a sequence, position and token: "0 C", "1 A", … (for rows and columns of charts). */
    public static List<String> labels(int[] sequence) {
        if (sequence == null || sequence.length == 0) {
            throw new IllegalArgumentException("sequence must hold at least one token");
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < sequence.length; i++) {
            if (sequence[i] < 0 || sequence[i] >= 26) {
                throw new IllegalArgumentException(
                        "sequence[" + i + "] is " + sequence[i] + ", but tokens are numbered 0 … 25 (A … Z)");
            }
            labels.add(i + " " + (char) ('A' + sequence[i]));
        }
        return labels;
    }

    /** SplitMix64's finaliser: neighbouring seeds, whose first java.util.Random numbers are close, become unrelated. */
    static long scramble(long seed) { // package-private: Induction seeds the same way
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void checkCountAndLength(int count, int length) {
        if (count < 1 || length < 1) {
            throw new IllegalArgumentException("count and length must be at least 1 (sequences of tokens), "
                    + "but they are " + count + " and " + length);
        }
    }

    static void checkVocabulary(int vocabulary) { // package-private here and below: Induction checks alike
        if (vocabulary < 1 || vocabulary > 26) {
            throw new IllegalArgumentException(
                    "vocabulary must be 1 … 26 (tokens named A … Z), but it is " + vocabulary);
        }
    }

    private static void checkBack(int back, int length) {
        if (back < 1 || back >= length) {
            throw new IllegalArgumentException("back must be 1 … length − 1 = " + (length - 1)
                    + " (at least one position needs a token that far back), but it is " + back);
        }
    }

    /** Every sequence non-empty, of one length, with tokens in 0 … vocabulary − 1; returns that length. */
    static int checkTokens(int[][] tokens, int vocabulary) {
        if (tokens == null || tokens.length == 0 || tokens[0] == null || tokens[0].length == 0) {
            throw new IllegalArgumentException("tokens must hold at least one non-empty sequence");
        }
        int length = tokens[0].length;
        for (int b = 0; b < tokens.length; b++) {
            if (tokens[b] == null || tokens[b].length != length) {
                int tokensInB = tokens[b] == null ? 0 : tokens[b].length;
                throw new IllegalArgumentException("sequence " + b + " has " + tokensInB + " tokens but sequence 0 has "
                        + length + ": stacked sequences need one length");
            }
            for (int i = 0; i < length; i++) {
                if (tokens[b][i] < 0 || tokens[b][i] >= vocabulary) {
                    throw new IllegalArgumentException("tokens[" + b + "][" + i + "] is " + tokens[b][i]
                            + ", outside the vocabulary 0 … " + (vocabulary - 1));
                }
            }
        }
        return length;
    }
}
