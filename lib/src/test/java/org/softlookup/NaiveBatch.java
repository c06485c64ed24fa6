package org.softlookup;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batches {@code [b, rows, cols]} for the tests, and the naive loops over them: one sequence at a time. */
public final class NaiveBatch {

    private NaiveBatch() {}

    /** A batch of b random matrices [rows, cols] with standard normal entries. */
    public static INDArray random(Random rnd, int b, int rows, int cols) {
        double[][][] a = new double[b][][];
        for (int s = 0; s < b; s++) {
            a[s] = Naive.random(rnd, rows, cols).toDoubleMatrix();
        }
        return Nd4j.create(a);
    }

    /** Sequence s of a batch, as a plain matrix of its own (a copy). */
    public static double[][] sequence(INDArray batch, int s) {
        return batch.slice(s).toDoubleMatrix();
    }

    /** Sequence s of a batch as a fresh INDArray matrix. */
    public static INDArray matrix(INDArray batch, int s) {
        return Nd4j.create(sequence(batch, s));
    }

    /** Naive.attention on each sequence of q, k, v, stacked: [b, n, d_v]. */
    public static double[][][] attention(INDArray q, INDArray k, INDArray v, INDArray mask, double scale) {
        double[][][] out = new double[(int) q.size(0)][][];
        for (int s = 0; s < out.length; s++) {
            out[s] = Naive.attention(
                    sequence(q, s), sequence(k, s), sequence(v, s), mask == null ? null : mask.toDoubleMatrix(), scale);
        }
        return out;
    }

    /**
     * One sequence x [n, d_model] through an attention layer, by loops: x + Σ_h head_h(x) · W_o^h, each head's
     * output by Naive.selfAttention and each entry of the sum written out.
     */
    public static double[][] attentionLayer(double[][] x, List<AttentionLayer.Head> heads, double[][] mask) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        for (AttentionLayer.Head h : heads) {
            double[][] o = Naive.selfAttention(
                    x, h.wq().toDoubleMatrix(), h.wk().toDoubleMatrix(), h.wv().toDoubleMatrix(), mask);
            double[][] wo = h.wo().toDoubleMatrix();
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    for (int c = 0; c < wo.length; c++) {
                        out[i][j] += o[i][c] * wo[c][j];
                    }
                }
            }
        }
        return out;
    }
}
