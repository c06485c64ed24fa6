package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softlookup.BatchAttentionTest.assertClose;
import static org.softlookup.Errors.assertRejects;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;

class AttentionLayerTest {

    private final Random rnd = new Random(41);

    /** One random layer and the upstream gradient G = ∂L/∂output of L = Σ output ⊙ G. */
    private record Case(String name, INDArray x, List<AttentionLayer.Head> heads, INDArray mask, INDArray g) {
        double loss(INDArray x, List<AttentionLayer.Head> heads) {
            return Naive.sumOfProducts(AttentionLayer.forward(x, heads, mask).output(), g);
        }
    }

    /** x rank 2 and rank 3 (b = 1 and larger), one to three heads of their own widths, each unmasked and masked. */
    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int b = t % 4 == 0 ? 0 : 1 + rnd.nextInt(3); // 0: x is a matrix
            int n = 1 + rnd.nextInt(5), d = 1 + rnd.nextInt(5), heads = 1 + t % 3;
            String shape = (b == 0 ? "" : "b" + b + " ") + "n" + n + " d_model" + d + " heads" + heads;
            for (INDArray mask : new INDArray[] {null, Attention.causalMask(n), Naive.randomMask(rnd, n, n)}) {
                cases.add(
                        newCase((mask == null ? "" : "masked ") + shape, b, n, d, randomHeads(d, heads, false), mask));
            }
        }
        return cases;
    }

    private Case newCase(String name, int b, int n, int d, List<AttentionLayer.Head> heads, INDArray mask) {
        INDArray x = b == 0 ? Naive.random(rnd, n, d) : NaiveBatch.random(rnd, b, n, d);
        INDArray g = b == 0 ? Naive.random(rnd, n, d) : NaiveBatch.random(rnd, b, n, d);
        return new Case(name, x, heads, mask, g);
    }

    /** Heads with d_k and d_v from 1 to 3, each its own unless {@code sameWidths}. */
    private List<AttentionLayer.Head> randomHeads(int d, int count, boolean sameWidths) {
        List<AttentionLayer.Head> heads = new ArrayList<>();
        int dk0 = 1 + rnd.nextInt(3), dv0 = 1 + rnd.nextInt(3);
        for (int h = 0; h < count; h++) {
            int dk = sameWidths ? dk0 : 1 + rnd.nextInt(3), dv = sameWidths ? dv0 : 1 + rnd.nextInt(3);
            heads.add(new AttentionLayer.Head(
                    Naive.randomWeights(rnd, d, dk),
                    Naive.randomWeights(rnd, d, dk),
                    Naive.randomWeights(rnd, d, dv),
                    Naive.randomWeights(rnd, dv, d)));
        }
        return heads;
    }

    @Test
    void outputIsXPlusEachHeadTimesItsWoByLoops() {
        for (Case c : cases()) {
            try (AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask)) {
                assertArrayEquals(c.x.shape(), r.output().shape(), c.name);
                double[][] mask = c.mask == null ? null : c.mask.toDoubleMatrix();
                if (c.x.rank() == 2) {
                    LinearTest.assertRowsEqual(
                            NaiveBatch.attentionLayer(c.x.toDoubleMatrix(), c.heads, mask), r.output(), 1e-12, c.name);
                    continue;
                }
                for (int s = 0; s < c.x.size(0); s++) {
                    double[][] expected = NaiveBatch.attentionLayer(NaiveBatch.sequence(c.x, s), c.heads, mask);
                    LinearTest.assertRowsEqual(expected, r.output().slice(s), 1e-12, c.name + " sequence " + s);
                }
            }
        }
    }

    @Test
    void resultKeepsTheInputsAndEachHeadsSelfAttention() {
        Case c = newCase("", 2, 4, 3, randomHeads(3, 2, false), Attention.causalMask(4));
        AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask);
        assertSame(c.x, r.x());
        assertEquals(c.heads, r.heads());
        assertEquals(2, r.headResults().size());
        for (int h = 0; h < 2; h++) {
            SelfAttention.Result hr = r.headResults().get(h);
            assertSame(c.heads.get(h).wq(), hr.wq());
            assertSame(c.mask, hr.mask());
            assertClose(
                    SelfAttention.forward(
                                    c.x,
                                    c.heads.get(h).wq(),
                                    c.heads.get(h).wk(),
                                    c.heads.get(h).wv(),
                                    c.mask)
                            .output(),
                    hr.output(),
                    0,
                    "head " + h);
        }
    }

    /**
     * Several heads in one layer: concatenating their outputs [n, H·d_v] and multiplying by one W_o [H·d_v, d_model]
     * (the heads' W_o stacked) is the same as summing each head's output times its own block of W_o.
     */
    @Test
    void concatenatedHeadsTimesOneWoEqualTheSumOverHeads() {
        for (int heads : new int[] {2, 3, 4}) {
            Case c = newCase("", 3, 5, 6, randomHeads(6, heads, true), Attention.causalMask(5));
            AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask);
            INDArray[] outputs = new INDArray[heads], wos = new INDArray[heads];
            for (int h = 0; h < heads; h++) {
                outputs[h] = r.headResults().get(h).output();
                wos[h] = c.heads.get(h).wo();
            }
            INDArray concatenated = Nd4j.concat(2, outputs); // [b, n, H·d_v]
            INDArray wo = Nd4j.vstack(wos); // [H·d_v, d_model]
            INDArray viaOneWo =
                    concatenated.reshape(15, concatenated.size(2)).mmul(wo).reshape(3, 5, 6);
            assertClose(r.output().sub(c.x), viaOneWo, 1e-13, heads + " heads");
        }
    }

    /** With every W_o = 0 the heads write nothing: the output is x and dX is dOut, exactly (the residual alone). */
    @Test
    void theResidualPassesXForwardAndDOutBackUnchanged() {
        Case c = newCase("", 2, 4, 3, randomHeads(3, 2, false), null);
        List<AttentionLayer.Head> silent = c.heads.stream()
                .map(h -> new AttentionLayer.Head(h.wq(), h.wk(), h.wv(), h.wo().mul(0)))
                .toList();
        AttentionLayer.Result r = AttentionLayer.forward(c.x, silent, null);
        assertArrayEquals(Entries.read(c.x.dup()), Entries.read(r.output()));
        AttentionLayer.Gradients g = AttentionLayer.backward(r, c.g);
        assertArrayEquals(Entries.read(c.g), Entries.read(g.dX()));
        assertEquals(0.0, g.heads().get(0).dWq().amaxNumber().doubleValue(), 0, "nothing reaches the heads' Wq");
        assertTrue(g.heads().get(0).dWo().amaxNumber().doubleValue() > 0, "but W_o itself learns");
    }

    @Test
    void everyGradientMatchesFiniteDifferences() {
        double eps = 1e-6, tol = 1e-7;
        for (Case c : cases()) {
            AttentionLayer.Gradients g = AttentionLayer.backward(AttentionLayer.forward(c.x, c.heads, c.mask), c.g);
            List<INDArray> hand = new ArrayList<>(List.of(g.dX()));
            List<INDArray> numeric = new ArrayList<>(List.of(GradCheck.numeric(a -> c.loss(a, c.heads), c.x, eps)));
            for (int h = 0; h < c.heads.size(); h++) {
                hand.addAll(g.heads().get(h).list());
                for (int w = 0; w < 4; w++) {
                    int head = h, which = w;
                    numeric.add(GradCheck.numeric(
                            a -> c.loss(c.x, replace(c.heads, head, which, a)),
                            c.heads.get(h).params().get(w),
                            eps));
                }
            }
            // one scale for the whole gradient: a piece that is ~0 has no scale of its own (see SelfAttentionTest)
            double scale = numeric.stream()
                    .mapToDouble(a -> a.amaxNumber().doubleValue())
                    .max()
                    .orElseThrow();
            for (int i = 0; i < hand.size(); i++) {
                assertArrayEquals(numeric.get(i).shape(), hand.get(i).shape(), c.name + " gradient " + i);
                double err = hand.get(i).sub(numeric.get(i)).amaxNumber().doubleValue() / scale;
                String what = c.name + (i == 0 ? " dX" : " head " + (i - 1) / 4 + " gradient " + (i - 1) % 4);
                assertTrue(err <= tol, () -> what + ": error " + err + " of the largest gradient entry > " + tol);
            }
        }
    }

    @Test
    void everyGradientMatchesSameDiffAutodiff() {
        for (Case c : cases()) {
            AttentionLayer.Gradients hand = AttentionLayer.backward(AttentionLayer.forward(c.x, c.heads, c.mask), c.g);
            AttentionLayer.Gradients auto = AutoDiff.attentionLayer(c.x, c.heads, c.mask, c.g);
            assertClose(auto.dX(), hand.dX(), 1e-9, c.name + " dX");
            assertEquals(c.heads.size(), auto.heads().size());
            for (int h = 0; h < c.heads.size(); h++) {
                String[] names = {"dWq", "dWk", "dWv", "dWo"};
                for (int w = 0; w < 4; w++) {
                    assertClose(
                            auto.heads().get(h).list().get(w),
                            hand.heads().get(h).list().get(w),
                            1e-9,
                            c.name + " head " + h + " " + names[w]);
                }
            }
        }
    }

    /** The same products in the same order as backward's: equal entry for entry, and no dX. */
    @Test
    void weightGradientsAreBackwardsWithoutDX() {
        for (Case c : cases()) {
            AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask);
            AttentionLayer.Gradients all = AttentionLayer.backward(r, c.g);
            try (AttentionLayer.Gradients w = AttentionLayer.weightGradients(r, c.g)) {
                assertNull(w.dX());
                for (int i = 0; i < all.list().size(); i++) {
                    assertArrayEquals(
                            Entries.read(all.list().get(i)),
                            Entries.read(w.list().get(i)),
                            c.name);
                }
            }
        }
    }

    /** An optimizer pairs parameters and gradients by position: the two lists must line up, shape by shape. */
    @Test
    void paramsAndGradientListsLineUp() {
        Case c = newCase("", 2, 3, 4, randomHeads(4, 3, false), null);
        List<INDArray> params = AttentionLayer.params(c.heads);
        assertEquals(12, params.size());
        AttentionLayer.Head second = c.heads.get(1);
        assertEquals(List.of(second.wq(), second.wk(), second.wv(), second.wo()), second.params());
        assertSame(second.wo(), params.get(7));
        AttentionLayer.Gradients g = AttentionLayer.backward(AttentionLayer.forward(c.x, c.heads, null), c.g);
        List<INDArray> grads = g.list();
        assertEquals(12, grads.size());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(params.get(i).shape(), grads.get(i).shape(), "position " + i);
        }
        assertSame(g.heads().get(1).dWo(), grads.get(7));
        assertEquals(
                List.of(
                        g.heads().get(2).dWq(),
                        g.heads().get(2).dWk(),
                        g.heads().get(2).dWv(),
                        g.heads().get(2).dWo()),
                g.heads().get(2).list());
    }

    @Test
    void closingFreesEverythingForwardAndBackwardMade() {
        Case c = newCase("", 2, 4, 3, randomHeads(3, 2, false), Attention.causalMask(4));
        OffHeap.collect();
        long before = OffHeap.unclosedBytes();
        AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask);
        AttentionLayer.Gradients g = AttentionLayer.backward(r, c.g);
        AttentionLayer.Gradients w = AttentionLayer.weightGradients(r, c.g);
        assertTrue(OffHeap.unclosedBytes() > before);
        r.close();
        g.close();
        w.close();
        assertEquals(before, OffHeap.unclosedBytes(), "nothing left open, no temporary counted");
        assertTrue(r.output().wasClosed()
                && r.headResults().get(1).attention().weights().wasClosed());
        assertTrue(g.dX().wasClosed() && g.heads().get(1).dWo().wasClosed());
        assertTrue(!c.x.wasClosed() && !c.heads.get(0).wo().wasClosed());
    }

    @Test
    void inputsAreNotModified() {
        Case c = newCase("", 2, 4, 3, randomHeads(3, 2, false), Attention.causalMask(4));
        double[] x = Entries.read(c.x), wo = Entries.read(c.heads.get(1).wo()), g = Entries.read(c.g);
        AttentionLayer.Result r = AttentionLayer.forward(c.x, c.heads, c.mask);
        AttentionLayer.backward(r, c.g);
        AutoDiff.attentionLayer(c.x, c.heads, c.mask, c.g);
        assertArrayEquals(x, Entries.read(c.x));
        assertArrayEquals(wo, Entries.read(c.heads.get(1).wo()));
        assertArrayEquals(g, Entries.read(c.g));
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        INDArray x = NaiveBatch.random(rnd, 2, 3, 4);
        List<AttentionLayer.Head> heads = randomHeads(4, 2, false);
        AttentionLayer.Head h0 = heads.get(0), h1 = heads.get(1);
        int dv1 = (int) h1.wv().columns();
        assertRejects(() -> AttentionLayer.forward(x, List.of(), null), "heads", "at least one head", "empty");
        assertRejects(() -> AttentionLayer.forward(x, null, null), "heads", "at least one head", "null");
        assertRejects(() -> AttentionLayer.forward(x, Arrays.asList(h0, null), null), "heads[1] is null");
        assertRejects(
                () -> AttentionLayer.forward(
                        x,
                        List.of(h0, new AttentionLayer.Head(h1.wq(), h1.wk(), h1.wv(), Naive.random(rnd, dv1, 3))),
                        null),
                "heads[1].wo must have shape [" + dv1 + ", 4]",
                "d_v = " + dv1,
                "d_model = 4",
                "[" + dv1 + ", 3]");
        assertRejects(
                () -> AttentionLayer.forward(
                        x,
                        List.of(h0, new AttentionLayer.Head(h1.wq(), h1.wk(), h1.wv(), Naive.random(rnd, dv1 + 1, 4))),
                        null),
                "heads[1].wo must have shape [" + dv1 + ", 4]",
                "[" + (dv1 + 1) + ", 4]");
        assertRejects(
                () -> AttentionLayer.forward(
                        x, List.of(new AttentionLayer.Head(h0.wq(), Naive.random(rnd, 4, 7), h0.wv(), h0.wo())), null),
                "heads[0].wk has 7 columns but heads[0].wq has",
                "same width d_k");
        assertRejects(
                () -> AttentionLayer.forward(
                        x,
                        List.of(h0, new AttentionLayer.Head(Naive.random(rnd, 5, 2), h1.wk(), h1.wv(), h1.wo())),
                        null),
                "heads[1].wq has 5 rows but x has 4 columns");
        assertRejects(
                () -> AttentionLayer.forward(
                        x, List.of(new AttentionLayer.Head(null, h0.wk(), h0.wv(), h0.wo())), null),
                "heads[0].wq must not be null");
        assertRejects(() -> AttentionLayer.forward(x, heads, Attention.causalMask(2)), "mask", "[3, 3]", "[2, 2]");
        assertRejects(() -> AttentionLayer.forward(null, heads, null), "x", "null");
        AttentionLayer.Result r = AttentionLayer.forward(x, heads, null);
        assertRejects(() -> AttentionLayer.backward(r, Naive.random(rnd, 3, 4)), "dOutput", "[2, 3, 4]", "[3, 4]");
        assertRejects(
                () -> AttentionLayer.weightGradients(r, NaiveBatch.random(rnd, 2, 3, 5)),
                "dOutput",
                "[2, 3, 4]",
                "[2, 3, 5]");
        assertRejects(() -> AttentionLayer.backward(null, x), "r", "null", "AttentionLayer.forward");
        assertRejects(
                () -> AutoDiff.attentionLayer(x, heads, null, NaiveBatch.random(rnd, 1, 3, 4)),
                "dOutput",
                "[2, 3, 4]",
                "[1, 3, 4]");
        assertRejects(() -> AttentionLayer.params(List.of()), "heads", "at least one head");
    }

    /** The heads with weight {@code which} (0 wq, 1 wk, 2 wv, 3 wo) of head {@code head} replaced by w. */
    private static List<AttentionLayer.Head> replace(List<AttentionLayer.Head> heads, int head, int which, INDArray w) {
        List<AttentionLayer.Head> copy = new ArrayList<>(heads);
        List<INDArray> p = new ArrayList<>(heads.get(head).params());
        p.set(which, w);
        copy.set(head, new AttentionLayer.Head(p.get(0), p.get(1), p.get(2), p.get(3)));
        return copy;
    }
}
