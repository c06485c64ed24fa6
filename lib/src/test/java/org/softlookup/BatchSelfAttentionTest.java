package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.BatchAttentionTest.assertClose;
import static org.softlookup.Errors.assertRejects;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.OffHeap;

/** Self-attention over a batch x [b, n, d_model]: shared weights, each sequence attending only within itself. */
class BatchSelfAttentionTest {

    private final Random rnd = new Random(37);

    private record Case(String name, INDArray x, INDArray wq, INDArray wk, INDArray wv, INDArray mask, INDArray g) {
        double loss(INDArray x, INDArray wq, INDArray wk, INDArray wv) {
            return Naive.sumOfProducts(
                    SelfAttention.forward(x, wq, wk, wv, mask).output(), g);
        }
    }

    /** {b, n, d_model, d_k, d_v}: corner cases and random shapes, b = 1 and larger, unmasked, causal, random mask. */
    private List<Case> cases() {
        List<int[]> shapes = new ArrayList<>(
                List.of(new int[] {1, 1, 1, 1, 1}, new int[] {2, 1, 1, 1, 1}, new int[] {1, 4, 3, 2, 2}, new int[] {
                    3, 5, 4, 3, 2
                }));
        for (int i = 0; i < 8; i++) {
            shapes.add(new int[] {
                1 + rnd.nextInt(4), 1 + rnd.nextInt(5), 1 + rnd.nextInt(5), 1 + rnd.nextInt(4), 1 + rnd.nextInt(4)
            });
        }
        List<Case> cases = new ArrayList<>();
        for (int[] s : shapes) {
            String shape = "b" + s[0] + " n" + s[1] + " d_model" + s[2] + " d_k" + s[3] + " d_v" + s[4];
            cases.add(newCase(shape, s, null));
            cases.add(newCase("causal " + shape, s, Attention.causalMask(s[1])));
            cases.add(newCase("random mask " + shape, s, Naive.randomMask(rnd, s[1], s[1])));
        }
        return cases;
    }

    private Case newCase(String name, int[] s, INDArray mask) {
        int b = s[0], n = s[1], d = s[2], dk = s[3], dv = s[4];
        return new Case(
                name,
                NaiveBatch.random(rnd, b, n, d),
                Naive.randomWeights(rnd, d, dk),
                Naive.randomWeights(rnd, d, dk),
                Naive.randomWeights(rnd, d, dv),
                mask,
                NaiveBatch.random(rnd, b, n, dv));
    }

    @Test
    void eachSequenceEqualsTheNaiveLoopsAndTheRankTwoCall() {
        for (Case c : cases()) {
            SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
            SelfAttention.Gradients g = SelfAttention.backward(r, c.g);
            assertArrayEquals(
                    new long[] {c.x.size(0), c.x.size(1), c.wv.columns()},
                    r.output().shape(),
                    c.name);
            assertArrayEquals(c.x.shape(), g.dX().shape(), c.name + " dX");
            for (int s = 0; s < c.x.size(0); s++) {
                double[][] expected = Naive.selfAttention(
                        NaiveBatch.sequence(c.x, s),
                        c.wq.toDoubleMatrix(),
                        c.wk.toDoubleMatrix(),
                        c.wv.toDoubleMatrix(),
                        c.mask == null ? null : c.mask.toDoubleMatrix());
                String what = c.name + " sequence " + s;
                LinearTest.assertRowsEqual(expected, r.output().slice(s), 1e-12, what);
                SelfAttention.Result one = SelfAttention.forward(NaiveBatch.matrix(c.x, s), c.wq, c.wk, c.wv, c.mask);
                SelfAttention.Gradients g1 = SelfAttention.backward(one, NaiveBatch.matrix(c.g, s));
                assertClose(one.output(), r.output().slice(s), 1e-14, what + " output");
                assertClose(g1.dX(), g.dX().slice(s), 1e-13, what + " dX");
            }
        }
    }

    /** The weights are shared, so their gradient is the sum of each sequence's gradient. */
    @Test
    void theWeightsGradientsAreTheSumsOverTheSequences() {
        for (Case c : cases()) {
            SelfAttention.Gradients g =
                    SelfAttention.backward(SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask), c.g);
            INDArray dWq = c.wq.ulike(), dWk = c.wk.ulike(), dWv = c.wv.ulike();
            for (int s = 0; s < c.x.size(0); s++) {
                SelfAttention.Gradients g1 = SelfAttention.backward(
                        SelfAttention.forward(NaiveBatch.matrix(c.x, s), c.wq, c.wk, c.wv, c.mask),
                        NaiveBatch.matrix(c.g, s));
                dWq.addi(g1.dWq());
                dWk.addi(g1.dWk());
                dWv.addi(g1.dWv());
            }
            assertClose(dWq, g.dWq(), 1e-12, c.name + " dWq");
            assertClose(dWk, g.dWk(), 1e-12, c.name + " dWk");
            assertClose(dWv, g.dWv(), 1e-12, c.name + " dWv");
        }
    }

    @Test
    void everyGradientMatchesFiniteDifferencesAndSameDiff() {
        double eps = 1e-6, tol = 1e-7;
        for (Case c : cases()) {
            SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
            SelfAttention.Gradients g = SelfAttention.backward(r, c.g);
            SelfAttention.WeightGradients w = SelfAttention.weightGradients(r, c.g);
            INDArray[] numeric = {
                GradCheck.numeric(a -> c.loss(a, c.wq, c.wk, c.wv), c.x, eps),
                GradCheck.numeric(a -> c.loss(c.x, a, c.wk, c.wv), c.wq, eps),
                GradCheck.numeric(a -> c.loss(c.x, c.wq, a, c.wv), c.wk, eps),
                GradCheck.numeric(a -> c.loss(c.x, c.wq, c.wk, a), c.wv, eps)
            };
            // one scale for the whole gradient, as in SelfAttentionTest: a piece that is ~0 has no scale of its own
            double scale = 0;
            for (INDArray a : numeric) {
                scale = Math.max(scale, a.amaxNumber().doubleValue());
            }
            INDArray[] hand = {g.dX(), g.dWq(), g.dWk(), g.dWv(), w.dWq(), w.dWk(), w.dWv()};
            String[] names = {
                "dX", "dWq", "dWk", "dWv", "weightGradients dWq", "weightGradients dWk", "weightGradients dWv"
            };
            for (int i = 0; i < hand.length; i++) {
                INDArray fd = numeric[i < 4 ? i : i - 3];
                assertArrayEquals(fd.shape(), hand[i].shape(), c.name + " " + names[i]);
                double err = hand[i].sub(fd).amaxNumber().doubleValue() / scale;
                String what = c.name + " " + names[i];
                assertTrue(err <= tol, () -> what + ": error " + err + " of the largest gradient entry > " + tol);
            }
            SelfAttention.Gradients auto = AutoDiff.selfAttention(c.x, c.wq, c.wk, c.wv, c.mask, c.g);
            assertClose(auto.dX(), g.dX(), 1e-9, c.name + " SameDiff dX");
            assertClose(auto.dWq(), g.dWq(), 1e-9, c.name + " SameDiff dWq");
            assertClose(auto.dWk(), g.dWk(), 1e-9, c.name + " SameDiff dWk");
            assertClose(auto.dWv(), g.dWv(), 1e-9, c.name + " SameDiff dWv");
        }
    }

    @Test
    void closingFreesWhatForwardAndBackwardMade() {
        Case c = newCase("", new int[] {3, 4, 5, 2, 3}, Attention.causalMask(4));
        OffHeap.collect();
        long before = OffHeap.unclosedBytes();
        SelfAttention.Result r = SelfAttention.forward(c.x, c.wq, c.wk, c.wv, c.mask);
        // Q, K [b, n, d_k], V [b, n, d_v]; S, P [b, n, n]; O [b, n, d_v]
        assertEquals(8L * 3 * (2 * 4 * 2 + 4 * 3 + 2 * 4 * 4 + 4 * 3), OffHeap.unclosedBytes() - before);
        SelfAttention.Gradients g = SelfAttention.backward(r, c.g);
        SelfAttention.WeightGradients w = SelfAttention.weightGradients(r, c.g);
        r.close();
        g.close();
        w.close();
        assertEquals(before, OffHeap.unclosedBytes());
        assertTrue(r.q().wasClosed()
                && r.output().wasClosed()
                && g.dX().wasClosed()
                && w.dWv().wasClosed());
    }

    @Test
    void tooBigCountsEverySequence() {
        INDArray x = Nd4j.ones(300, 1000, 1), w = Nd4j.ones(1, 1);
        assertRejects(
                () -> SelfAttention.forward(x, w, w, w, null),
                "Attention.forward for 300 sequences of 1000 queries and 1000 keys",
                "would need 4.5 GB");
        assertRejects(
                () -> AutoDiff.selfAttention(x, w, w, w, null, x),
                "AutoDiff.selfAttention for 300 sequences of 1000 positions",
                "fewer positions");
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray x = NaiveBatch.random(rnd, 2, 3, 4), wq = Naive.random(rnd, 4, 2), wv = Naive.random(rnd, 4, 5);
        assertRejects(
                () -> SelfAttention.forward(x, Naive.random(rnd, 3, 2), wq, wv, null),
                "wq has 3 rows but x has 4 columns",
                "[2, 3, 4]");
        assertRejects(() -> SelfAttention.forward(x, wq, wq, wv, Attention.causalMask(4)), "mask", "[3, 3]", "[4, 4]");
        assertRejects(
                () -> SelfAttention.forward(x, wq, wq, wv, Nd4j.ones(2, 3, 3)),
                "mask must be one matrix [3, 3] that every sequence of the batch shares");
        assertRejects(
                () -> SelfAttention.forward(x, NaiveBatch.random(rnd, 2, 4, 2), wq, wv, null),
                "wq",
                "matrix",
                "[2, 4, 2]");
        SelfAttention.Result r = SelfAttention.forward(x, wq, wq, wv, null);
        assertRejects(() -> SelfAttention.backward(r, Naive.random(rnd, 3, 5)), "dOutput", "[2, 3, 5]", "[3, 5]");
        assertRejects(
                () -> SelfAttention.weightGradients(r, NaiveBatch.random(rnd, 2, 3, 4)),
                "dOutput",
                "[2, 3, 5]",
                "[2, 3, 4]");
        assertRejects(
                () -> AutoDiff.selfAttention(x, wq, wq, wv, null, NaiveBatch.random(rnd, 3, 3, 5)),
                "dOutput",
                "[2, 3, 5]",
                "[3, 3, 5]");
    }
}
