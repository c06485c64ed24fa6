package org.softlookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class CausalMaskTest {

    @Test
    void blockCausalMaskEqualsTheNaiveDoubleLoop() {
        for (int[] s : new int[][] {{1, 1}, {1, 5}, {4, 1}, {3, 4}, {32, 10}}) {
            int sequences = s[0], length = s[1], n = sequences * length;
            double[][] expected = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    boolean sameSequence = i / length == j / length;
                    expected[i][j] = sameSequence && j <= i ? 1 : 0;
                }
            }
            assertArrayEquals(expected, Attention.causalMask(sequences, length).toDoubleMatrix());
        }
        assertArrayEquals(
                Attention.causalMask(6).toDoubleMatrix(),
                Attention.causalMask(1, 6).toDoubleMatrix());
    }

    /** A batch in one call is the same as each sequence on its own: the mask keeps the sequences apart. */
    @Test
    void aBatchStackedWithTheBlockMaskAttendsLikeEachSequenceAlone() {
        Random rnd = new Random(37);
        int sequences = 3, length = 4, d = 5, dk = 2, dv = 3;
        INDArray x = Naive.random(rnd, sequences * length, d);
        INDArray wq = Naive.random(rnd, d, dk), wk = Naive.random(rnd, d, dk), wv = Naive.random(rnd, d, dv);
        INDArray batch = SelfAttention.forward(x, wq, wk, wv, Attention.causalMask(sequences, length))
                .output();
        for (int s = 0; s < sequences; s++) {
            INDArray rows = x.get(NDArrayIndex.interval(s * length, (s + 1) * length), NDArrayIndex.all())
                    .dup();
            INDArray alone = SelfAttention.forward(rows, wq, wk, wv, Attention.causalMask(length))
                    .output();
            INDArray part = batch.get(NDArrayIndex.interval(s * length, (s + 1) * length), NDArrayIndex.all());
            assertEquals(0.0, part.sub(alone).amaxNumber().doubleValue(), 1e-14, "sequence " + s);
        }
    }

    /** Masks are applied in Java and large softmax gradients natively: a size past that switch, masked. */
    @Test
    void aLargeMaskedAttentionMatchesTheNaiveLoopsAndSameDiff() {
        Random rnd = new Random(41);
        int n = 140, m = 130, d = 5, dv = 3; // 18,200 scores
        INDArray q = Naive.random(rnd, n, d), k = Naive.random(rnd, m, d), v = Naive.random(rnd, m, dv);
        INDArray mask = Naive.randomMask(rnd, n, m), g = Naive.random(rnd, n, dv);
        Attention.Result r = Attention.forward(q, k, v, mask);
        double[][] expected = Naive.attention(
                q.toDoubleMatrix(), k.toDoubleMatrix(), v.toDoubleMatrix(), mask.toDoubleMatrix(), 1 / Math.sqrt(d));
        LinearTest.assertRowsEqual(expected, r.output(), 1e-13, "output");
        Attention.Gradients hand = Attention.backward(r, g);
        Attention.Gradients auto = AutoDiff.attention(q, k, v, mask, 1 / Math.sqrt(d), g);
        LinearTest.assertClose(auto.dScores(), hand.dScores(), 1e-9, "dScores");
        LinearTest.assertClose(auto.dQ(), hand.dQ(), 1e-9, "dQ");
        LinearTest.assertClose(auto.dK(), hand.dK(), 1e-9, "dK");
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertRejects(() -> Attention.causalMask(0, 4), "sequences and length", "at least 1", "0 and 4");
        assertRejects(() -> Attention.causalMask(3, -1), "at least 1", "3 and -1");
        assertRejects(() -> Attention.causalMask(1000, 100), "100000 rows", "at most 46,340");
    }
}
