package org.softlookup;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Setup;

/** The most naive implementations we can write, in plain Java loops: the reference every test compares with. */
public final class Naive {

    private Naive() {}

    public static INDArray random(Random rnd, int rows, int cols) {
        Setup.ensureReady();
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return Nd4j.create(a);
    }

    /** A random 0/1 mask where every row keeps at least one visible key. */
    public static INDArray randomMask(Random rnd, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextDouble() < 0.6 ? 1 : 0;
            }
            row[rnd.nextInt(cols)] = 1;
        }
        return Nd4j.create(a);
    }

    public static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** exp(s_j) / Σ exp(s_k), shifting by the row maximum so that exp cannot overflow. */
    public static double[][] softmax(double[][] s) {
        double[][] p = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : s[i]) {
                max = Math.max(max, x);
            }
            double sum = 0;
            p[i] = new double[s[i].length];
            for (int j = 0; j < s[i].length; j++) {
                p[i][j] = Math.exp(s[i][j] - max);
                sum += p[i][j];
            }
            for (int j = 0; j < s[i].length; j++) {
                p[i][j] /= sum;
            }
        }
        return p;
    }

    /** softmax(scale · q kᵀ, masked) · v, one loop at a time. */
    public static double[][] attention(double[][] q, double[][] k, double[][] v, double[][] mask, double scale) {
        double[][] s = new double[q.length][k.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < k.length; j++) {
                double dot = 0;
                for (int c = 0; c < q[i].length; c++) {
                    dot += q[i][c] * k[j][c];
                }
                s[i][j] = mask == null || mask[i][j] == 1 ? scale * dot : Double.NEGATIVE_INFINITY;
            }
        }
        return matmul(softmax(s), v);
    }

    /** Q = X Wq, K = X Wk, V = X Wv by triple loops, then {@link #attention} with scale 1/√d_k. */
    public static double[][] selfAttention(double[][] x, double[][] wq, double[][] wk, double[][] wv, double[][] mask) {
        return attention(matmul(x, wq), matmul(x, wk), matmul(x, wv), mask, 1 / Math.sqrt(wq[0].length));
    }

    /** A random matrix with entries of variance 1/rows: weights that keep X W at the size of X's entries. */
    public static INDArray randomWeights(Random rnd, int rows, int cols) {
        return random(rnd, rows, cols).divi(Math.sqrt(rows));
    }

    public static double sumOfProducts(INDArray a, INDArray b) {
        return a.mul(b).sumNumber().doubleValue();
    }
}
