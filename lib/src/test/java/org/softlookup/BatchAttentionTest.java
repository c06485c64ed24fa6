package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.internal.OffHeap;

/** Attention over a batch of sequences [b, n, d]: each sequence on its own, one mask [n, m] for all of them. */
class BatchAttentionTest {

    private final Random rnd = new Random(31);

    /** One random batch and the upstream gradient G = ∂L/∂O of L = Σ O ⊙ G. */
    private record Case(String name, INDArray q, INDArray k, INDArray v, INDArray mask, double scale, INDArray g) {
        double loss(INDArray q, INDArray k, INDArray v) {
            return Naive.sumOfProducts(Attention.forward(q, k, v, mask, scale).output(), g);
        }
    }

    /** b = 1 and larger, corner shapes and random ones, each unmasked, with a random mask and (n = m) causal. */
    private List<Case> cases() {
        List<int[]> shapes = new ArrayList<>(
                List.of(new int[] {1, 1, 1, 1, 1}, new int[] {1, 3, 4, 2, 3}, new int[] {2, 1, 1, 1, 1}, new int[] {
                    3, 4, 4, 3, 2
                }));
        for (int i = 0; i < 8; i++) {
            shapes.add(new int[] {
                1 + rnd.nextInt(4), 1 + rnd.nextInt(5), 1 + rnd.nextInt(5), 1 + rnd.nextInt(4), 1 + rnd.nextInt(4)
            });
        }
        List<Case> cases = new ArrayList<>();
        for (int[] s : shapes) {
            int b = s[0], n = s[1], m = s[2], d = s[3], dv = s[4];
            String shape = "b" + b + " n" + n + " m" + m + " d" + d + " dv" + s[4];
            cases.add(newCase(shape, s, null, 1 / Math.sqrt(d)));
            cases.add(newCase("masked " + shape, s, Naive.randomMask(rnd, n, m), 0.8));
            if (n == m) {
                cases.add(newCase("causal " + shape, s, Attention.causalMask(n), 1 / Math.sqrt(d)));
            }
        }
        return cases;
    }

    private Case newCase(String name, int[] s, INDArray mask, double scale) {
        int b = s[0], n = s[1], m = s[2], d = s[3], dv = s[4];
        return new Case(
                name,
                NaiveBatch.random(rnd, b, n, d),
                NaiveBatch.random(rnd, b, m, d),
                NaiveBatch.random(rnd, b, m, dv),
                mask,
                scale,
                NaiveBatch.random(rnd, b, n, dv));
    }

    @Test
    void forwardEqualsTheNaiveLoopOverSequences() {
        for (Case c : cases()) {
            Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, c.scale);
            double[][][] expected = NaiveBatch.attention(c.q, c.k, c.v, c.mask, c.scale);
            assertArrayEquals(
                    new long[] {c.q.size(0), c.q.size(1), c.v.size(2)},
                    r.output().shape(),
                    c.name);
            assertArrayEquals(
                    new long[] {c.q.size(0), c.q.size(1), c.k.size(1)},
                    r.weights().shape(),
                    c.name);
            assertArrayEquals(r.weights().shape(), r.scores().shape(), c.name);
            for (int s = 0; s < expected.length; s++) {
                for (int i = 0; i < expected[s].length; i++) {
                    assertArrayEquals(
                            expected[s][i], r.output().slice(s).getRow(i).toDoubleVector(), 1e-13, c.name);
                }
            }
        }
    }

    /** The same products on the same numbers, so the same bits: a batch is only many sequences at once. */
    @Test
    void eachSequenceIsExactlyTheRankTwoCallOnIt() {
        for (Case c : cases()) {
            Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, c.scale);
            Attention.Gradients g = Attention.backward(r, c.g);
            for (int s = 0; s < c.q.size(0); s++) {
                Attention.Result one = Attention.forward(
                        NaiveBatch.matrix(c.q, s),
                        NaiveBatch.matrix(c.k, s),
                        NaiveBatch.matrix(c.v, s),
                        c.mask,
                        c.scale);
                Attention.Gradients g1 = Attention.backward(one, NaiveBatch.matrix(c.g, s));
                String what = c.name + " sequence " + s;
                assertArrayEquals(one.output().toDoubleMatrix(), NaiveBatch.sequence(r.output(), s), what);
                assertArrayEquals(one.scores().toDoubleMatrix(), NaiveBatch.sequence(r.scores(), s), what);
                assertArrayEquals(g1.dQ().toDoubleMatrix(), NaiveBatch.sequence(g.dQ(), s), what + " dQ");
                assertArrayEquals(g1.dK().toDoubleMatrix(), NaiveBatch.sequence(g.dK(), s), what + " dK");
                assertArrayEquals(g1.dV().toDoubleMatrix(), NaiveBatch.sequence(g.dV(), s), what + " dV");
                assertArrayEquals(g1.dScores().toDoubleMatrix(), NaiveBatch.sequence(g.dScores(), s), what + " dS");
            }
        }
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
            INDArray dWeights = GradCheck.numeric(
                    p -> {
                        double sum = 0;
                        for (int s = 0; s < p.size(0); s++) {
                            sum += Naive.sumOfProducts(p.slice(s).mmul(c.v.slice(s)), c.g.slice(s));
                        }
                        return sum;
                    },
                    r.weights(),
                    eps);
            assertClose(g.dWeights(), dWeights, tol, c.name + " dWeights");
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

    /** The mask holds in every sequence: a masked key gets weight 0 and no gradient in any of them. */
    @Test
    void theMaskAppliesToEverySequence() {
        Case c = newCase("", new int[] {4, 3, 3, 2, 2}, Attention.causalMask(3), 1.0);
        Attention.Result r = Attention.forward(c.q, c.k, c.v, c.mask, 1.0);
        Attention.Gradients g = Attention.backward(r, c.g);
        for (int s = 0; s < 4; s++) {
            assertEquals(0.0, r.weights().getDouble(s, 0, 1), 0);
            assertEquals(0.0, r.weights().getDouble(s, 1, 2), 0);
            assertEquals(Double.NEGATIVE_INFINITY, r.scores().getDouble(s, 0, 2));
            assertEquals(1.0, r.weights().getDouble(s, 0, 0), 0);
            assertEquals(0.0, g.dScores().getDouble(s, 0, 2), 0);
        }
    }

    /** Large enough for the native masking and softmax (over Softmax.IN_JAVA entries): the same numbers. */
    @Test
    void aLargeBatchTakesTheNativePathWithTheSameResults() {
        Random big = new Random(5);
        int b = 5, n = 240, d = 8;
        INDArray q = NaiveBatch.random(big, b, n, d), k = NaiveBatch.random(big, b, n, d);
        INDArray v = NaiveBatch.random(big, b, n, d), dO = NaiveBatch.random(big, b, n, d);
        INDArray mask = Naive.randomMask(big, n, n);
        assertTrue((long) b * n * n > Softmax.IN_JAVA && (long) n * n <= Softmax.IN_JAVA);
        Attention.Result r = Attention.forward(q, k, v, mask, 0.5);
        Attention.Gradients g = Attention.backward(r, dO);
        for (int s : new int[] {0, b - 1}) {
            Attention.Result one = Attention.forward(
                    NaiveBatch.matrix(q, s), NaiveBatch.matrix(k, s), NaiveBatch.matrix(v, s), mask, 0.5);
            Attention.Gradients g1 = Attention.backward(one, NaiveBatch.matrix(dO, s));
            assertClose(one.output(), r.output().slice(s), 1e-13, "output " + s);
            assertClose(g1.dQ(), g.dQ().slice(s), 1e-12, "dQ " + s);
            assertClose(g1.dK(), g.dK().slice(s), 1e-12, "dK " + s);
            assertClose(g1.dScores(), g.dScores().slice(s), 1e-12, "dScores " + s);
        }
    }

    /** Views with an offset, and 'f' order, are read as the plain copies they stand for. */
    @Test
    void viewsGiveTheSameResultsAsPlainCopies() {
        INDArray wide = NaiveBatch.random(rnd, 5, 4, 3);
        INDArray q = wide.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all(), NDArrayIndex.all()); // an offset
        INDArray k = NaiveBatch.random(rnd, 3, 6, 3).dup('f');
        INDArray v = NaiveBatch.random(rnd, 3, 6, 2);
        INDArray dO = NaiveBatch.random(rnd, 3, 4, 2).permute(0, 2, 1).dup().permute(0, 2, 1); // strided
        assertTrue(q.offset() > 0 && k.ordering() == 'f');
        Attention.Result r = Attention.forward(q, k, v, null);
        Attention.Gradients g = Attention.backward(r, dO);
        Attention.Result plain = Attention.forward(q.dup('c'), k.dup('c'), v, null);
        Attention.Gradients gp = Attention.backward(plain, dO.dup('c'));
        assertArrayEquals(
                plain.output().dup('c').data().asDouble(),
                r.output().dup('c').data().asDouble(),
                1e-14);
        assertArrayEquals(
                gp.dQ().dup('c').data().asDouble(), g.dQ().dup('c').data().asDouble(), 1e-14);
        assertArrayEquals(
                gp.dK().dup('c').data().asDouble(), g.dK().dup('c').data().asDouble(), 1e-14);
    }

    @Test
    void closingFreesWhatForwardAndBackwardMade() {
        Case c = newCase("", new int[] {3, 4, 5, 2, 3}, null, 1.0);
        OffHeap.collect();
        long before = OffHeap.unclosedBytes();
        Attention.Result r = Attention.forward(c.q, c.k, c.v, null);
        assertEquals(8L * (2 * 3 * 4 * 5 + 3 * 4 * 3), OffHeap.unclosedBytes() - before, "S, P [b, n, m], O");
        Attention.Gradients g = Attention.backward(r, c.g);
        r.close();
        g.close();
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(r.weights().wasClosed()
                && r.output().wasClosed()
                && g.dQ().wasClosed()
                && g.dScores().wasClosed());
    }

    /** 300 sequences of 1000 × 1000 scores: 8 MB for one, 4.5 GB for the batch, refused before anything is made. */
    @Test
    void theTooBigCheckCountsEverySequence() {
        INDArray q = Nd4j.ones(300, 1000, 1), v = Nd4j.ones(300, 1000, 1);
        assertRejects(
                () -> Attention.forward(q, q, v, null),
                "Attention.forward for 300 sequences of 1000 queries and 1000 keys",
                "would need 4.5 GB");
        assertRejects(
                () -> AutoDiff.attention(q, q, v, null, 1.0, v),
                "AutoDiff.attention for 300 sequences of 1000 queries and 1000 keys",
                "fewer queries or keys");
        try (Attention.Result r = Attention.forward(q.slice(0), q.slice(0), v.slice(0), null)) {
            assertEquals(1000, r.output().rows(), "one sequence is small enough");
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray q = NaiveBatch.random(rnd, 2, 3, 4), k = NaiveBatch.random(rnd, 2, 5, 4);
        INDArray v = NaiveBatch.random(rnd, 2, 5, 6);
        assertRejects(
                () -> Attention.forward(q, k.slice(0), v, null),
                "q, k and v must be all matrices or all batches",
                "[2, 3, 4]",
                "[5, 4]",
                "[2, 5, 6]");
        assertRejects(
                () -> Attention.forward(q, NaiveBatch.random(rnd, 3, 5, 4), v, null),
                "k holds a batch of 3 sequences but q holds 2",
                "[2, 3, 4]",
                "[3, 5, 4]");
        assertRejects(
                () -> Attention.forward(q, k, NaiveBatch.random(rnd, 1, 5, 6), null),
                "v holds a batch of 1 sequences but q holds 2");
        assertRejects(
                () -> Attention.forward(q, NaiveBatch.random(rnd, 2, 5, 3), v, null),
                "keys have 3 columns but queries have 4");
        assertRejects(() -> Attention.forward(q, k, NaiveBatch.random(rnd, 2, 4, 6), null), "v has 4 rows but k has 5");
        assertRejects(() -> Attention.forward(q, k, v, Nd4j.ones(5, 3)), "mask", "[3, 5]", "[5, 3]", "3 queries");
        assertRejects(
                () -> Attention.forward(q, k, v, Nd4j.ones(2, 3, 5)),
                "mask must be one matrix [3, 5] that every sequence of the batch shares",
                "[2, 3, 5]");
        assertRejects(() -> Attention.forward(Nd4j.ones(1, 2, 3, 4), k, v, null), "q", "a batch", "[1, 2, 3, 4]");
        INDArray nan = q.dup();
        nan.putScalar(new long[] {1, 2, 3}, Double.NaN);
        assertRejects(() -> Attention.forward(nan, k, v, null), "q contains NaN at [1, 2, 3]");
        Attention.Result r = Attention.forward(q, k, v, null);
        assertRejects(
                () -> Attention.backward(r, NaiveBatch.random(rnd, 2, 3, 5)), "dOutput", "[2, 3, 6]", "[2, 3, 5]");
        assertRejects(() -> Attention.backward(r, Naive.random(rnd, 3, 6)), "dOutput", "[2, 3, 6]", "[3, 6]");
        assertRejects(
                () -> AutoDiff.attention(q, k, v, null, 1.0, NaiveBatch.random(rnd, 1, 3, 6)),
                "dOutput",
                "[2, 3, 6]",
                "[1, 3, 6]");
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double err = GradCheck.maxRelativeError(expected, actual);
        assertTrue(err <= tol, () -> what + ": relative error " + err + " > " + tol);
    }
}
