package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.Errors.assertRejects;
import static org.softlookup.LinearTest.assertClose;
import static org.softlookup.LinearTest.assertRowsEqual;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;

class SelfAttentionTest {

    private final Random rnd = new Random(23);

    /** One random problem and the upstream gradient G = ∂L/∂O of L = Σ O ⊙ G. */
    private record Case(String name, INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray g) {
        double loss(INDArray x, INDArray wq, INDArray wk, INDArray wv) {
            return Naive.sumOfProducts(
                    SelfAttention.forward(x, wq, wk, wv, mask).output(), g);
        }
    }

    /** Fixed corner cases (one position, widths of 1, d_k ≠ d_v) and many random shapes, each unmasked and masked. */
    private List<Case> cases() {
        List<int[]> shapes = new ArrayList<>(List.of(
                new int[] {1, 1, 1, 1},
                new int[] {1, 3, 2, 4},
                new int[] {2, 1, 1, 1},
                new int[] {3, 2, 1, 3},
                new int[] {5, 4, 3, 2},
                new int[] {4, 3, 5, 1}));
        for (int i = 0; i < 14; i++) {
            shapes.add(new int[] {1 + rnd.nextInt(8), 1 + rnd.nextInt(6), 1 + rnd.nextInt(5), 1 + rnd.nextInt(5)});
        }
        List<Case> cases = new ArrayList<>();
        for (int[] s : shapes) {
            int n = s[0];
            String shape = "n" + n + " d_model" + s[1] + " d_k" + s[2] + " d_v" + s[3];
            cases.add(newCase(shape, s, null));
            cases.add(newCase("causal " + shape, s, Attention.causalMask(n)));
            cases.add(newCase("random mask " + shape, s, Naive.randomMask(rnd, n, n)));
        }
        return cases;
    }

    private Case newCase(String name, int[] s, INDArray mask) {
        int n = s[0], d = s[1], dk = s[2], dv = s[3];
        return new Case(
                name,
                Naive.random(rnd, n, d),
                Naive.randomWeights(rnd, d, dk),
                Naive.randomWeights(rnd, d, dk),
                Naive.randomWeights(rnd, d, dv),
                mask,
                Naive.random(rnd, n, dv));
    }

    @Test
    void forwardEqualsTheNaiveLoops() {
        for (Case c : cases()) {
            SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
            double[][] x = c.x.toDoubleMatrix();
            double[][] expected = Naive.selfAttention(
                    x,
                    c.wq.toDoubleMatrix(),
                    c.wk.toDoubleMatrix(),
                    c.wv.toDoubleMatrix(),
                    c.mask == null ? null : c.mask.toDoubleMatrix());
            assertRowsEqual(expected, r.output(), 1e-12, c.name + " output");
            assertRowsEqual(Naive.matmul(x, c.wq.toDoubleMatrix()), r.q(), 1e-12, c.name + " Q");
            assertRowsEqual(Naive.matmul(x, c.wk.toDoubleMatrix()), r.k(), 1e-12, c.name + " K");
            assertRowsEqual(Naive.matmul(x, c.wv.toDoubleMatrix()), r.v(), 1e-12, c.name + " V");
        }
    }

    @Test
    void resultKeepsInputsAndTheAttentionStepWithScaleOneOverRootDk() {
        Case c = newCase("", new int[] {4, 3, 9, 2}, Attention.causalMask(4));
        SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
        assertTrue(r.x() == c.x && r.wq() == c.wq && r.wk() == c.wk && r.wv() == c.wv && r.mask() == c.mask);
        assertEquals(1 / 3.0, r.attention().scale(), 0);
        assertSame(r.q(), r.attention().q());
        assertSame(r.k(), r.attention().k());
        assertSame(r.v(), r.attention().v());
        assertSame(r.attention().output(), r.output());
        assertEquals(0.0, r.attention().weights().getDouble(0, 1)); // position 0 may not see position 1
        assertEquals(1.0, r.attention().weights().getDouble(0, 0), 0);
    }

    /**
     * The four gradients are the pieces of one gradient ∂L/∂(X, Wq, Wk, Wv), so each piece's error is measured
     * against that whole gradient's largest entry: a piece that is ~0 (softmax saturated) has no scale of its own,
     * and against itself finite differences' rounding (~1e-10 of L) would look like a relative error of 1e-6.
     */
    @Test
    void everyGradientMatchesFiniteDifferences() {
        double eps = 1e-6, tol = 1e-7;
        for (Case c : cases()) {
            SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
            SelfAttention.Gradients g = SelfAttention.backward(r, c.g);
            SelfAttention.WeightGradients w = SelfAttention.weightGradients(r, c.g);
            INDArray[] hand = {g.dX(), g.dWq(), g.dWk(), g.dWv(), w.dWq(), w.dWk(), w.dWv()};
            INDArray[] numeric = {
                GradCheck.numeric(a -> c.loss(a, c.wq, c.wk, c.wv), c.x, eps),
                GradCheck.numeric(a -> c.loss(c.x, a, c.wk, c.wv), c.wq, eps),
                GradCheck.numeric(a -> c.loss(c.x, c.wq, a, c.wv), c.wk, eps),
                GradCheck.numeric(a -> c.loss(c.x, c.wq, c.wk, a), c.wv, eps)
            };
            double scale = 0;
            for (INDArray a : numeric) {
                scale = Math.max(scale, a.amaxNumber().doubleValue());
            }
            String[] names = {
                "dX", "dWq", "dWk", "dWv", "weightGradients dWq", "weightGradients dWk", "weightGradients dWv"
            };
            for (int i = 0; i < hand.length; i++) {
                INDArray fd = numeric[i < 4 ? i : i - 3];
                assertArrayEquals(fd.shape(), hand[i].shape(), c.name + " " + names[i] + " shape");
                double err = hand[i].sub(fd).amaxNumber().doubleValue() / scale;
                String what = c.name + " " + names[i];
                assertTrue(err <= tol, () -> what + ": error " + err + " of the largest gradient entry > " + tol);
            }
        }
    }

    @Test
    void everyGradientMatchesSameDiffAutodiff() {
        for (Case c : cases()) {
            SelfAttention.Gradients hand =
                    SelfAttention.backward(SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask), c.g);
            SelfAttention.Gradients auto = AutoDiff.selfAttention(c.x, c.wq, c.wk, c.wv, c.mask, c.g);
            assertClose(auto.dX(), hand.dX(), 1e-9, c.name + " dX");
            assertClose(auto.dWq(), hand.dWq(), 1e-9, c.name + " dWq");
            assertClose(auto.dWk(), hand.dWk(), 1e-9, c.name + " dWk");
            assertClose(auto.dWv(), hand.dWv(), 1e-9, c.name + " dWv");
            SelfAttention.WeightGradients weights =
                    SelfAttention.weightGradients(SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask), c.g);
            assertClose(auto.dWq(), weights.dWq(), 1e-9, c.name + " weightGradients dWq");
            assertClose(auto.dWk(), weights.dWk(), 1e-9, c.name + " weightGradients dWk");
            assertClose(auto.dWv(), weights.dWv(), 1e-9, c.name + " weightGradients dWv");
        }
    }

    /** The same products in the same order as backward's: not close, equal, entry for entry. */
    @Test
    void weightGradientsAreBackwardsWeightGradientsExactly() {
        for (Case c : cases()) {
            SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
            SelfAttention.Gradients all = SelfAttention.backward(r, c.g);
            try (SelfAttention.WeightGradients w = SelfAttention.weightGradients(r, c.g)) {
                assertArrayEquals(Entries.read(all.dWq()), Entries.read(w.dWq()), c.name + " dWq");
                assertArrayEquals(Entries.read(all.dWk()), Entries.read(w.dWk()), c.name + " dWk");
                assertArrayEquals(Entries.read(all.dWv()), Entries.read(w.dWv()), c.name + " dWv");
            }
        }
    }

    /** With one position there is one key: its weight is 1 whatever Wq and Wk are, so they get no gradient. */
    @Test
    void withOnePositionTheQueryAndKeyWeightsGetExactlyZeroGradient() {
        Case c = newCase("", new int[] {1, 3, 2, 4}, null);
        SelfAttention.Gradients g = SelfAttention.backward(SelfAttention.forward(c.x, c.wq, c.wk, c.wv, null), c.g);
        assertEquals(0.0, g.dWq().norm2Number().doubleValue(), 0);
        assertEquals(0.0, g.dWk().norm2Number().doubleValue(), 0);
        assertNotEquals(0.0, g.dWv().norm2Number().doubleValue());
    }

    @Test
    void causalSelfAttentionIgnoresLaterPositions() {
        Case c = newCase("", new int[] {5, 3, 2, 2}, Attention.causalMask(5));
        INDArray out = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask).output();
        INDArray x2 = c.x.dup();
        x2.putRow(4, Nd4j.create(new double[] {100, -100, 7}));
        INDArray out2 = SelfAttention.forward(x2, c.wq, c.wk, c.wv, c.mask).output();
        assertEquals(
                out.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()),
                out2.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()));
        assertNotEquals(out.getRow(4), out2.getRow(4));
        // and a loss on the earlier outputs alone sends no gradient to the last position's input:
        INDArray onlyEarly = c.g.dup();
        onlyEarly.putRow(4, Nd4j.zeros(2));
        INDArray dX = SelfAttention.backward(SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask), onlyEarly)
                .dX();
        assertArrayEquals(new double[] {0, 0, 0}, dX.getRow(4).toDoubleVector(), 0);
    }

    @Test
    void closingFreesWhatForwardAndBackwardMadeButNotTheInputs() {
        Case c = newCase("", new int[] {4, 3, 2, 5}, null);
        int n = 4, d = 3, dk = 2, dv = 5;
        System.gc(); // so that no earlier garbage leaves the count during the test
        long before = OffHeap.unclosedBytes();
        SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, null);
        // Q, K [n, d_k], V [n, d_v]; scores and weights [n, n], output [n, d_v]
        assertEquals(8L * (2 * n * dk + n * dv + 2 * n * n + n * dv), OffHeap.unclosedBytes() - before);
        SelfAttention.Gradients g = SelfAttention.backward(r, c.g);
        // only the four gradients stay open: backward closes the attention step's own gradients itself
        assertEquals(
                8L * (2 * n * dk + 2 * n * dv + 2 * n * n + n * d + 2 * d * dk + d * dv),
                OffHeap.unclosedBytes() - before);
        long withGradients = OffHeap.unclosedBytes();
        SelfAttention.WeightGradients w = SelfAttention.weightGradients(r, c.g);
        assertEquals(
                8L * (2 * d * dk + d * dv), OffHeap.unclosedBytes() - withGradients, "only the three dW stay open");
        w.close();
        assertEquals(withGradients, OffHeap.unclosedBytes());
        assertTrue(w.dWq().wasClosed() && w.dWk().wasClosed() && w.dWv().wasClosed());
        r.close();
        g.close();
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(r.q().wasClosed()
                && r.k().wasClosed()
                && r.v().wasClosed()
                && r.output().wasClosed()
                && r.attention().weights().wasClosed());
        assertTrue(g.dX().wasClosed()
                && g.dWq().wasClosed()
                && g.dWk().wasClosed()
                && g.dWv().wasClosed());
        assertTrue(!c.x.wasClosed() && !c.wq.wasClosed() && !c.wk.wasClosed() && !c.wv.wasClosed());
    }

    @Test
    void inputsAreNotModified() {
        Case c = newCase("", new int[] {4, 3, 2, 5}, Naive.randomMask(rnd, 4, 4));
        INDArray[] before = {c.x.dup(), c.wq.dup(), c.wk.dup(), c.wv.dup(), c.mask.dup(), c.g.dup()};
        SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
        INDArray[] resultBefore = {
            r.q().dup(),
            r.k().dup(),
            r.v().dup(),
            r.attention().weights().dup(),
            r.output().dup()
        };
        SelfAttention.backward(r, c.g);
        AutoDiff.selfAttention(c.x, c.wq, c.wk, c.wv, c.mask, c.g);
        assertArrayEquals(before, new INDArray[] {c.x, c.wq, c.wk, c.wv, c.mask, c.g});
        assertArrayEquals(
                resultBefore, new INDArray[] {r.q(), r.k(), r.v(), r.attention().weights(), r.output()});
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray x = Naive.random(rnd, 3, 4), wq = Naive.random(rnd, 4, 2), wk = Naive.random(rnd, 4, 2);
        INDArray wv = Naive.random(rnd, 4, 5);
        assertRejects(
                () -> SelfAttention.forward(x, Naive.random(rnd, 5, 2), wk, wv, null),
                "wq has 5 rows but x has 4 columns",
                "Q = X·Wq",
                "one row of wq per column of x",
                "[3, 4]",
                "[5, 2]");
        assertRejects(
                () -> SelfAttention.forward(x, wq, Naive.random(rnd, 3, 2), wv, null),
                "wk has 3 rows but x has 4 columns",
                "K = X·Wk",
                "[3, 2]");
        assertRejects(
                () -> SelfAttention.forward(x, wq, wk, Naive.random(rnd, 2, 5), null),
                "wv has 2 rows but x has 4 columns",
                "V = X·Wv",
                "[2, 5]");
        assertRejects(
                () -> SelfAttention.forward(x, wq, Naive.random(rnd, 4, 3), wv, null),
                "wk has 3 columns but wq has 2",
                "same width d_k",
                "[4, 2]",
                "[4, 3]");
        assertRejects(() -> SelfAttention.forward(null, wq, wk, wv, null), "x", "null");
        assertRejects(() -> SelfAttention.forward(x, null, wk, wv, null), "wq", "null");
        assertRejects(() -> SelfAttention.forward(x, wq, null, wv, null), "wk", "null");
        assertRejects(() -> SelfAttention.forward(x, wq, wk, null, null), "wv", "null");
        assertRejects(
                () -> SelfAttention.forward(x, wq.castTo(DataType.FLOAT), wk, wv, null),
                "wq",
                "FLOAT",
                "castTo(DataType.DOUBLE)");
        assertRejects(
                () -> SelfAttention.forward(Nd4j.create(new double[] {1, 2, 3, 4}, 4), wq, wk, wv, null),
                "x",
                "matrix",
                "[4]");
        INDArray nanX = x.dup();
        nanX.putScalar(2, 3, Double.NaN);
        assertRejects(() -> SelfAttention.forward(nanX, wq, wk, wv, null), "x", "NaN", "[2, 3]");
        INDArray infWv = wv.dup();
        infWv.putScalar(1, 0, Double.POSITIVE_INFINITY);
        assertRejects(() -> SelfAttention.forward(x, wq, wk, infWv, null), "wv", "Infinity", "[1, 0]");
        assertRejects(() -> SelfAttention.forward(x, wq, wk, wv, Nd4j.ones(3, 4)), "mask", "[3, 3]", "[3, 4]");
        assertRejects(() -> SelfAttention.forward(x, wq, wk, wv, Nd4j.ones(3, 3).muli(2)), "mask", "2.0", "only 0");
        assertRejects(
                () -> SelfAttention.forward(x, wq, wk, wv, Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 0}, {1, 1, 1}
                })),
                "mask row 1",
                "hides every key");
        SelfAttention.Result r = SelfAttention.forward(x, wq, wk, wv, null);
        assertRejects(() -> SelfAttention.backward(r, Naive.random(rnd, 3, 4)), "dOutput", "[3, 5]", "[3, 4]");
        assertRejects(
                () -> SelfAttention.backward(null, Naive.random(rnd, 3, 5)), "r", "null", "SelfAttention.forward");
        assertRejects(() -> SelfAttention.weightGradients(r, Naive.random(rnd, 3, 4)), "dOutput", "[3, 5]", "[3, 4]");
        assertRejects(
                () -> SelfAttention.weightGradients(null, Naive.random(rnd, 3, 5)),
                "r",
                "null",
                "SelfAttention.forward");
        assertRejects(
                () -> AutoDiff.selfAttention(x, wq, wk, wv, null, Naive.random(rnd, 5, 3)),
                "dOutput",
                "[3, 5]",
                "[5, 3]");
        assertRejects(
                () -> AutoDiff.selfAttention(x, Naive.random(rnd, 5, 2), wk, wv, null, Naive.random(rnd, 3, 5)),
                "wq has 5 rows but x has 4 columns");
    }

    /** 20,000 positions need about 17.9 GB in SameDiff's graph: refused before anything is allocated, not fatal. */
    @Test
    void tooBigIsRefusedBeforeAllocating() {
        INDArray x = Naive.random(rnd, 20_000, 4), w = Naive.random(rnd, 4, 2);
        assertRejects(
                () -> AutoDiff.selfAttention(x, w, w, w, null, Naive.random(rnd, 20_000, 2)),
                "AutoDiff.selfAttention for 20000 positions",
                "would need 17.9 GB",
                "fewer positions");
        assertRejects(
                () -> SelfAttention.forward(x, w, w, w, null),
                "Attention.forward for 20000 queries and 20000 keys",
                "would need 6.0 GB");
    }
}
