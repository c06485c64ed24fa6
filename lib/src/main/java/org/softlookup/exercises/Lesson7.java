package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.howFar;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.show;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.Attention;
import org.softlookup.LookBack;
import org.softlookup.Lookup;
import org.softlookup.SelfAttention;
import org.softlookup.view.Numbers;

/**
 * Lesson 07's exercises: a causal mask by hand, the weights of a head that looks two positions back, and such a
 * head built by hand.
 */
public final class Lesson7 {

    /** The causal mask for 4 positions, built by hand. */
    public final Question q1 = new Question(
            "Exercise 1",
            "1 on and below the diagonal: position i sees positions 0…i, never the future",
            "Row i is query position i, column j key position j. Which j may position i look at?",
            "INDArray m = Nd4j.zeros(4, 4);\nfor (int i = 0; i < 4; i++)\n    for (int j = 0; j <= i; j++)"
                    + " m.putScalar(i, j, 1);\nreturn m;",
            answer -> {
                INDArray m = matrix(answer, 4, 4, "a mask for 4 positions");
                INDArray want = Attention.causalMask(4);
                if (close(m, want)) {
                    return null;
                }
                if (close(m, want.transpose())) {
                    return "transposed: row i is the query, and it may see the keys j ≤ i";
                }
                if (close(m, want.sub(Nd4j.eye(4)))) {
                    return "the diagonal is 0: a position sees itself too";
                }
                int row = 0; // the first row that is off
                while (row < 3 && close(m.getRow(row, true), want.getRow(row, true))) {
                    row++;
                }
                return "not the causal mask; your row " + row + " is "
                        + show(m.getRow(row, true), want.getRow(row, true)) + howFar(m, want);
            });

    /** The weights at query position 5 (of 10) of a head that attends exactly two positions back. */
    public final Question q2 = new Question(
            "Exercise 2",
            "all the weight on position 3, two back from 5",
            "A perfect look-back head puts weight 1 on one key position and 0 elsewhere: which, for query 5?",
            "return Lookup.oneHot(5 - 2, 10);",
            answer -> {
                INDArray w = matrix(answer, 1, 10, "one weight per position");
                INDArray want = Lookup.oneHot(3, 10);
                if (close(w, want)) {
                    return null;
                }
                if (close(w, Lookup.oneHot(7, 10))) {
                    return "position 7 is two ahead: the causal mask hides the future";
                }
                if (close(w, Lookup.oneHot(4, 10))) {
                    return "position 4 is one back";
                }
                return "not all the weight on the position two back; yours is " + show(w, want) + howFar(w, want);
            });

    /** W_q and W_k, built by hand, of a head whose queries 2…9 put at least 0.9 of their weight on i − 2. */
    public final Question q3 = new Question(
            "Exercise 3",
            "with the causal mask every query i = 2…9 puts at least 0.9 of its weight on position i − 2, in the"
                    + " lesson's sequence and 20 others",
            "Section 9: the score of query i and key j has a position part, W_q's row @i times W_k's row @j. Leave"
                    + " the token rows 0 and make q_i · k_j large exactly when j = i − 2. For example, with d_k = 10"
                    + " columns, one per position: row @j of W_k holds a 1 in column j, and row @i of W_q holds c in"
                    + " column i − 2 (rows @0 and @1 stay 0: those queries are not scored). Then query i scores"
                    + " c/√10 on key i − 2 and 0 on the i other keys it sees. How large must c be for query 9?",
            "INDArray wq = Nd4j.zeros(16, 10), wk = Nd4j.zeros(16, 10);\n"
                    + "for (int j = 0; j < 10; j++) wk.putScalar(6 + j, j, 1); // key @j answers j\n"
                    + "for (int i = 2; i < 10; i++) wq.putScalar(6 + i, i - 2, 20); // query @i asks for i - 2\n"
                    + "// query i: e^a / (e^a + i) on i - 2, a = c/√10; query 9 needs c ≥ √10 · ln 81 ≈ 13.9\n"
                    + "return new INDArray[] {wq, wk};",
            Lesson7::head);

    Lesson7() {}

    @Override
    public String toString() {
        return Exercises.describe("07", 3);
    }

    static final int VOCABULARY = 6, LENGTH = 10, BACK = 2, OTHERS = 20;

    /** X of the lesson's sequence (seed 1) and 20 others, stacked. */
    static INDArray sequences() {
        int[][] tokens = new int[OTHERS + 1][];
        tokens[0] = LookBack.sequences(1, 1, LENGTH, VOCABULARY)[0];
        System.arraycopy(LookBack.sequences(7, OTHERS, LENGTH, VOCABULARY), 0, tokens, 1, OTHERS);
        return LookBack.inputs(tokens, VOCABULARY);
    }

    private static INDArray weight(Object answer, String name, int index) {
        // new INDArray[] {wq, wk}, or the same pair as double[][] or float[][] (a double[][][] is an Object[])
        if (!(answer instanceof Object[] pair) || pair.length != 2 || answer instanceof double[][]) {
            throw new Question.Wrong("expected W_q and W_k as new INDArray[] {wq, wk}, got "
                    + (answer instanceof INDArray[] more ? more.length + " matrices" : Question.typeOf(answer)));
        }
        int rows = VOCABULARY + LENGTH;
        if (pair[index] == null) {
            throw new Question.Wrong("expected " + name + " as a matrix of " + rows + " rows, got null");
        }
        INDArray w = Question.numbers(pair[index], name);
        if (w.rank() != 2) {
            throw new Question.Wrong("expected " + name + " as a matrix of " + rows + " rows, got rank " + w.rank());
        }
        if (w.rows() != rows) {
            throw new Question.Wrong(name + " is " + w.rows() + " × " + w.columns() + ": it needs " + rows
                    + " rows, one per column of X (6 tokens, then 10 positions), and d_k columns"
                    + (w.columns() == rows ? "; transposed?" : ""));
        }
        return w.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    private static String head(Object answer) {
        INDArray wq = weight(answer, "W_q", 0), wk = weight(answer, "W_k", 1);
        if (wq.columns() != wk.columns()) {
            return "W_q has " + wq.columns() + " columns and W_k " + wk.columns()
                    + ": q_i · k_j needs queries and keys of the same width d_k";
        }
        INDArray x = sequences();
        int n = OTHERS + 1;
        INDArray wv = Nd4j.zeros(VOCABULARY + LENGTH, 1); // the weights do not depend on W_v
        double[][] w, s;
        try (var masked = SelfAttention.forward(x, wq, wk, wv, Attention.causalMask(n, LENGTH));
                var unmasked = SelfAttention.forward(x, wq, wk, wv, null)) {
            w = masked.attention().weights().toDoubleMatrix();
            s = unmasked.attention().scores().toDoubleMatrix();
        }
        int queries = 0, back2 = 0, back1 = 0, self = 0, ahead2 = 0, lessonMisses = 0;
        double lowest = 1;
        String example = null;
        for (int b = 0; b < n; b++) {
            int first = b * LENGTH;
            for (int i = BACK; i < LENGTH; i++) {
                int row = first + i, best = 0;
                for (int j = 1; j <= i; j++) {
                    best = w[row][first + j] > w[row][first + best] ? j : best;
                }
                queries++;
                back2 += best == i - BACK ? 1 : 0;
                back1 += best == i - 1 ? 1 : 0;
                self += best == i ? 1 : 0;
                lowest = Math.min(lowest, w[row][row - BACK]);
                if (i + BACK < LENGTH) {
                    int ahead = 0; // the best key without the mask
                    for (int j = 1; j < LENGTH; j++) {
                        ahead = s[row][first + j] > s[row][first + ahead] ? j : ahead;
                    }
                    ahead2 += ahead == i + BACK ? 1 : 0;
                }
                lessonMisses += b == 0 && best != i - BACK ? 1 : 0;
                if (example == null && best != i - BACK) {
                    example = "query " + i + (b == 0 ? " of the lesson's sequence" : " of sequence " + b)
                            + " looks most at position " + best + " (weight "
                            + Numbers.significant(w[row][first + best]) + "), not at " + (i - BACK);
                }
            }
        }
        if (back2 == queries && lowest >= 0.9) {
            return null;
        }
        if (back2 == queries) {
            return "the right position, but too soft: a query puts only " + Numbers.significant(lowest)
                    + " of its weight on i − 2; larger scores (a longer W_q or W_k) sharpen softmax";
        }
        if (ahead2 == n * (LENGTH - 2 * BACK)) {
            return "your scores point two positions ahead, to i + 2, which the causal mask hides: W_q and W_k"
                    + " swapped, or the position table transposed (row i is the query, column j the key)?";
        }
        if (back1 == queries) {
            return "one position back: every query looks most at i − 1";
        }
        if (self == queries) {
            return "every query looks most at itself, position i, not at i − 2";
        }
        return example + "; " + (queries - back2) + " of the " + queries + " queries miss i − 2"
                + (lessonMisses == 0
                        ? ": it works on the lesson's sequence but not on others, so it depends on the tokens; only the"
                                + " position rows tell i from i − 2"
                        : "");
    }
}
