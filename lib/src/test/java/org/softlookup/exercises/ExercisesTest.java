package org.softlookup.exercises;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.softlookup.Attention;
import org.softlookup.AttentionLayer;
import org.softlookup.Colours;
import org.softlookup.Induction;
import org.softlookup.Lookup;
import org.softlookup.Seeded;
import org.softlookup.Softmax;

/**
 * Every exercise: its reference solution (and other correct answers) pass, the placeholder gets the friendly
 * message, and each typical wrong answer gets its intended hint. The notebooks' own solution texts are run in the
 * instructor edition (tests/test_exercises.py).
 */
class ExercisesTest {

    private static INDArray row(double... x) {
        return Nd4j.createFromArray(new double[][] {x});
    }

    private static void correct(Question q, Answer a) {
        Verdict v = q.check(a);
        assertTrue(v.correct(), v.text());
        assertTrue(v.text().startsWith("✓ "), v.text());
    }

    private static void wrong(Question q, Answer a, String hint) {
        Verdict v = q.check(a);
        assertEquals(Verdict.Kind.WRONG, v.kind(), v.text());
        assertTrue(v.text().startsWith("✗ ") && v.text().contains(hint), v.text() + "\n  should say: " + hint);
        assertFalse(v.text().contains("\n"), "one line: " + v.text());
    }

    @Test
    void placeholdersAreNotAnsweredYetAndNeverThrow() {
        List<Question> all = List.of(
                Exercises.lesson1().q1,
                Exercises.lesson1().q2,
                Exercises.lesson1().q3,
                Exercises.lesson2().q1,
                Exercises.lesson2().q2,
                Exercises.lesson2().q3,
                Exercises.lesson3().q1,
                Exercises.lesson3().q2,
                Exercises.lesson4().q1,
                Exercises.lesson4().q2,
                Exercises.lesson4().q3,
                Exercises.lesson5().q1,
                Exercises.lesson5().q2,
                Exercises.lesson5().q3,
                Exercises.lesson6().q1,
                Exercises.lesson6().q2,
                Exercises.lesson6().q3,
                Exercises.lesson7().q1,
                Exercises.lesson7().q2,
                Exercises.lesson7().q3,
                Exercises.lesson8().q1,
                Exercises.lesson8().q2,
                Exercises.lesson8().q3);
        for (Question q : all) {
            Verdict v = q.check(() -> null);
            assertEquals(Verdict.Kind.NOT_ANSWERED, v.kind(), v.text());
            assertTrue(v.text().contains("not answered yet") && v.text().contains(".hint() nudges"), v.text());
            assertEquals(Verdict.Kind.NOT_ANSWERED, q.check((Object) null).kind());
            assertTrue(q.hint().startsWith("Hint ("), q.hint());
            assertFalse(q.solution().isBlank());
            wrong(q, () -> "red", "got a String");
        }
    }

    @Test
    void anExceptionInTheLearnersCodeIsOneLine() {
        Question q = Exercises.lesson1().q1;
        wrong(q, () -> Lookup.oneHot(9, 6), "your code threw IllegalArgumentException: ");
        wrong(
                q,
                () -> {
                    throw new IllegalStateException("first\nsecond");
                },
                "your code threw IllegalStateException: first …");
        assertTrue(Exercises.lesson2().q3.check(() -> null).text().contains("(stuck? ex.q3.hint() nudges, ex.q3.sol"));
        AssertionError e =
                org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> q.require(() -> null));
        assertTrue(e.getMessage().contains("not answered yet"));
        q.require(() -> Lookup.oneHot(4, 6));
    }

    @Test
    void verdictsRenderAsTextAndEscapedHtml() {
        Verdict v = new Verdict(Verdict.Kind.WRONG, "✗ a < b & c");
        assertEquals("✗ a < b & c", v.toString());
        assertTrue(v.html().contains("✗ a &lt; b &amp; c") && v.html().contains("#b42318"), v.html());
    }

    @Test
    void lesson1() {
        Lesson1 ex = Exercises.lesson1();
        correct(ex.q1, () -> Lookup.oneHot(Colours.NAMES.indexOf("blue"), 6));
        correct(ex.q1, () -> row(0, 0, 0, 0, 1, 0));
        correct(ex.q1, () -> Nd4j.createFromArray(0.0, 0, 0, 0, 1, 0)); // a vector is read as one row
        wrong(ex.q1, () -> Lookup.oneHot(4, 6).transpose(), "one row of 6 numbers (1 × 6), got 6 × 1: transposed?");
        wrong(ex.q1, () -> Lookup.oneHot(5, 6), "magenta, position 5 (positions count from 0");
        wrong(ex.q1, () -> Lookup.oneHot(2, 6), "one-hot row of green");
        wrong(ex.q1, () -> row(0, 0, 0, 0, 2, 0), "only 0s and one 1");
        wrong(ex.q1, () -> row(0, 0, 0, 1, 1, 0), "exactly one 1; yours has 2");
        wrong(ex.q1, () -> 4, "as an INDArray or a double[][], got a Integer");

        correct(ex.q2, () -> row(0.5, 0.5, 0, 0, 0, 0));
        correct(ex.q2, () -> row(0.5, 0, 0, 0, 0, 0.5).add(row(0, 0.5, 0, 0, 0, -0.5))); // any weights that give it
        wrong(ex.q2, () -> row(1, 1, 0, 0, 0, 0), "twice orange: your weights add up to 2.0, halve them");
        wrong(ex.q2, () -> row(0.9, 0.1, 0, 0, 0, 0), "w · V = (1, 0.1, 0), which is 0.4 away from orange");

        correct(ex.q3, () -> Lookup.multiHot(new int[] {0, 3}, 6).mul(0.5));
        correct(ex.q3, () -> Nd4j.ones(1, 6).div(6));
        correct(ex.q3, () -> row(0, 0.5, 0, 0, 0.5, 0));
        wrong(ex.q3, () -> Nd4j.ones(1, 6).div(3), "twice grey");
    }

    @Test
    void lesson2() {
        Lesson2 ex = Exercises.lesson2();
        correct(ex.q1, () -> row(1, 0, 1, 0, 1, 0).div(3));
        wrong(ex.q1, () -> Lookup.multiHot(new int[] {0, 2, 4}, 6), "add up to 3 ((1, 0, 1, 0, 1, 0))");
        wrong(ex.q1, () -> Lookup.multiHot(new int[] {0, 2, 4}, 6).div(6), "add up to 0.5 (");
        wrong(ex.q1, () -> Lookup.multiHot(new int[] {0, 1, 2}, 6).div(3), "on [red, yellow, green]");
        wrong(ex.q1, () -> row(0.5, 0, 0.25, 0, 0.25, 0), "equally");

        correct(ex.q2, () -> Lookup.oneHot(new int[] {1, 1, 4}, 6));
        wrong(ex.q2, () -> Lookup.oneHot(new int[] {4, 1, 1}, 6), "row 0 looks up blue");
        wrong(ex.q2, () -> Lookup.oneHot(new int[] {1, 1, 4}, 6).transpose(), "3 rows of 6 numbers (3 × 6)");
        wrong(ex.q2, () -> Lookup.multiHot(new int[] {1, 4}, 6), "3 rows of 6 numbers (3 × 6), got 1 × 6");

        correct(ex.q3, () -> Colours.query(120));
        correct(ex.q3, () -> Colours.query(140).mul(7)); // any query pointing within 30° of green
        correct(ex.q3, () -> row(-0.5, 1)); // about 117°
        wrong(ex.q3, () -> row(0, 1), "tie between [yellow, green]"); // 90°, between yellow and green
        wrong(ex.q3, () -> Colours.query(150), "tie between [green, cyan]");
        wrong(ex.q3, () -> Colours.query(60), "the best score is yellow's");
        wrong(ex.q3, () -> Colours.query(120).transpose(), "got 2 × 1: transposed?");
        wrong(ex.q3, () -> row(0, 0), "tie between [red, yellow, green, cyan, blue, magenta]");
    }

    @Test
    void lesson3() {
        Lesson3 ex = Exercises.lesson3();
        // Independent route: x = exp(√3/2 / T) solves x / (2x + 2 + 2/x) = 0.4, so x = 2 + √8.
        double exact = Math.sqrt(3) / 2 / Math.log(2 + Math.sqrt(8));
        assertEquals(0.4, Lesson3.redWeight(exact), 1e-12);
        correct(ex.q1, () -> 0.55);
        correct(ex.q1, () -> exact);
        correct(ex.q1, () -> 0.56f);
        wrong(ex.q1, () -> 1 / exact, "that is the scale 1/T");
        wrong(ex.q1, () -> 1, "at T = 1 red's weight is 0.313, 0.087 below 0.40: lower T");
        wrong(ex.q1, () -> 0.2, "above 0.40: raise T");
        wrong(ex.q1, () -> -0.55, "positive");
        wrong(ex.q1, () -> 0, "positive");

        INDArray s = Colours.query(30).mmul(Colours.keys().transpose());
        correct(ex.q2, () -> {
            INDArray e = Transforms.exp(s.div(0.2));
            return e.div(e.sumNumber());
        });
        correct(ex.q2, () -> Softmax.of(s, 0.2));
        wrong(ex.q2, () -> Transforms.exp(s.div(0.2)), "not yet divided by their sum");
        wrong(ex.q2, () -> Softmax.of(s), "at T = 1");
        wrong(ex.q2, () -> Softmax.of(s.mul(0.2)), "multiplied by T");
        wrong(ex.q2, () -> Softmax.of(s, 0.2).transpose(), "got 6 × 1: transposed?");
    }

    @Test
    void lesson4() {
        Lesson4 ex = Exercises.lesson4();
        Attention.Result result = Attention.forward(Colours.query(20), Colours.keys(), Colours.values(), null, 5);
        INDArray dO = result.output().sub(row(1, 0.5, 0));
        // The sign the exercise expects, by finite differences of the loss in yellow's G.
        INDArray bumped = Colours.values().dup();
        bumped.putScalar(1, 1, bumped.getDouble(1, 1) + 1e-6);
        double up = Attention.forward(Colours.query(20), Colours.keys(), bumped, null, 5)
                .output()
                .sub(row(1, 0.5, 0))
                .norm2Number()
                .doubleValue();
        assertTrue(up < dO.norm2Number().doubleValue(), "more green in yellow lowers the loss");
        correct(ex.q1, () -> -1);
        correct(ex.q1, () -> -0.5);
        wrong(ex.q1, () -> 1, "not positive");
        wrong(ex.q1, () -> 0, "not 0");

        INDArray p = result.weights();
        double red = p.getDouble(0, 0), yellow = p.getDouble(0, 1);
        double fd = (Softmax.of(Colours.query(20)
                                        .mmul(Colours.keys().transpose())
                                        .mul(5)
                                        .add(row(0, 1e-6, 0, 0, 0, 0)))
                                .getDouble(0, 0)
                        - red)
                / 1e-6;
        correct(ex.q2, () -> -red * yellow);
        correct(ex.q2, () -> Softmax.jacobian(p).getDouble(0, 1));
        assertEquals(-red * yellow, fd, 1e-6);
        wrong(ex.q2, () -> red * yellow, "the sign");
        wrong(ex.q2, () -> red * (1 - red), "diagonal entry");
        wrong(ex.q2, () -> 0.1, "away from the entry");

        correct(ex.q3, () -> p.transpose().mmul(dO));
        correct(ex.q3, () -> Attention.backward(result, dO).dV());
        wrong(ex.q3, () -> dO.transpose().mmul(p), "3 × 6, transposed");
        wrong(ex.q3, () -> p.transpose().mmul(result.output()), "pᵀ · o");
        wrong(ex.q3, () -> p.transpose().mmul(dO).mul(2), "its first row would be");
        wrong(ex.q3, () -> p.mmul(Colours.values()), "6 rows of 3 numbers (6 × 3), got 1 × 3");
    }

    @Test
    void lessons5to7() {
        Lesson5 l5 = Exercises.lesson5();
        correct(l5.q1, () -> 1 / Math.sqrt(64));
        wrong(l5.q1, () -> 8, "8 is √d_k");
        wrong(l5.q1, () -> 1.0 / 64, "1/d_k divides by the variance");
        // Independent route: the sample variance of scaled dot products of 16-wide standard normal vectors.
        java.util.Random random = new java.util.Random(1);
        double sum = 0, sumSq = 0;
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            double dot = 0;
            for (int c = 0; c < 16; c++) {
                dot += random.nextGaussian() * random.nextGaussian();
            }
            dot /= 4;
            sum += dot;
            sumSq += dot * dot;
        }
        assertEquals(1, sumSq / n - (sum / n) * (sum / n), 0.05);
        correct(l5.q2, () -> 1);
        wrong(l5.q2, () -> 16, "before the scale");
        wrong(l5.q2, () -> 4, "c², not by c");

        // q3: entries of q with variance 4. Independent route: the sample variance of q·k/√128 is about 1.
        double sum3 = 0, sumSq3 = 0;
        for (int t = 0; t < n; t++) {
            double dot = 0;
            for (int c = 0; c < 32; c++) {
                dot += 2 * random.nextGaussian() * random.nextGaussian();
            }
            dot /= Math.sqrt(128);
            sum3 += dot;
            sumSq3 += dot * dot;
        }
        assertEquals(1, sumSq3 / n - (sum3 / n) * (sum3 / n), 0.05);
        correct(l5.q3, () -> 1 / Math.sqrt(128));
        correct(l5.q3, () -> 1 / (2 * Math.sqrt(32)));
        correct(l5.q3, () -> Math.pow(32 * 4, -0.5));
        correct(l5.q3, () -> 0.0884); // three significant digits
        wrong(l5.q3, () -> 1 / Math.sqrt(32), "scale for entries of variance 1");
        wrong(l5.q3, () -> 1 / Math.sqrt(512), "standard deviation of 2");
        wrong(l5.q3, () -> 1.0 / 128, "1/128 divides by a variance");
        wrong(l5.q3, () -> 1.0 / 32, "1/32 divides by a variance");
        wrong(l5.q3, () -> Math.sqrt(128), "temperature");
        wrong(l5.q3, () -> 0.088, "close: 0.088 is 0.4% from the scale");
        wrong(l5.q3, () -> 1, "Var(scale · q · k) = 128, not 1");
        wrong(l5.q3, () -> -1 / Math.sqrt(128), "positive");

        Lesson6 l6 = Exercises.lesson6();
        correct(l6.q1, () -> row(0.95, 2.1));
        INDArray p = row(1, 2);
        org.softlookup.GradientDescent.step(p, row(0.5, -1), 0.1);
        correct(l6.q1, () -> p);
        wrong(l6.q1, () -> row(1.05, 1.9), "uphill");
        wrong(l6.q1, () -> row(0.5, 3), "learning rate 0.1 is missing");
        wrong(l6.q1, () -> row(0.95, 2.1).transpose(), "got 2 × 1: transposed?");
        correct(l6.q2, () -> 0);
        wrong(l6.q2, () -> 12, "does not move at all");

        // q3: the checker's training (GradientDescent.step) against the lesson's own loop, written out here.
        double[] hues = org.softlookup.Sweep.linspace(0, 355, 72);
        INDArray q = Colours.queries(hues), target = Colours.wheel(hues);
        INDArray k = org.softlookup.Seeded.randn(3, 6, 2), v = org.softlookup.Seeded.randn(4, 6, 3);
        double[] losses = new double[101];
        for (int t = 0; t <= 100; t++) {
            Attention.Result r = Attention.forward(q, k, v, null, 5);
            losses[t] = org.softlookup.Loss.halfSquared(r.output(), target) / 72;
            Attention.Gradients g = Attention.backward(r, r.output().sub(target).divi(72));
            k.subi(g.dK().mul(0.5));
            v.subi(g.dV().mul(0.5));
        }
        assertEquals(0.0358, losses[100], 5e-5, "the lesson's loss after 100 steps at η = 0.5");
        assertEquals(losses[30], Lesson6.train(0.5, 30)[30], 1e-12);
        // What the reference solution's comment says: η = 3 ends at 0.0252; 1.66 to 4.88 pass; 4.9, 5.3 to 5.7 and
        // 6.2 to 6.7 end above 0.036 without blowing up, 5.0 to 5.2 and 5.8 to 6.1 pass; 6.75 diverges.
        assertEquals(0.0252, Lesson6.train(3, 30)[30], 5e-5);
        assertTrue(Lesson6.train(1.65, 30)[30] > Lesson6.TARGET);
        for (double eta : new double[] {1.66, 2, 2.5, 3.5, 4, 4.5, 4.88, 5, 5.2, 5.8, 6, 6.1}) {
            assertTrue(Lesson6.train(eta, 30)[30] < Lesson6.TARGET, "η = " + eta);
        }
        for (double eta : new double[] {4.9, 5.3, 5.5, 5.7, 6.2, 6.5, 6.7}) {
            double[] run = Lesson6.train(eta, 30);
            assertTrue(run[30] > Lesson6.TARGET && run[30] < 0.1, "η = " + eta);
        }
        double[] diverged = Lesson6.train(6.75, 30);
        assertTrue(diverged[diverged.length - 1] > 1000 * diverged[0]);
        correct(l6.q3, () -> 3.0);
        correct(l6.q3, () -> 2);
        correct(l6.q3, () -> 4.5);
        wrong(l6.q3, () -> 0.5, "after 30 steps the loss is still 0.05");
        wrong(l6.q3, () -> 1, "too small; take a larger rate");
        wrong(l6.q3, () -> 5.5, "the steps overshoot: your first step lowers the loss to 0.805");
        wrong(l6.q3, () -> 8, "it diverges: the loss went from 1.29 to ");
        wrong(l6.q3, () -> 1e6, "it diverges");
        wrong(l6.q3, () -> 0, "positive");
        wrong(l6.q3, () -> -1, "positive");

        Lesson7 l7 = Exercises.lesson7();
        correct(l7.q1, () -> Attention.causalMask(4));
        correct(
                l7.q1,
                () -> Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}}));
        wrong(l7.q1, () -> Attention.causalMask(4).transpose(), "transposed");
        wrong(l7.q1, () -> Attention.causalMask(4).sub(Nd4j.eye(4)), "sees itself too");
        wrong(l7.q1, () -> Attention.causalMask(5), "got 5 × 5");
        correct(l7.q2, () -> Lookup.oneHot(3, 10));
        wrong(l7.q2, () -> Lookup.oneHot(7, 10), "two ahead");
        wrong(l7.q2, () -> Lookup.oneHot(4, 10), "one back");

        // The hint's head: key @j has a 1 in column j, query @i has c in column i − 2. Query i then puts
        // e^a / (e^a + i) on i − 2, a = c/√10, and query 9 reaches 0.9 at c = √10 · ln 81 ≈ 13.9.
        double threshold = Math.sqrt(10) * Math.log(81);
        assertEquals(13.9, threshold, 0.05);
        correct(l7.q3, () -> hinted(14));
        correct(l7.q3, () -> hinted(20));
        wrong(l7.q3, () -> hinted(13.8), "too soft: a query puts only 0.89");
        double a = 13.8 / Math.sqrt(10);
        assertTrue(l7.q3.check(() -> hinted(13.8))
                .text()
                .contains(org.softlookup.view.Numbers.significant(Math.exp(a) / (Math.exp(a) + 9))));
        correct(l7.q3, () -> head(10, 20, 2, 0));
        correct(l7.q3, () -> head(10, 20, 2, 0.3)); // token rows that do not decide
        correct(l7.q3, () -> new INDArray[] {head(10, 20, 2, 0)[0].mul(2), head(10, 20, 2, 0)[1].div(2)});
        correct(
                l7.q3,
                () -> { // a 16 × 16 position table: the one in section 9, made by hand
                    INDArray table = Nd4j.zeros(16, 16);
                    for (int i = 2; i < 10; i++) table.putScalar(6 + i, 6 + i - 2, 30);
                    return new INDArray[] {table, Nd4j.eye(16)};
                });
        wrong(l7.q3, () -> head(10, 20, 1, 0), "one position back");
        wrong(l7.q3, () -> head(10, 20, 0, 0), "looks most at itself");
        wrong(l7.q3, () -> head(10, 2, 2, 0), "too soft");
        INDArray[] swapped = head(10, 20, 2, 0);
        wrong(l7.q3, () -> new INDArray[] {swapped[1], swapped[0]}, "two positions ahead");
        wrong(
                l7.q3,
                () -> new INDArray[] {swapped[0].transpose(), swapped[1]},
                "W_q is 10 × 16: it needs 16 rows, one per column of X (6 tokens, then 10 positions), "
                        + "and d_k columns; transposed?");
        wrong(l7.q3, () -> new INDArray[] {swapped[0], Nd4j.zeros(16, 8)}, "W_q has 10 columns and W_k 8");
        wrong(l7.q3, () -> new INDArray[] {Nd4j.zeros(15, 10), swapped[1]}, "W_q is 15 × 10: it needs 16 rows");
        wrong(l7.q3, () -> swapped[0], "new INDArray[] {wq, wk}");
        wrong(l7.q3, () -> head(10, 20, 2, 50), "queries miss i − 2");
        INDArray[] tokenHead = head(10, 20, 2, 0); // token D, absent from the lesson's sequence, looks at key 1
        tokenHead[0].putScalar(3, 3, 100);
        wrong(l7.q3, () -> tokenHead, "it works on the lesson's sequence but not on others");
    }

    /** The hint of lesson 07's exercise 3: row @j of W_k has a 1 in column j, row @i of W_q has c in column i − 2. */
    private static INDArray[] hinted(double c) {
        INDArray wq = Nd4j.zeros(16, 10), wk = Nd4j.zeros(16, 10);
        for (int j = 0; j < 10; j++) {
            wk.putScalar(6 + j, j, 1);
        }
        for (int i = 2; i < 10; i++) {
            wq.putScalar(6 + i, i - 2, c);
        }
        return new INDArray[] {wq, wk};
    }

    /**
     * W_q and W_k with one column per position: query i scores `sharp` on key i − back, 0 elsewhere; the token
     * rows add `tokens` times a fixed pattern.
     */
    private static INDArray[] head(int dk, double sharp, int back, double tokens) {
        INDArray wq = Nd4j.zeros(16, dk), wk = Nd4j.zeros(16, dk);
        for (int i = 0; i < 10; i++) {
            wq.putScalar(6 + i, i, sharp);
            if (i + back < 10) {
                wk.putScalar(6 + i, i + back, 1);
            }
        }
        for (int t = 0; t < 6; t++) {
            wq.putScalar(t, t, tokens);
            wk.putScalar(t, (t + 1) % dk, tokens);
        }
        return new INDArray[] {wq, wk};
    }

    @Test
    void lesson8() {
        Lesson8 l8 = Exercises.lesson8();
        // q1, independently: in the sequence, each scored token stood exactly once before; the head reads the next
        // position, whose token is the target.
        Induction.Batch batch = Induction.batch(8, 1);
        int[] tokens = batch.tokens()[0], scored = batch.scoredIn(0), look = new int[scored.length];
        for (int r = 0; r < scored.length; r++) {
            int i = scored[r], before = -1, count = 0;
            for (int j = 0; j < i; j++) {
                if (tokens[j] == tokens[i]) {
                    before = j;
                    count++;
                }
            }
            assertEquals(1, count, "token_" + i + " stood once before");
            look[r] = before + 1;
            assertEquals(batch.targets()[r], tokens[look[r]], "the head reads the target");
        }
        assertArrayEquals(new int[] {7, 8, 9}, scored); // the sequence C C K J W T U J W T U H N B I D K F B N
        assertArrayEquals(new int[] {4, 5, 6}, look);
        assertArrayEquals(look, Lesson8.LOOK);
        correct(
                l8.q1,
                () -> { // the reference solution, as solution() shows it
                    var b = Induction.batch(8, 1);
                    int[] t = b.tokens()[0], s = b.scoredIn(0), l = new int[s.length];
                    for (int r = 0; r < s.length; r++) {
                        int j = s[r] - 1;
                        while (t[j] != t[s[r]]) j--;
                        l[r] = j + 1;
                    }
                    return l;
                });
        correct(l8.q1, () -> new double[] {4, 5, 6});
        correct(l8.q1, () -> row(4, 5, 6));
        correct(l8.q1, () -> Nd4j.createFromArray(4, 5, 6)); // a rank-1 int array
        wrong(l8.q1, () -> new int[] {3, 4, 5}, "where each token_i stood before; the head wants what came right");
        wrong(l8.q1, () -> new int[] {7, 8, 9}, "the scored positions i themselves");
        wrong(l8.q1, () -> new int[] {4, 5}, "expected 3 positions, one per scored position i = 7, 8, 9");
        wrong(l8.q1, () -> new int[] {4, 5, 6, 7}, "the second copy's last position, 10, has no target");
        wrong(l8.q1, () -> new int[] {22, 19, 20}, "the tokens the head should read (the targets)");
        wrong(l8.q1, () -> new int[] {9, 22, 19}, "the tokens at the scored positions");
        wrong(l8.q1, () -> new int[] {4, 5, 7}, "for i = 9 (token 19 (T)) yours is 7, where token 9 (J) stands");
        wrong(l8.q1, () -> new int[][] {{4}, {5}, {6}}, "got 3 × 1: transposed?");

        // q2, independently: the hint's formulas written out, entry by entry.
        double[] p = {1, -2, 0.5}, g = {0.3, -0.001, 0};
        double[] adam = new double[3], noCorrection = new double[3], onlyM = new double[3], onlyV = new double[3];
        double[] epsInRoot = new double[3];
        for (int i = 0; i < 3; i++) {
            double m = 0.1 * g[i], v = 0.001 * g[i] * g[i], mHat = m / (1 - 0.9), vHat = v / (1 - 0.999);
            adam[i] = p[i] - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
            noCorrection[i] = p[i] - 0.1 * m / (Math.sqrt(v) + 1e-8);
            onlyM[i] = p[i] - 0.1 * mHat / (Math.sqrt(v) + 1e-8);
            onlyV[i] = p[i] - 0.1 * m / (Math.sqrt(vHat) + 1e-8);
            epsInRoot[i] = p[i] - 0.1 * mHat / Math.sqrt(vHat + 1e-8);
        }
        INDArray want = Lesson8.adam();
        for (int i = 0; i < 3; i++) {
            assertEquals(adam[i], want.getDouble(0, i), 1e-15);
        }
        assertEquals(0.9, adam[0], 1e-7); // every entry moves by about the learning rate, against sign(g)
        assertEquals(-1.9, adam[1], 2e-6);
        assertEquals(0.5, adam[2], 0);
        // The verdict's "about 3.16× too large" without the correction, 31.6× with m's alone, 10× too small with v's.
        for (int i = 0; i < 2; i++) {
            double step = p[i] - adam[i];
            assertEquals(Math.sqrt(1000) / 10, (p[i] - noCorrection[i]) / step, 3e-3); // ε shows at 1e-3
            assertEquals(Math.sqrt(1000), (p[i] - onlyM[i]) / step, 0.1);
            assertEquals(0.1, (p[i] - onlyV[i]) / step, 1e-6);
        }
        correct(l8.q2, () -> row(adam));
        correct(l8.q2, () -> adam);
        correct(
                l8.q2,
                () -> { // the reference solution
                    double[] q = {1, -2, 0.5}, d = {0.3, -0.001, 0};
                    for (int i = 0; i < 3; i++) {
                        double m = 0.1 * d[i], v = 0.001 * d[i] * d[i];
                        q[i] -= 0.1 * (m / 0.1) / (Math.sqrt(v / 0.001) + 1e-8);
                    }
                    return q;
                });
        correct(l8.q2, () -> new double[] {0.9, -1.9, 0.5}); // p − lr·sign(g): ε's 1e-6 is within the tolerance
        wrong(l8.q2, () -> noCorrection, "no bias correction");
        wrong(l8.q2, () -> noCorrection, "each step is about 3.16× too large");
        wrong(l8.q2, () -> onlyM, "m is corrected but v is not");
        wrong(l8.q2, () -> onlyV, "v is corrected but m is not: each step is 10× too small");
        wrong(l8.q2, () -> epsInRoot, "ε goes outside the root");
        wrong(l8.q2, () -> new double[] {1 - 0.03, -2 + 0.0001, 0.5}, "that is gradient descent, p − lr·g");
        wrong(l8.q2, () -> new double[] {2 - adam[0], -4 - adam[1], 0.5}, "the wrong way");
        wrong(l8.q2, () -> new double[] {adam[0], adam[1], Double.NaN}, "the third entry is NaN: its gradient is 0");
        wrong(l8.q2, () -> new double[] {0.9, -1.9}, "one row of 3 numbers (1 × 3), got 1 × 2");
        wrong(l8.q2, () -> new double[] {0.8, -1.8, 0.5}, "not p after one Adam step; yours is (0.8, -1.8, 0.5)");

        // q3: the solution's W_o, used by a real layer, changes columns 44–59 of the stream and no other.
        INDArray wo = Nd4j.zeros(16, 68);
        for (int c = 0; c < 16; c++) wo.putScalar(c, 44 + c, 1);
        assertEquals(44, Induction.VOCABULARY + Induction.LENGTH);
        assertEquals(68, Induction.D_MODEL);
        INDArray x = Induction.batch(3, 4).x();
        assertOnlyColumnsChange(x, wo, 44, 60);
        assertOnlyColumnsChange(x, Lesson8.writingTo(0), 0, 16); // the check itself can fail: tokens overwritten
        correct(l8.q3, () -> wo);
        correct(l8.q3, () -> wo.toDoubleMatrix());
        correct(l8.q3, () -> Nd4j.hstack(Nd4j.zeros(16, 44), Nd4j.eye(16), Nd4j.zeros(16, 8)));
        wrong(l8.q3, () -> wo.transpose(), "W_o is 68 × 16: transposed? W_o multiplies the head's output from the");
        wrong(l8.q3, () -> Lesson8.writingTo(0), "that writes over the token columns");
        wrong(
                l8.q3,
                () -> Lesson8.writingTo(43),
                "columns 43–58, which begin among the position columns; one column off");
        wrong(l8.q3, () -> Lesson8.writingTo(45), "columns 45–60, which begin among the spare columns; one column off");
        wrong(l8.q3, () -> Lesson8.writingTo(24), "columns 24–39, which begin among the position columns.");
        INDArray more = wo.dup();
        more.putScalar(3, 10, 0.5);
        more.putScalar(5, 62, 1);
        wrong(l8.q3, () -> more, "the right block at columns 44–59, but your W_o also writes to columns 10, 62");
        INDArray reversed = Nd4j.zeros(16, 68);
        for (int c = 0; c < 16; c++) reversed.putScalar(c, 59 - c, 1);
        wrong(l8.q3, () -> reversed, "not in order: output c goes to column 44 + c");
        wrong(l8.q3, () -> wo.mul(2), "but times 2: added as it is, the entry is 1");
        wrong(l8.q3, () -> Nd4j.zeros(16, 68), "row 0 (the head's output 0) writes to no column");
        INDArray oneOff = wo.dup();
        oneOff.putScalar(7, 51, 0);
        oneOff.putScalar(7, 52, 1);
        wrong(l8.q3, () -> oneOff, "row 7 (the head's output 7) writes to column 52; it should add 1 × output 7 to");
        wrong(l8.q3, () -> Nd4j.zeros(16, 44), "W_o is 16 × 44: it needs 16 rows");
        wrong(l8.q3, () -> Nd4j.zeros(2, 16, 68), "got rank 3");
    }

    /** A layer with one random head writing through wo changes exactly columns from … to − 1 of x, each of them. */
    private static void assertOnlyColumnsChange(INDArray x, INDArray wo, int from, int to) {
        var head =
                new AttentionLayer.Head(Seeded.randn(1, 68, 16), Seeded.randn(2, 68, 16), Seeded.randn(3, 68, 16), wo);
        try (var r = AttentionLayer.forward(x, List.of(head), Attention.causalMask(20))) {
            double[] in = x.dup().data().asDouble(),
                    out = r.output().dup().data().asDouble();
            double[] o = r.headResults().get(0).output().dup().data().asDouble(); // [b, n, 16]
            for (int e = 0; e < in.length; e++) {
                int row = e / 68, column = e % 68;
                if (column >= from && column < to) {
                    assertEquals(in[e] + o[row * 16 + column - from], out[e], 1e-12, "column " + column);
                    assertTrue(out[e] != in[e], "column " + column + " changes");
                } else {
                    assertEquals(in[e], out[e], 0, "column " + column + " stays");
                }
            }
        }
    }

    @Test
    void numbersComeAsDoubleOrFloatArraysOrAnyINDArray() {
        Question step = Exercises.lesson6().q1; // "one row of two numbers"
        correct(step, () -> new double[] {0.95, 2.1});
        correct(step, () -> new double[][] {{0.95, 2.1}});
        correct(step, () -> new float[] {0.95f, 2.1f}); // 0.95f is 1.2e-8 off 0.95
        correct(step, () -> new float[][] {{0.95f, 2.1f}});
        correct(step, () -> Nd4j.createFromArray(new float[][] {{0.95f, 2.1f}}));
        correct(
                step,
                () -> row(1, 2)
                        .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                        .sub(row(0.05, -0.1)));
        wrong(step, () -> new double[][] {{0.95}, {2.1}}, "one row of 2 numbers (1 × 2), got 2 × 1: transposed?");
        wrong(step, () -> new double[] {0.95, 2.1, 0}, "got 1 × 3");
        wrong(step, () -> new double[][] {{0.95, 2.1}, {1}}, "the rows of your double[][] are not all of the same");
        wrong(step, () -> new float[] {1.05f, 1.9f}, "uphill");
        wrong(step, () -> List.of(0.95, 2.1), "as an INDArray or a double[][], got a List");

        Lesson1 l1 = Exercises.lesson1();
        correct(l1.q1, () -> new int[] {0, 0, 0, 0, 1, 0});
        correct(l1.q2, () -> new float[] {0.5f, 0.5f, 0, 0, 0, 0});
        correct(l1.q3, () -> new float[] {1 / 6f, 1 / 6f, 1 / 6f, 1 / 6f, 1 / 6f, 1 / 6f});
        correct(Exercises.lesson2().q1, () -> new float[] {1 / 3f, 0, 1 / 3f, 0, 1 / 3f, 0});
        correct(Exercises.lesson2().q2, () -> new int[][] {{0, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0}});
        INDArray s = Colours.query(30).mmul(Colours.keys().transpose());
        correct(Exercises.lesson3().q2, () -> Softmax.of(s, 0.2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Attention.Result result = Lesson4.forward();
        INDArray p = result.weights(), dO = result.output().sub(Lesson4.TARGET);
        correct(Exercises.lesson4().q2, () -> (float) (-p.getDouble(0, 0) * p.getDouble(0, 1)));
        correct(Exercises.lesson4().q3, () -> p.transpose().mmul(dO).toFloatMatrix());
        correct(Exercises.lesson5().q1, () -> 1 / (float) Math.sqrt(64));
        correct(Exercises.lesson5().q2, () -> 1f);
        correct(Exercises.lesson7().q1, () -> new int[][] {{1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}});
        correct(Exercises.lesson7().q2, () -> new double[] {0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        INDArray[] byHand = head(10, 20, 2, 0);
        correct(Exercises.lesson7().q3, () -> new float[][][] {byHand[0].toFloatMatrix(), byHand[1].toFloatMatrix()});
        correct(Exercises.lesson7().q3, () ->
                new double[][][] {byHand[0].toDoubleMatrix(), byHand[1].toDoubleMatrix()});
    }

    @Test
    void aNearMissSaysHowFarOffAndNeverPrintsAsTheRightAnswer() {
        // 3e-6 off: outside the tolerance (1e-6 relative), and the same as the answer to four digits.
        Verdict v = Exercises.lesson6().q1.check(() -> row(0.95 + 3e-6, 2.1));
        assertTrue(
                v.text()
                        .endsWith("yours is (0.950003, 2.1) (close: off by 3.0e-06 at most, at entry 0;"
                                + " a right answer is within 2e-06)"),
                v.text());
        wrong(Exercises.lesson5().q1, () -> 0.125 + 1e-5, "yours is 0.12501 (close: off by 1.0e-05;");
        wrong(Exercises.lesson5().q2, () -> 1.00001, "yours is 1.00001 (close: off by 1.0e-05;");
        wrong(Exercises.lesson7().q2, () -> Lookup.oneHot(3, 10).mul(0.99999), "(0, 0, 0, 0.99999, 0, 0");
        wrong(
                Exercises.lesson7().q1,
                () -> {
                    INDArray mask = Attention.causalMask(4).dup();
                    mask.putScalar(1, 2, 1e-5);
                    return mask;
                },
                "your row 1 is (1, 1, 1.000e-05, 0) (close: off by 1.0e-05 at most, at row 1, column 2;");
        wrong(Exercises.lesson1().q1, () -> row(0, 0, 0, 0, 1.00001, 0), "yours is (0, 0, 0, 0, 1.00001, 0)");
        wrong(
                Exercises.lesson1().q2,
                () -> row(0.5, 0.50001, 0, 0, 0, 0),
                "w · V = (1, 0.50001, 0), which is 1.414e-05 away");
        double third = 1 / 3.0 + 1e-5;
        wrong(Exercises.lesson2().q1, () -> row(third, 0, third, 0, third, 0), "add up to 1.00003 (");
        wrong(Exercises.lesson2().q1, () -> row(third, 0, 1 / 3.0, 0, 1 / 3.0, 0), "(0.33334, 0, 0.33333, 0,");
        Attention.Result result = Lesson4.forward();
        INDArray dV = result.weights().transpose().mmul(result.output().sub(Lesson4.TARGET));
        INDArray off = dV.dup();
        off.putScalar(2, 1, off.getDouble(2, 1) + 1e-5);
        wrong(Exercises.lesson4().q3, () -> off, "(close: off by 1.0e-05 at most, at row 2, column 1;");
        double entry = -result.weights().getDouble(0, 0) * result.weights().getDouble(0, 1);
        Verdict jacobian = Exercises.lesson4().q2.check(() -> entry * (1 + 1e-5));
        assertFalse(jacobian.text().contains(Question.show(entry, entry)), jacobian.text());
        // Whatever the digits, a wrong answer is never shown as the right one.
        for (double by : new double[] {1e-5, 1e-7, 1e-9, 1e-12}) {
            INDArray want = row(0.95, 2.1), near = row(0.95 * (1 + by), 2.1);
            assertFalse(Question.show(near, want).equals(Question.show(want)), by + ": " + Question.show(near, want));
        }
        assertEquals("(0.95, 2.1)", Question.show(row(0.95, 2.1), row(0.95, 2.1)));
        assertEquals("", Question.howFar(row(0.5, 2.1), row(0.95, 2.1))); // far off: no "close"
    }

    @Test
    void everyLessonHasTwoToFourExercises() {
        Map<Object, Integer> counts = Map.of(
                Exercises.lesson1(), 3,
                Exercises.lesson2(), 3,
                Exercises.lesson3(), 2,
                Exercises.lesson4(), 3,
                Exercises.lesson5(), 3,
                Exercises.lesson6(), 3,
                Exercises.lesson7(), 3,
                Exercises.lesson8(), 3);
        counts.forEach((lesson, n) ->
                assertEquals(n, (int) java.util.Arrays.stream(lesson.getClass().getFields())
                        .filter(f -> f.getType() == Question.class)
                        .count()));
    }
}
