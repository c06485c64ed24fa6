package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * The loss for predicting a token: each row of logits is a score per class, softmax makes it a probability, and
 * the loss is minus the log of the probability given to the right class, averaged over the rows.
 * L = (1/n) Σ_i −log softmax(z_i)[t_i] = (1/n) Σ_i (log Σ_c exp z_ic − z_i,t_i);
 * its gradient ∂L/∂z = (softmax(z) − onehot(t)) / n.
 */
public final class CrossEntropy {

    private CrossEntropy() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * The mean cross-entropy of logits {@code [n, c]} against one target class per row, each in 0…c−1.
     * Computed as log-sum-exp with the row maximum taken out first, so logits like 1e4 neither overflow nor lose L.
     */
    public static double of(INDArray logits, int[] targets) {
        double[] z = Check.classTargets(logits, targets);
        int n = targets.length, c = (int) logits.columns();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double max = rowMax(z, i, c);
            double sumExp = 0;
            for (int j = 0; j < c; j++) {
                sumExp += Math.exp(z[i * c + j] - max);
            }
            sum += max + Math.log(sumExp) - z[i * c + targets[i]];
        }
        return sum / n;
    }

    /**
     * ∂L/∂z for {@link #of}: {@code [n, c]}, (softmax(z_i) − onehot(t_i)) / n in row i. Each row sums to 0: the
     * right class is pushed up by as much as all the others together are pushed down.
     */
    public static INDArray gradient(INDArray logits, int[] targets) {
        double[] z = Check.classTargets(logits, targets);
        int n = targets.length, c = (int) logits.columns();
        double[] dz = new double[z.length];
        for (int i = 0; i < n; i++) {
            double max = rowMax(z, i, c);
            double sumExp = 0;
            for (int j = 0; j < c; j++) {
                dz[i * c + j] = Math.exp(z[i * c + j] - max);
                sumExp += dz[i * c + j];
            }
            double inverse = 1 / (sumExp * n);
            for (int j = 0; j < c; j++) {
                dz[i * c + j] *= inverse;
            }
            dz[i * c + targets[i]] -= 1.0 / n;
        }
        INDArray d = Entries.matrix(dz, n, c);
        OffHeap.made(d);
        return d;
    }

    /**
     * The fraction of rows whose largest logit is at the target class: 1.0 when every prediction is right.
     * A tie counts for the first class that reaches the maximum.
     */
    public static double accuracy(INDArray logits, int[] targets) {
        double[] z = Check.classTargets(logits, targets);
        int n = targets.length, c = (int) logits.columns();
        int right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (z[i * c + j] > z[i * c + best]) {
                    best = j;
                }
            }
            right += best == targets[i] ? 1 : 0;
        }
        return (double) right / n;
    }

    private static double rowMax(double[] z, int i, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            if (z[i * c + j] > max) { // not Math.max, 3× slower in the kernel's compiler; the logits are finite
                max = z[i * c + j];
            }
        }
        return max;
    }
}
