package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Check;
import org.softlookup.internal.OffHeap;

class AttentionTest {

    private final Random rnd = new Random(11);

    /** One random problem: shapes, inputs, mask and the upstream gradient G = ∂L/∂O of L = Σ O ⊙ G. */
    private record Case(String name, INDArray q, INDArray k, INDArray v, INDArray mask, double scale, INDArray g) {
        double loss(INDArray q, INDArray k, INDArray v) {
            return Naive.sumOfProducts(Attention.forward(q, k, v, mask, scale).output(), g);
        }
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int[][] shapes = {{1, 1, 1, 1}, {1, 4, 3, 2}, {3, 5, 4, 6}, {5, 2, 3, 3}, {4, 4, 8, 1}, {6, 9, 2, 5}};
        for (int[] s : shapes) {
            int n = s[0], m = s[1], d = s[2], dv = s[3];
            cases.add(newCase("n" + n + " m" + m + " d" + d + " dv" + dv, n, m, d, dv, null, 1 / Math.sqrt(d)));
            cases.add(newCase("masked n" + n + " m" + m, n, m, d, dv, Naive.randomMask(rnd, n, m), 1 / Math.sqrt(d)));
            cases.add(newCase("scale 2.5 n" + n + " m" + m, n, m, d, dv, null, 2.5));
        }
        for (int n : new int[] {1, 3, 6}) {
            cases.add(newCase("causal n" + n, n, n, 4, 3, Attention.causalMask(n), 0.7));
        }
        return cases;
    }

    private Case newCase(String name, int n, int m, int d, int dv, INDArray mask, double scale) {
        return new Case(
                name,
                Naive.random(rnd, n, d),
                Naive.random(rnd, m, d),
                Naive.random(rnd, m, dv),
                mask,
                scale,
                Naive.random(rnd, n, dv));
    }

    @Test
    void forwardEqualsTheNaiveTripleLoop() {
        for (Case c : cases()) {
            INDArray out = Attention.forward(c.q, c.k, c.v, c.mask, c.scale).output();
            double[][] expected = Naive.attention(
                    c.q.toDoubleMatrix(),
                    c.k.toDoubleMatrix(),
                    c.v.toDoubleMatrix(),
                    c.mask == null ? null : c.mask.toDoubleMatrix(),
                    c.scale);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], out.getRow(i).toDoubleVector(), 1e-13, c.name);
            }
        }
    }

    @Test
    void defaultScaleIsOneOverRootDk() {
        Case c = newCase("", 3, 4, 9, 2, null, 0);
        assertEquals(
                Attention.forward(c.q, c.k, c.v, null, 1 / 3.0).output(),
                Attention.forward(c.q, c.k, c.v, null).output());
        assertEquals(1 / 3.0, Attention.forward(c.q, c.k, c.v, null).scale(), 0);
    }

    @Test
    void resultKeepsInputsScoresAndWeights() {
        Case c = newCase("", 2, 3, 2, 2, Nd4j.create(new double[][] {{1, 0, 1}, {0, 1, 1}}), 0.5);
        Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, c.scale);
        assertTrue(r.q() == c.q && r.k() == c.k && r.v() == c.v && r.mask() == c.mask);
        assertEquals(
                c.q.mmul(c.k.transpose()).muli(0.5).getDouble(0, 2), r.scores().getDouble(0, 2), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, r.scores().getDouble(0, 1));
        assertEquals(Double.NEGATIVE_INFINITY, r.scores().getDouble(1, 0));
        assertEquals(0.0, r.weights().getDouble(0, 1));
        assertEquals(1.0, r.weights().getRow(1).sumNumber().doubleValue(), 1e-15);
        assertEquals(r.weights().mmul(c.v), r.output());
    }

    @Test
    void closingAResultOrGradientsFreesItsArraysButNotTheInputs() {
        Case c = newCase("", 3, 4, 2, 2, null, 1.0);
        Attention.Result r = Attention.forward(c.q, c.k, c.v, null);
        Attention.Gradients g = Attention.backward(r, c.g);
        r.close();
        g.close();
        assertTrue(
                r.weights().wasClosed() && r.scores().wasClosed() && r.output().wasClosed());
        assertTrue(g.dQ().wasClosed()
                && g.dK().wasClosed()
                && g.dV().wasClosed()
                && g.dWeights().wasClosed()
                && g.dScores().wasClosed());
        assertTrue(!c.q.wasClosed() && !c.k.wasClosed() && !c.v.wasClosed() && !c.g.wasClosed());
    }

    @Test
    void causalMaskIsLowerTriangularOnes() {
        assertArrayEquals(
                new double[][] {{1, 0, 0}, {1, 1, 0}, {1, 1, 1}},
                Attention.causalMask(3).toDoubleMatrix());
        assertArrayEquals(new double[][] {{1}}, Attention.causalMask(1).toDoubleMatrix());
    }

    @Test
    void causalAttentionIgnoresTheFuture() {
        Case c = newCase("", 4, 4, 3, 2, Attention.causalMask(4), 1.0);
        INDArray out = Attention.forward(c.q, c.k, c.v, c.mask, 1.0).output();
        INDArray v2 = c.v.dup();
        v2.putRow(3, Nd4j.create(new double[] {100, -100}));
        INDArray out2 = Attention.forward(c.q, c.k, v2, c.mask, 1.0).output();
        // exactly: the future gets weight 0, and 0 · 100 adds nothing (INDArray.equals would forgive 1e-5)
        assertArrayEquals(
                out.getRows(0, 1, 2).toDoubleMatrix(), out2.getRows(0, 1, 2).toDoubleMatrix());
        assertTrue(GradCheck.maxRelativeError(out.getRows(3), out2.getRows(3)) > 0.1, "the last query sees it");
    }

    @Test
    void everyGradientMatchesFiniteDifferences() {
        double eps = 1e-6, tol = 1e-7;
        for (Case c : cases()) {
            Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, c.scale);
            Attention.Gradients g = Attention.backward(r, c.g);

            assertClose(g.dQ(), GradCheck.numeric(x -> c.loss(x, c.k, c.v), c.q, eps), tol, c.name + " dQ");
            assertClose(g.dK(), GradCheck.numeric(x -> c.loss(c.q, x, c.v), c.k, eps), tol, c.name + " dK");
            assertClose(g.dV(), GradCheck.numeric(x -> c.loss(c.q, c.k, x), c.v, eps), tol, c.name + " dV");
            assertClose(
                    g.dWeights(),
                    GradCheck.numeric(p -> Naive.sumOfProducts(p.mmul(c.v), c.g), r.weights(), eps),
                    tol,
                    c.name + " dWeights");
            // Masked scores are −∞; nudge only the visible ones by checking S ↦ L(S + bias) at S finite.
            INDArray bias = r.scores().sub(finiteScores(r));
            Function<INDArray, Double> lossOfScores =
                    s -> Naive.sumOfProducts(Softmax.of(s.add(bias)).mmul(c.v), c.g);
            assertClose(
                    g.dScores(),
                    GradCheck.numeric(lossOfScores::apply, finiteScores(r), eps),
                    tol,
                    c.name + " dScores");
        }
    }

    @Test
    void everyGradientMatchesSameDiffAutodiff() {
        for (Case c : cases()) {
            Attention.Gradients hand = Attention.backward(Attention.forward(c.q, c.k, c.v, c.mask, c.scale), c.g);
            Attention.Gradients auto = AutoDiff.attention(c.q, c.k, c.v, c.mask, c.scale, c.g);
            assertClose(hand.dQ(), auto.dQ(), 1e-9, c.name + " dQ");
            assertClose(hand.dK(), auto.dK(), 1e-9, c.name + " dK");
            assertClose(hand.dV(), auto.dV(), 1e-9, c.name + " dV");
            assertClose(hand.dWeights(), auto.dWeights(), 1e-9, c.name + " dWeights");
            assertClose(hand.dScores(), auto.dScores(), 1e-9, c.name + " dScores");
        }
    }

    @Test
    void maskedKeysGetNoGradientFromTheQueriesThatCannotSeeThem() {
        INDArray mask = Nd4j.create(new double[][] {{1, 0, 0}, {1, 1, 0}});
        Case c = newCase("", 2, 3, 2, 2, mask, 1.0);
        Attention.Gradients g = Attention.backward(Attention.forward(c.q, c.k, c.v, mask, 1.0), c.g);
        assertEquals(0.0, g.dScores().getDouble(0, 1));
        assertEquals(0.0, g.dScores().getDouble(0, 2));
        assertArrayEquals(new double[] {0, 0}, g.dK().getRow(2).toDoubleVector(), 0);
        assertArrayEquals(new double[] {0, 0}, g.dV().getRow(2).toDoubleVector(), 0);
    }

    @Test
    void hugeScoresStayFiniteAndCorrect() {
        INDArray q = Nd4j.create(new double[][] {{100, 0}, {-100, 0}});
        INDArray k = Nd4j.create(new double[][] {{100, 0}, {99, 0}, {-100, 0}});
        INDArray v = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {5, 5}});
        Attention.Result r = Attention.forward(q, k, v, null, 1.0); // scores ±1e4
        assertArrayEquals(new double[] {1, 0}, r.output().getRow(0).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {5, 5}, r.output().getRow(1).toDoubleVector(), 1e-15);
        Attention.Gradients g = Attention.backward(r, Nd4j.ones(2, 2));
        for (INDArray a : new INDArray[] {g.dQ(), g.dK(), g.dV(), g.dWeights(), g.dScores()}) {
            Check.finite("gradient", a);
        }
        Attention.Result big = Attention.forward(q.mul(1e3), k, v, null, 1.0); // scores ±1e7
        assertArrayEquals(new double[] {1, 0}, big.output().getRow(0).toDoubleVector(), 1e-15);
    }

    @Test
    void inputsAreNotModified() {
        Case c = newCase("", 3, 4, 2, 3, Naive.randomMask(rnd, 3, 4), 0.9);
        // raw doubles, compared exactly: INDArray.equals forgives differences below 1e-5
        double[][][] before = raw(c.q, c.k, c.v, c.mask, c.g);
        Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, c.scale);
        double[][][] resultBefore = raw(r.scores(), r.weights(), r.output());
        Attention.backward(r, c.g);
        AutoDiff.attention(c.q, c.k, c.v, c.mask, c.scale, c.g);
        assertArrayEquals(before, raw(c.q, c.k, c.v, c.mask, c.g));
        assertArrayEquals(resultBefore, raw(r.scores(), r.weights(), r.output()));
    }

    /** 20,000 queries and keys need 6.0 GB for scores and weights: refused before anything is allocated. */
    @Test
    void tooBigIsRefusedBeforeAllocatingNotFatal() {
        INDArray q = Naive.random(rnd, 20_000, 64),
                k = Naive.random(rnd, 20_000, 64),
                v = Naive.random(rnd, 20_000, 64);
        System.gc(); // so that no earlier garbage leaves the count during the test
        long before = OffHeap.unclosedBytes();
        assertRejects(
                () -> Attention.forward(q, k, v, null),
                "Attention.forward for 20000 queries and 20000 keys",
                "would need 6.0 GB",
                "may use",
                "fewer queries or keys",
                "close results");
        assertEquals(before, OffHeap.unclosedBytes(), "nothing was made");
        assertRejects(
                () -> AutoDiff.attention(q, k, v, null, 1.0, v),
                "AutoDiff.attention for 20000 queries and 20000 keys",
                "would need 17.9 GB",
                "fewer queries or keys");
        try (Attention.Result small =
                Attention.forward(q.getRows(0, 1), k.getRows(0, 1, 2), v.getRows(0, 1, 2), null)) {
            assertEquals(2, small.output().rows(), "and the next call works");
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray q = Naive.random(rnd, 2, 3), k = Naive.random(rnd, 4, 3), v = Naive.random(rnd, 4, 5);
        assertRejects(
                () -> Attention.forward(q, Naive.random(rnd, 4, 4), v, null),
                "keys have 4 columns but queries have 3",
                "equal widths",
                "[2, 3]",
                "[4, 4]");
        assertRejects(
                () -> Attention.forward(q, k, Naive.random(rnd, 3, 5), null),
                "v has 3 rows but k has 4",
                "[4, 3]",
                "[3, 5]");
        assertRejects(() -> Attention.forward(null, k, v, null), "q", "null");
        assertRejects(() -> Attention.forward(q, null, v, null), "k", "null");
        assertRejects(() -> Attention.forward(q, k, null, null), "v", "null");
        assertRejects(
                () -> Attention.forward(Nd4j.create(new double[] {1, 2, 3}, 3), k, v, null), "q", "matrix", "[3]");
        assertRejects(
                () -> Attention.forward(q.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), k, v, null),
                "q",
                "FLOAT",
                "castTo(DataType.DOUBLE)");
        INDArray nanK = k.dup();
        nanK.putScalar(3, 0, Double.NaN);
        assertRejects(() -> Attention.forward(q, nanK, v, null), "k", "NaN", "[3, 0]");
        INDArray infV = v.dup();
        infV.putScalar(0, 4, Double.NEGATIVE_INFINITY);
        assertRejects(() -> Attention.forward(q, k, infV, null), "v", "-Infinity", "[0, 4]");
        assertRejects(() -> Attention.forward(q, k, v, Nd4j.ones(4, 2)), "mask", "[2, 4]", "[4, 2]");
        assertRejects(() -> Attention.forward(q, k, v, Nd4j.ones(2, 4).muli(0.5)), "mask", "0.5", "only 0", "1");
        INDArray nanMask = Nd4j.ones(2, 4);
        nanMask.putScalar(1, 2, Double.NaN);
        assertRejects(() -> Attention.forward(q, k, v, nanMask), "mask contains NaN at [1, 2]", "only 0");
        assertRejects(
                () -> Attention.forward(q, k, v, Nd4j.create(new double[][] {{1, 1, 0, 0}, {0, 0, 0, 0}})),
                "mask row 1",
                "hides every key",
                "nothing to look up");
        assertRejects(() -> Attention.forward(q, k, v, null, 0), "scale", "> 0");
        assertRejects(() -> Attention.forward(q, k, v, null, -2), "scale", "> 0");
        assertRejects(() -> Attention.forward(q, k, v, null, Double.POSITIVE_INFINITY), "scale", "Infinity");
        assertRejects(() -> Attention.causalMask(0), "n", "at least 1");
        Attention.Result r = Attention.forward(q, k, v, null);
        assertRejects(() -> Attention.backward(r, Naive.random(rnd, 2, 4)), "dOutput", "[2, 5]", "[2, 4]");
        assertRejects(() -> Attention.backward(null, Naive.random(rnd, 2, 5)), "r", "null");
        assertRejects(
                () -> AutoDiff.attention(q, k, v, null, 1.0, Naive.random(rnd, 3, 5)), "dOutput", "[2, 5]", "[3, 5]");
        assertRejects(
                () -> AutoDiff.attention(q, Naive.random(rnd, 4, 2), v, null, 1.0, Naive.random(rnd, 2, 5)),
                "keys have 2 columns but queries have 3");
    }

    /**
     * Where the math gives exactly 0, the library gives exactly 0, not 1e-17 noise: a query that sees one key puts
     * weight 1 on it whatever the scores, so its scores, its query and that key (seen by no other query) get no
     * gradient; keys no query sees get none in dK and dV.
     */
    @Test
    void gradientsAreExactlyZeroWhereTheMathSaysSo() {
        INDArray mask = Nd4j.create(new double[][] {{1, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 0}});
        Case c = newCase("", 3, 4, 5, 3, mask, 0.8);
        Attention.Result r = Attention.forward(c.q, c.k, c.v, mask, c.scale);
        Attention.Gradients g = Attention.backward(r, c.g);
        assertArrayEquals(new double[] {1, 0, 0, 0}, r.weights().getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[4], g.dScores().getRow(0).toDoubleVector(), 0, "query 0 sees one key");
        assertArrayEquals(new double[4], g.dScores().getRow(2).toDoubleVector(), 0, "query 2 sees one key");
        assertArrayEquals(new double[5], g.dQ().getRow(0).toDoubleVector(), 0, "dQ of a one-key query");
        assertArrayEquals(new double[5], g.dQ().getRow(2).toDoubleVector(), 0, "dQ of a one-key query");
        assertArrayEquals(new double[5], g.dK().getRow(0).toDoubleVector(), 0, "dK of a key one such query sees");
        assertArrayEquals(new double[5], g.dK().getRow(3).toDoubleVector(), 0, "dK of a key nobody sees");
        assertArrayEquals(new double[3], g.dV().getRow(3).toDoubleVector(), 0, "dV of a key nobody sees");
        assertArrayEquals(c.g.getRow(0).toDoubleVector(), g.dV().getRow(0).toDoubleVector(), 0, "dV = Pᵀ dO");
        // the only non-zero gradients are where queries choose between keys: query 1 between keys 1 and 2
        assertTrue(Math.abs(g.dK().getDouble(1, 0)) > 1e-6 && Math.abs(g.dQ().getDouble(1, 0)) > 1e-6);
        // one query, one key: nothing to choose, so dQ and dK are exactly 0 however the scores move
        Case one = newCase("", 1, 1, 64, 2, null, 0.125);
        Attention.Gradients g1 = Attention.backward(Attention.forward(one.q, one.k, one.v, null, 0.125), one.g);
        assertArrayEquals(new double[64], g1.dQ().toDoubleVector(), 0);
        assertArrayEquals(new double[64], g1.dK().toDoubleVector(), 0);
        assertArrayEquals(one.g.toDoubleVector(), g1.dV().toDoubleVector(), 0);
    }

    /**
     * Shapes where blocking, loop orders and strides matter: hundreds of queries and keys at d = 64, checked against
     * SameDiff entry by entry and against central differences on sampled entries (all of them would take minutes).
     * 200 × 300 scores are masked and normalised in Java, 520 × 510 (over Softmax.IN_JAVA) by native operations.
     */
    @ParameterizedTest
    @CsvSource({"200, 300", "520, 510"})
    void largeShapesMatchSameDiffEntryByEntryAndFiniteDifferences(int n, int m) {
        assertEquals(n * m > Softmax.IN_JAVA, n == 520, "the two shapes sit on the two sides of the switch");
        Random big = new Random(64);
        int d = 64, dv = 64;
        INDArray q = Naive.random(big, n, d), k = Naive.random(big, m, d), v = Naive.random(big, m, dv);
        INDArray mask = Naive.randomMask(big, n, m), dO = Naive.random(big, n, dv);
        double scale = 1 / Math.sqrt(d);
        Attention.Result r = Attention.forward(q, k, v, mask, scale);
        double[][] expected = Naive.attention(
                q.toDoubleMatrix(), k.toDoubleMatrix(), v.toDoubleMatrix(), mask.toDoubleMatrix(), scale);
        assertArrayEquals(expected[n - 1], r.output().getRow(n - 1).toDoubleVector(), 1e-12);
        assertClose(Nd4j.create(expected), r.output(), 1e-12, "forward n" + n + " m" + m);
        Attention.Gradients hand = Attention.backward(r, dO);
        Attention.Gradients auto = AutoDiff.attention(q, k, v, mask, scale, dO);
        for (String name : new String[] {"dQ", "dK", "dV", "dScores"}) {
            double err = GradCheck.maxEntryError(pick(auto, name), pick(hand, name), 1e-9);
            assertTrue(err < 1e-6, name + ": entry error " + err);
        }
        Case c = new Case("large", q, k, v, mask, scale, dO);
        for (int t = 0; t < 4; t++) {
            int i = big.nextInt(n), j = big.nextInt(m), col = big.nextInt(d);
            assertNumeric(hand.dQ(), i, col, x -> c.loss(x, k, v), q, "dQ");
            assertNumeric(hand.dK(), j, col, x -> c.loss(q, x, v), k, "dK");
            assertNumeric(hand.dV(), j, big.nextInt(dv), x -> c.loss(q, k, x), v, "dV");
        }
    }

    /** Views and 'f'-order arrays have other strides than the 'c'-order copies: the results must not change. */
    @Test
    void viewsAndFortranOrderGiveTheSameResultsAsPlainCopies() {
        Random big = new Random(7);
        int n = 120, m = 90, d = 64, dv = 16;
        INDArray q = Naive.random(big, n, d).dup('f');
        INDArray k = Naive.random(big, d, m).transpose(); // a view [m, d] of a [d, m] array
        INDArray wide = Naive.random(big, m, dv + 5);
        INDArray v = wide.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 3 + dv)); // columns 3 … 18: a strided view
        INDArray dO = Naive.random(big, n + 4, dv)
                .get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, n + 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()); // rows 2 … n + 1: a view with an offset
        INDArray mask = Attention.causalMask(Math.max(n, m))
                .get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, m));
        assertTrue(
                q.ordering() == 'f' && k.ordering() == 'f' && v.isView() && mask.isView() && dO.isView(),
                "strides: q " + q.ordering() + ", k " + k.ordering() + ", views " + v.isView() + mask.isView()
                        + dO.isView());
        double[][] before = v.toDoubleMatrix();
        Attention.Result r = Attention.forward(q, k, v, mask, 0.125);
        double[][] expected = Naive.attention(
                q.toDoubleMatrix(), k.toDoubleMatrix(), v.toDoubleMatrix(), mask.toDoubleMatrix(), 0.125);
        assertClose(Nd4j.create(expected), r.output(), 1e-12, "forward on views");
        Attention.Gradients g = Attention.backward(r, dO);
        Attention.Gradients plain = Attention.backward(
                Attention.forward(
                        Nd4j.create(q.toDoubleMatrix()),
                        Nd4j.create(k.toDoubleMatrix()),
                        Nd4j.create(v.toDoubleMatrix()),
                        Nd4j.create(mask.toDoubleMatrix()),
                        0.125),
                Nd4j.create(dO.toDoubleMatrix()));
        for (String name : new String[] {"dQ", "dK", "dV", "dScores"}) {
            double err = GradCheck.maxEntryError(pick(plain, name), pick(g, name), 1e-12);
            assertTrue(err < 1e-10, name + " on views: entry error " + err);
        }
        Attention.Gradients auto = AutoDiff.attention(q, k, v, mask, 0.125, dO);
        assertTrue(GradCheck.maxEntryError(auto.dK(), g.dK(), 1e-9) < 1e-6, "dK on views against SameDiff");
        assertArrayEquals(before, v.toDoubleMatrix(), "the view's parent is not written to");
    }

    private static INDArray pick(Attention.Gradients g, String name) {
        return switch (name) {
            case "dQ" -> g.dQ();
            case "dK" -> g.dK();
            case "dV" -> g.dV();
            default -> g.dScores();
        };
    }

    /** One entry of a gradient against the central difference of the loss in that entry alone. */
    private static void assertNumeric(
            INDArray grad, int row, int col, java.util.function.ToDoubleFunction<INDArray> loss, INDArray x, String n) {
        double eps = 1e-5;
        INDArray work = x.dup();
        work.putScalar(row, col, x.getDouble(row, col) + eps);
        double plus = loss.applyAsDouble(work);
        work.putScalar(row, col, x.getDouble(row, col) - eps);
        double minus = loss.applyAsDouble(work);
        double numeric = (plus - minus) / (2 * eps), analytic = grad.getDouble(row, col);
        assertTrue(
                Math.abs(numeric - analytic) <= 1e-6 * Math.max(1, Math.abs(numeric)),
                n + "[" + row + ", " + col + "]: " + analytic + " but finite differences say " + numeric);
    }

    private static double[][][] raw(INDArray... arrays) {
        double[][][] raw = new double[arrays.length][][];
        for (int i = 0; i < arrays.length; i++) {
            raw[i] = arrays[i].toDoubleMatrix();
        }
        return raw;
    }

    private static INDArray finiteScores(Attention.Result r) {
        INDArray s = r.scores().dup();
        org.nd4j.linalg.indexing.BooleanIndexing.replaceWhere(
                s, 0.0, org.nd4j.linalg.indexing.conditions.Conditions.isInfinite());
        return s;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double err = GradCheck.maxRelativeError(expected, actual);
        assertTrue(err <= tol, () -> what + ": relative error " + err + " > " + tol);
    }
}
