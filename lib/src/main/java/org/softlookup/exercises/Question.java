package org.softlookup.exercises;

import java.util.Objects;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
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

    /** The answer as a DOUBLE matrix of the given shape, or a {@link Wrong} that names the shape in words. */
    static INDArray matrix(Object answer, long rows, long columns, String what) {
        if (!(answer instanceof INDArray m)) {
            throw new Wrong("expected " + what + " as an INDArray, got " + typeOf(answer));
        }
        long[] shape = m.rank() == 1 ? new long[] {1, m.length()} : m.shape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != columns) {
            String got = shape.length == 2 ? shape[0] + " × " + shape[1] : "rank " + shape.length;
            String flip = shape.length == 2 && shape[0] == columns && shape[1] == rows ? ": transposed?" : "";
            throw new Wrong("expected " + what + ", " + shapeInWords(rows, columns) + ", got " + got + flip);
        }
        return m.reshape(rows, columns).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
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
        StringBuilder text = new StringBuilder("(");
        for (double x : row.toDoubleVector()) {
            text.append(text.length() > 1 ? ", " : "").append(Numbers.significant(x));
        }
        return text.append(")").toString();
    }
}
