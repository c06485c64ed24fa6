package org.softlookup.exercises;

import static org.softlookup.exercises.Question.close;
import static org.softlookup.exercises.Question.howFar;
import static org.softlookup.exercises.Question.matrix;
import static org.softlookup.exercises.Question.show;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.Adam;
import org.softlookup.Induction;

/**
 * Lesson 08's exercises: where an induction head looks in one sequence, Adam's first step by hand, and a W_o that
 * writes a head's output into chosen columns of the residual stream.
 */
public final class Lesson8 {

    /** The sequence of exercise 1: segment (9, 22, 19, 20) at positions 3–6 and again at 7–10. */
    static final Induction.Batch SEQUENCE = Induction.batch(8, 1);

    /** The scored positions i of exercise 1's sequence, and where an induction head should look from each. */
    static final int[] SCORED = SEQUENCE.scoredIn(0), LOOK = lookups();

    private static int[] lookups() {
        int[] look = new int[SCORED.length];
        for (int r = 0; r < look.length; r++) {
            look[r] = SEQUENCE.sources()[r]; // flat k·n + j, and k = 0: j itself
        }
        return look;
    }

    /** For each scored position of {@code Induction.batch(8, 1)}, the position an induction head should look at. */
    public final Question q1 = new Question(
            "Exercise 1",
            "from i = " + list(SCORED) + " the head looks at " + list(LOOK)
                    + ": right after the earlier copy of token_i stands the token that comes next",
            "Print the tokens and Induction.batch(8, 1).scoredIn(0). For each scored i, find where token_i stood"
                    + " before (once only: the segment's tokens are distinct, and the others are not in it). The head"
                    + " reads what came next there.",
            "var batch = Induction.batch(8, 1);\n"
                    + "int[] tokens = batch.tokens()[0], scored = batch.scoredIn(0), look = new int[scored.length];\n"
                    + "for (int r = 0; r < scored.length; r++) {\n"
                    + "    int j = scored[r] - 1;\n"
                    + "    while (tokens[j] != tokens[scored[r]]) j--; // the earlier occurrence of token_i\n"
                    + "    look[r] = j + 1; // and the position right after it\n"
                    + "}\n"
                    + "return look;",
            Lesson8::lookup);

    static final INDArray P = Nd4j.createFromArray(new double[][] {{1, -2, 0.5}});
    static final INDArray G = Nd4j.createFromArray(new double[][] {{0.3, -0.001, 0}});
    static final double RATE = 0.1;

    /** p = (1, −2, 0.5), g = (0.3, −0.001, 0), learning rate 0.1: p after one Adam step. */
    public final Question q2 = new Question(
            "Exercise 2",
            "every entry moves by about the learning rate against its gradient's sign, 0.3 and −0.001 alike, and"
                    + " the entry whose gradient is 0 stays",
            "The lesson's formulas with t = 1, starting from m = v = 0: m = (1 − β1)·g, v = (1 − β2)·g²,"
                    + " m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), p − lr · m̂ / (√v̂ + ε), entry by entry. What are m̂"
                    + " and √v̂ at t = 1?",
            "double[] p = {1, -2, 0.5}, g = {0.3, -0.001, 0};\n"
                    + "double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 0.1;\n"
                    + "for (int i = 0; i < 3; i++) {\n"
                    + "    double m = (1 - b1) * g[i], v = (1 - b2) * g[i] * g[i]; // m and v were 0\n"
                    + "    double mHat = m / (1 - b1), vHat = v / (1 - b2); // bias correction at t = 1\n"
                    + "    p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);\n"
                    + "}\n"
                    + "return p; // about p - lr * sign(g): (0.9, -1.9, 0.5)",
            Lesson8::adamStep);

    /** Columns of the stream: 24 token columns, 20 position columns, then the spare ones; the head writes to 16. */
    static final int FIRST_SPARE = Induction.VOCABULARY + Induction.LENGTH, D_V = 16;

    /** W_o [16, 68] that adds a head's output c to column 44 + c of the stream, and nothing anywhere else. */
    public final Question q3 = new Question(
            "Exercise 3",
            "output c is added to column " + FIRST_SPARE + " + c; the token, position and other spare columns stay"
                    + " as they were",
            "A row of the stream is [24 token columns | 20 position columns | 24 spare columns]. The head's output"
                    + " row h (1 × 16) is added as h · W_o (1 × 68): entry c of h lands in column j with weight"
                    + " W_o[c, j]. Which one entry of row c must be 1, and the rest 0?",
            "INDArray wo = Nd4j.zeros(16, 68);\n"
                    + "for (int c = 0; c < 16; c++) wo.putScalar(c, 44 + c, 1); // output c to spare column c\n"
                    + "return wo;",
            Lesson8::outputProjection);

    Lesson8() {}

    @Override
    public String toString() {
        return Exercises.describe("08", 3);
    }

    private static String list(int[] x) {
        return Arrays.stream(x).mapToObj(String::valueOf).collect(Collectors.joining(", "));
    }

    private static INDArray row(int[] x) {
        return Nd4j.createFromArray(
                new double[][] {Arrays.stream(x).asDoubleStream().toArray()});
    }

    private static String token(int t) {
        return "token " + t + " (" + (char) ('A' + t) + ")";
    }

    private static String lookup(Object answer) {
        int n = LOOK.length;
        INDArray got = Question.numbers(answer, "one position per scored position");
        boolean oneRow = got.rank() == 1 || (got.rank() == 2 && got.rows() == 1);
        if (!oneRow) {
            matrix(answer, 1, n, "one position per scored position"); // throws the verdict on the shape
        }
        int[] tokens = SEQUENCE.tokens()[0];
        int last = SCORED[n - 1] + 1; // the second copy's last position: no target
        if (got.length() == n + 1) {
            return got.length() + " positions, but only " + n + " are scored (i = " + list(SCORED) + "): the second"
                    + " copy's last position, " + last + ", has no target, since what follows it is not part of the"
                    + " segment";
        }
        if (got.length() != n) {
            return "expected " + n + " positions, one per scored position i = " + list(SCORED)
                    + " (batch.scoredIn(0)), got " + got.length();
        }
        got = got.reshape(1, n).castTo(DataType.DOUBLE);
        INDArray want = row(LOOK);
        if (close(got, want)) {
            return null;
        }
        if (close(got, want.sub(1))) {
            return "off by one: " + list(toInts(want.sub(1))) + " are where each token_i stood before; the head wants"
                    + " what came right after it";
        }
        if (close(got, row(SCORED))) {
            return "those are the scored positions i themselves; from each, the head looks back to the position"
                    + " right after token_i's earlier occurrence";
        }
        int[] targets = SEQUENCE.targets(),
                current = Arrays.stream(SCORED).map(i -> tokens[i]).toArray();
        if (close(got, row(targets))) {
            return "those are the tokens the head should read (the targets), not the positions j where they stand";
        }
        if (close(got, row(current))) {
            return "those are the tokens at the scored positions, token_i; the answer is a position j, 0…"
                    + (tokens.length - 1);
        }
        double[] g = got.toDoubleVector();
        for (int r = 0; r < n; r++) {
            if (g[r] != LOOK[r]) {
                int i = SCORED[r];
                String there = g[r] >= 0 && g[r] < tokens.length && g[r] == Math.rint(g[r])
                        ? ", where " + token(tokens[(int) g[r]]) + " stands"
                        : "";
                return "for i = " + i + " (" + token(tokens[i]) + ") yours is " + show(g[r], LOOK[r]) + there
                        + "; find the earlier " + token(tokens[i]) + " and take the position after it";
            }
        }
        return "not the positions an induction head looks at; yours is " + show(got, want) + howFar(got, want);
    }

    private static int[] toInts(INDArray row) {
        return Arrays.stream(row.toDoubleVector()).mapToInt(x -> (int) x).toArray();
    }

    /** p after one step of the library's Adam: what exercise 2 wants. */
    static INDArray adam() {
        INDArray p = P.dup();
        new Adam(RATE).step(List.of(p), List.of(G.dup()));
        return p;
    }

    /** p − lr · mHat / (root + ε), entry by entry, for given (possibly wrong) mHat and root. */
    private static INDArray step(double[] mHat, double[] root) {
        double[] p = P.toDoubleVector();
        for (int i = 0; i < p.length; i++) {
            p[i] -= RATE * mHat[i] / (root[i] + Adam.EPSILON);
        }
        return Nd4j.createFromArray(new double[][] {p});
    }

    /** The first step as m and v would give it with or without each bias correction, and ε in or out of the root. */
    static INDArray variant(boolean correctM, boolean correctV, boolean epsilonInsideRoot) {
        double[] g = G.toDoubleVector(), mHat = new double[g.length], root = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            double m = (1 - Adam.BETA1) * g[i], v = (1 - Adam.BETA2) * g[i] * g[i];
            mHat[i] = correctM ? m / (1 - Adam.BETA1) : m;
            double vHat = correctV ? v / (1 - Adam.BETA2) : v;
            root[i] = epsilonInsideRoot ? Math.sqrt(vHat + Adam.EPSILON) - Adam.EPSILON : Math.sqrt(vHat);
        }
        return step(mHat, root);
    }

    private static String adamStep(Object answer) {
        INDArray p = matrix(answer, 1, 3, "the new parameters");
        INDArray want = adam();
        if (close(p, want)) {
            return null;
        }
        if (Double.isNaN(p.getDouble(0, 2))) {
            return "the third entry is NaN: its gradient is 0, so m̂ and √v̂ are both 0 and m̂ / √v̂ is 0/0; the ε in"
                    + " √v̂ + ε makes it 0, and that entry does not move";
        }
        if (close(p, variant(false, false, false))) {
            return "no bias correction: m = 0.1·g and v = 0.001·g² are too small after one step, because they start"
                    + " at 0; used directly, each step is about 3.16× too large (0.1 / √0.001). Divide m by 1 − β1"
                    + " and v by 1 − β2 (t = 1)";
        }
        if (close(p, variant(true, false, false))) {
            return "m is corrected but v is not: √v is √0.001 too small, so each step is about 31.6× too large;"
                    + " divide v by 1 − β2 too";
        }
        if (close(p, variant(false, true, false))) {
            return "v is corrected but m is not: each step is 10× too small; divide m by 1 − β1 too";
        }
        if (close(p, variant(true, true, true))) {
            return "ε goes outside the root, √v̂ + ε, not √(v̂ + ε): inside, it shortens the step of the entry whose"
                    + " gradient is small";
        }
        if (close(p, P.sub(G.mul(RATE)))) {
            return "that is gradient descent, p − lr·g: Adam divides by √v̂, so every entry moves by about the"
                    + " learning rate, the tiny gradient −0.001 as far as 0.3";
        }
        if (close(p, P.mul(2).sub(want))) {
            return "the step goes the wrong way: Adam moves against the gradient's sign, as gradient descent does";
        }
        return "not p after one Adam step; yours is " + show(p, want) + howFar(p, want);
    }

    /** W_o [16, 68] that adds output c to column first + c: the identity at a column offset. */
    static INDArray writingTo(int first) {
        INDArray wo = Nd4j.zeros(DataType.DOUBLE, D_V, Induction.D_MODEL);
        for (int c = 0; c < D_V; c++) {
            wo.putScalar(c, first + c, 1);
        }
        return wo;
    }

    private static String columns(int first) {
        return first + "–" + (first + D_V - 1);
    }

    private static String outputProjection(Object answer) {
        INDArray w = Question.numbers(answer, "W_o");
        int rows = D_V, width = Induction.D_MODEL;
        if (w.rank() != 2) {
            throw new Question.Wrong("expected W_o as a matrix of " + rows + " × " + width + ", got rank " + w.rank());
        }
        if (w.rows() == width && w.columns() == rows) {
            return "W_o is " + width + " × " + rows + ": transposed? W_o multiplies the head's output from the right,"
                    + " (n × 16)·W_o, so it is [16, 68]: a row per output of the head, a column per column of the"
                    + " stream";
        }
        if (w.rows() != rows || w.columns() != width) {
            return "W_o is " + w.rows() + " × " + w.columns() + ": it needs " + rows + " rows (one per output of the"
                    + " head, d_v = 16) and " + width + " columns (one per column of the stream), [16, 68]";
        }
        w = w.castTo(DataType.DOUBLE);
        INDArray want = writingTo(FIRST_SPARE);
        if (close(w, want)) {
            return null;
        }
        for (int first = 0; first + D_V <= width; first++) {
            if (first != FIRST_SPARE && close(w, writingTo(first))) {
                String over = first < Induction.VOCABULARY
                        ? "the token columns"
                        : first < FIRST_SPARE ? "the position columns" : "the spare columns";
                String what = first + D_V <= Induction.VOCABULARY
                        ? "that writes over the token columns: the head's output would be added to the one-hot token"
                        : "your head writes to columns " + columns(first) + ", which begin among " + over;
                return what + (Math.abs(first - FIRST_SPARE) == 1 ? "; one column off" : "")
                        + ". The first spare column is " + FIRST_SPARE + ": columns 0–23 are the tokens, 24–43 the"
                        + " positions";
            }
        }
        INDArray block = w.get(NDArrayIndex.all(), NDArrayIndex.interval(FIRST_SPARE, FIRST_SPARE + D_V));
        List<Integer> elsewhere = new ArrayList<>();
        double[][] entries = w.toDoubleMatrix();
        for (int j = 0; j < width; j++) {
            for (double[] row : entries) {
                if (row[j] != 0 && (j < FIRST_SPARE || j >= FIRST_SPARE + D_V)) {
                    elsewhere.add(j);
                    break;
                }
            }
        }
        INDArray eye = Nd4j.eye(D_V).castTo(DataType.DOUBLE);
        if (close(block, eye) && !elsewhere.isEmpty()) {
            return "the right block at columns " + columns(FIRST_SPARE) + ", but your W_o also writes to column"
                    + (elsewhere.size() == 1 ? " " : "s ") + shortList(elsewhere)
                    + ": the head would change those columns of the stream too";
        }
        if (elsewhere.isEmpty() && isPermutation(block) && !close(block, eye)) {
            return "each output to its own column, but not in order: output c goes to column " + FIRST_SPARE + " + c";
        }
        if (elsewhere.isEmpty()) {
            double k = block.getDouble(0, 0);
            if (k != 0 && k != 1 && close(block, eye.mul(k))) {
                return "output c goes to column " + FIRST_SPARE + " + c, but times " + show(k, 1)
                        + ": added as it is, the entry is 1";
            }
        }
        for (int c = 0; c < rows; c++) {
            if (!close(w.getRow(c, true), want.getRow(c, true))) {
                List<Integer> touched = new ArrayList<>();
                for (int j = 0; j < width; j++) {
                    if (entries[c][j] != 0) {
                        touched.add(j);
                    }
                }
                return "row " + c + " (the head's output " + c + ") writes to "
                        + (touched.isEmpty()
                                ? "no column"
                                : "column" + (touched.size() == 1 ? " " : "s ") + shortList(touched))
                        + "; it should add 1 × output " + c + " to column " + (FIRST_SPARE + c) + " alone"
                        + howFar(w, want);
            }
        }
        return "not W_o that adds output c to column " + FIRST_SPARE + " + c" + howFar(w, want);
    }

    private static boolean isPermutation(INDArray block) {
        double[][] b = block.toDoubleMatrix();
        int[] inColumn = new int[b.length];
        for (double[] row : b) {
            int ones = 0;
            for (int j = 0; j < row.length; j++) {
                if (row[j] == 1) {
                    ones++;
                    inColumn[j]++;
                } else if (row[j] != 0) {
                    return false;
                }
            }
            if (ones != 1) {
                return false;
            }
        }
        return Arrays.stream(inColumn).allMatch(x -> x == 1);
    }

    private static String shortList(List<Integer> columns) {
        String shown = columns.stream().limit(6).map(String::valueOf).collect(Collectors.joining(", "));
        return shown + (columns.size() > 6 ? " … (" + columns.size() + " columns)" : "");
    }
}
