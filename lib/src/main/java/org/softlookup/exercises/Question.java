package org.softlookup.exercises;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.view.Numbers;

/**
 * One exercise, used like Kaggle Learn's: {@code check(answer)} says ✓ or what is wrong, {@code hint()} nudges,
 * {@code solution()} shows a reference solution. A judge returns {@code null} for a correct answer or says what is
 * wrong; it never sees {@code null}, and whatever it or the learner's code throws becomes one line of text.
 */
public final class Question {

    /** Thrown by the shape and type helpers below when an answer is wrong; its message is the verdict. */
    static final class Wrong extends RuntimeException {
        Wrong(String message) {
            super(message, null, false, false);
        }
    }

    private final String name, done, hint, solution;
    private final Function<Object, String> judge;

    Question(String name, String done, String hint, String solution, Function<Object, String> judge) {
        this.name = name;
        this.done = done;
        this.hint = hint;
        this.solution = solution;
        this.judge = judge;
    }

    /** Runs the learner's code and judges what it returns; what the code throws is reported in one line. */
    public Verdict check(Answer answer) {
        if (answer == null) {
            return notAnswered();
        }
        Object value;
        try {
            value = answer.get();
        } catch (Throwable e) {
            return wrong("your code threw " + oneLine(e));
        }
        return check(value);
    }

    /** Judges an answer given as a value: ✓, ✗ with what is wrong, or "not answered yet" for {@code null}. */
    public Verdict check(Object answer) {
        if (answer instanceof Answer code) {
            return check(code);
        }
        if (answer == null) {
            return notAnswered();
        }
        String wrong;
        try {
            wrong = judge.apply(answer);
        } catch (Wrong w) {
            wrong = w.getMessage();
        } catch (RuntimeException e) {
            wrong = "this answer could not be checked: " + oneLine(e);
        }
        return wrong == null ? new Verdict(Verdict.Kind.CORRECT, "✓ " + name + ": " + done) : wrong(wrong);
    }

    /** For graders (nbgrader's hidden tests): an AssertionError with the verdict unless the answer is correct. */
    public void require(Answer answer) {
        Verdict verdict = check(answer);
        if (!verdict.correct()) {
            throw new AssertionError(verdict.text());
        }
    }

    /** A nudge towards the answer, without the answer. */
    public String hint() {
        return "Hint (" + name + "): " + hint;
    }

    /** A reference solution as code: the body of the answer's lambda. One of many correct answers. */
    public String solution() {
        return solution;
    }

    private Verdict notAnswered() {
        return new Verdict(
                Verdict.Kind.NOT_ANSWERED,
                "… " + name + " is not answered yet: write your answer where the cell says, then run the cell"
                        + " (stuck? " + field() + ".hint() nudges, " + field() + ".solution() shows one way).");
    }

    /** "ex.q2" for "Exercise 2": how a lesson's cells name this question. */
    private String field() {
        return "ex.q" + name.substring(name.lastIndexOf(' ') + 1);
    }

    private Verdict wrong(String why) {
        return new Verdict(Verdict.Kind.WRONG, "✗ " + name + ": " + why);
    }

    static String oneLine(Throwable e) {
        String message =
                Objects.requireNonNullElse(e.getMessage(), "(no message)").strip();
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline) + " …");
    }

    /**
     * The answer as a DOUBLE matrix of the given shape, or a {@link Wrong} that names the shape in words. Numbers
     * come as an INDArray of any type, a {@code double[][]} or {@code float[][]}, or, for one row, a
     * {@code double[]} or {@code float[]} (int arrays too, as masks and one-hot rows often are).
     */
    static INDArray matrix(Object answer, long rows, long columns, String what) {
        INDArray m = numbers(answer, what);
        long[] shape = m.rank() == 1 ? new long[] {1, m.length()} : m.shape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != columns) {
            String got = shape.length == 2 ? shape[0] + " × " + shape[1] : "rank " + shape.length;
            String flip = shape.length == 2 && shape[0] == columns && shape[1] == rows ? ": transposed?" : "";
            throw new Wrong("expected " + what + ", " + shapeInWords(rows, columns) + ", got " + got + flip);
        }
        return m.reshape(rows, columns).castTo(DataType.DOUBLE);
    }

    /** Any of the forms {@link #matrix} takes, as an INDArray (a Java array becomes a DOUBLE one). */
    static INDArray numbers(Object answer, String what) {
        if (answer instanceof INDArray m) {
            return m;
        }
        double[][] table;
        if (answer instanceof double[] x) {
            table = new double[][] {x};
        } else if (answer instanceof float[] x) {
            table = new double[][] {widen(x)};
        } else if (answer instanceof int[] x) {
            table = new double[][] {Arrays.stream(x).asDoubleStream().toArray()};
        } else if (answer instanceof double[][] x) {
            table = x;
        } else if (answer instanceof float[][] x) {
            table = Arrays.stream(x).map(Question::widen).toArray(double[][]::new);
        } else if (answer instanceof int[][] x) {
            table = Arrays.stream(x)
                    .map(r ->
                            r == null ? null : Arrays.stream(r).asDoubleStream().toArray())
                    .toArray(double[][]::new);
        } else {
            throw new Wrong("expected " + what + " as an INDArray or a double[][], got " + typeOf(answer));
        }
        for (double[] row : table) {
            if (row == null || row.length != table[0].length) {
                throw new Wrong("expected " + what + ", but the rows of your "
                        + typeOf(answer).substring(2) + " are not all of the same length");
            }
        }
        if (table.length == 0 || table[0].length == 0) {
            return Nd4j.zeros(DataType.DOUBLE, table.length, 0);
        }
        return Nd4j.createFromArray(table);
    }

    private static double[] widen(float[] x) {
        if (x == null) {
            return null;
        }
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        return wide;
    }

    /**
     * How close a right answer must be, relative to the largest wanted entry (or absolute below 1): a float's seven
     * significant digits pass, a slip in the fifth does not.
     */
    static final double TOLERANCE = 1e-6;

    /** True if x is the wanted number within {@link #TOLERANCE}. */
    static boolean close(double x, double want) {
        return Math.abs(x - want) <= TOLERANCE * Math.max(1, Math.abs(want));
    }

    /** True if got has want's shape and every entry is within {@link #TOLERANCE} of the largest wanted entry. */
    static boolean close(INDArray got, INDArray want) {
        return Arrays.equals(got.shape(), want.shape()) && largestDifference(got, want)[0] <= tolerance(want);
    }

    private static double tolerance(INDArray want) {
        return TOLERANCE * Math.max(1, want.isEmpty() ? 0 : want.amaxNumber().doubleValue());
    }

    /** The largest |got − want| of two matrices of one shape, and its row and column. */
    private static double[] largestDifference(INDArray got, INDArray want) {
        double[][] a = got.reshape(want.rows(), want.columns()).toDoubleMatrix(), b = want.toDoubleMatrix();
        double[] worst = {-1, 0, 0};
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double off = Math.abs(a[i][j] - b[i][j]);
                if (!(off <= worst[0])) { // a NaN is the worst of all
                    worst = new double[] {Double.isNaN(off) ? Double.POSITIVE_INFINITY : off, i, j};
                }
            }
        }
        return worst;
    }

    /**
     * "off by 1.2e-05 at most, at row 0, column 1", said of an answer that is near the wanted one but not within
     * the tolerance (so that a learner sees how far off it is), or "" for an answer that is not near at all.
     */
    static String howFar(INDArray got, INDArray want) {
        double[] worst = largestDifference(got, want);
        if (worst[0] > 0.01 * Math.max(1, want.amaxNumber().doubleValue())) {
            return "";
        }
        String where =
                want.rows() == 1 ? "entry " + (int) worst[2] : "row " + (int) worst[1] + ", column " + (int) worst[2];
        return " (close: off by " + String.format(Locale.ROOT, "%.2g", worst[0]) + " at most, at " + where
                + "; a right answer is within " + String.format(Locale.ROOT, "%.0e", tolerance(want)) + ")";
    }

    /** The same for a number: " (close: off by 1.2e-05; …)" or "". */
    static String howFar(double x, double want) {
        double off = Math.abs(x - want);
        if (!(off <= 0.01 * Math.max(1, Math.abs(want)))) {
            return "";
        }
        return " (close: off by " + String.format(Locale.ROOT, "%.2g", off) + "; a right answer is within "
                + String.format(Locale.ROOT, "%.0e", TOLERANCE * Math.max(1, Math.abs(want))) + ")";
    }

    static String shapeInWords(long rows, long columns) {
        return (rows == 1 ? "one row" : rows + " rows") + " of " + columns + " numbers (" + rows + " × " + columns
                + ")";
    }

    /** The answer as a number, or a {@link Wrong}. */
    static double number(Object answer, String what) {
        if (answer instanceof Number n) {
            return n.doubleValue();
        }
        throw new Wrong("expected " + what + " as a number, got " + typeOf(answer));
    }

    static String typeOf(Object answer) {
        return answer instanceof INDArray m
                ? "a matrix of shape " + java.util.Arrays.toString(m.shape())
                : "a " + answer.getClass().getSimpleName();
    }

    /** A row as "(1, 0.5, 0)", four significant digits. */
    static String show(INDArray row) {
        return show(row.toDoubleVector(), 4);
    }

    /**
     * A row as {@link #show(INDArray)} does, with as many more digits as it takes to tell it from the wanted row
     * (so an answer that is off in the seventh digit never prints as the right one).
     */
    static String show(INDArray row, INDArray want) {
        return show(row.toDoubleVector(), want.toDoubleVector());
    }

    /** A number with 4 significant digits, or as many more as it takes to tell it from the wanted one. */
    static String show(double x, double want) {
        String row = show(new double[] {x}, new double[] {want});
        return row.substring(1, row.length() - 1);
    }

    private static String show(double[] x, double[] want) {
        int digits = 4;
        while (digits < 17
                && x.length == want.length
                && !Arrays.equals(x, want)
                && show(x, digits).equals(show(want, digits))) {
            digits++;
        }
        return show(x, digits);
    }

    private static String show(double[] row, int digits) {
        StringBuilder text = new StringBuilder("(");
        for (double x : row) {
            text.append(text.length() > 1 ? ", " : "").append(significant(x, digits));
        }
        return text.append(")").toString();
    }

    /** Numbers.significant's way of writing a number, with a given number of significant digits. */
    private static String significant(double x, int digits) {
        if (digits == 4 || !Double.isFinite(x) || x == 0) {
            return Numbers.significant(x);
        }
        if (Math.abs(x) >= 1e-4 && Math.abs(x) < 1e7) {
            return new BigDecimal(x)
                    .round(new MathContext(digits))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
    }
}
