package org.softlookup;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.BatchCheck;
import org.softlookup.internal.Check;
import org.softlookup.internal.Entries;
import org.softlookup.internal.OffHeap;
import org.softlookup.internal.Setup;

/**
 * The loss for predicting a token: each row of logits is a score per class, softmax makes it a probability, and
 * the loss is minus the log of the probability given to the right class, averaged over the rows.
 * L = (1/n) Σ_i −log softmax(z_i)[t_i] = (1/n) Σ_i (log Σ_c exp z_ic − z_i,t_i);
 * its gradient ∂L/∂z = (softmax(z) − onehot(t)) / n. The {@code …At} forms score only chosen rows of a batch of
 * sequences, the positions that have a target.
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
            sum += rowLoss(z, i, c, targets[i]);
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
            rowGradient(z, i, c, targets[i], n, dz);
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
            right += rowArgmax(z, i, c) == targets[i] ? 1 : 0;
        }
        return (double) right / n;
    }

    /**
     * The mean cross-entropy over chosen rows only: logits {@code [b, n, c]} (or {@code [rows, c]}), positions the
     * rows scored, each a flat row index b·n + i (sequence b, position i), and the target class of each, in the same
     * order. L = (1/k) Σ_r −log softmax(z_{p_r})[t_r] over the k chosen positions; the other rows do not count.
     */
    public static double at(INDArray logits, int[] positions, int[] targets) {
        double[] z = BatchCheck.positionTargets(logits, positions, targets);
        int c = (int) logits.size(logits.rank() - 1);
        double sum = 0;
        for (int r = 0; r < positions.length; r++) {
            sum += rowLoss(z, positions[r], c, targets[r]);
        }
        return sum / positions.length;
    }

    /**
     * ∂L/∂z for {@link #at}: the logits' shape, (softmax(z_p) − onehot(t)) / k in each chosen row p, 0 in every row
     * not chosen (it does not reach L). Written entry by entry: picking the rows by a one-hot matrix product would
     * cost more than the rest of the loss.
     */
    public static INDArray gradientAt(INDArray logits, int[] positions, int[] targets) {
        double[] z = BatchCheck.positionTargets(logits, positions, targets);
        int c = (int) logits.size(logits.rank() - 1), k = positions.length;
        double[] dz = new double[z.length]; // 0 where not chosen
        for (int r = 0; r < k; r++) {
            rowGradient(z, positions[r], c, targets[r], k, dz);
        }
        INDArray d = Nd4j.createUninitialized(DataType.DOUBLE, logits.shape());
        Entries.write(dz, d);
        OffHeap.made(d);
        return d;
    }

    /**
     * The fraction of chosen rows (as in {@link #at}) whose largest logit is at the target class: 1.0 when every
     * scored prediction is right. A tie counts for the first class that reaches the maximum.
     */
    public static double accuracyAt(INDArray logits, int[] positions, int[] targets) {
        double[] z = BatchCheck.positionTargets(logits, positions, targets);
        int c = (int) logits.size(logits.rank() - 1);
        int right = 0;
        for (int r = 0; r < positions.length; r++) {
            right += rowArgmax(z, positions[r], c) == targets[r] ? 1 : 0;
        }
        return (double) right / positions.length;
    }

    /** −log softmax(z_i)[t] for row i of the c-column logits z, as log-sum-exp with the row maximum taken out. */
    private static double rowLoss(double[] z, int i, int c, int target) {
        double max = rowMax(z, i, c);
        double sumExp = 0;
        for (int j = 0; j < c; j++) {
            sumExp += Math.exp(z[i * c + j] - max);
        }
        return max + Math.log(sumExp) - z[i * c + target];
    }

    /** Row i of ∂L/∂z into dz: (softmax(z_i) − onehot(t)) / count, count the rows the mean runs over. */
    private static void rowGradient(double[] z, int i, int c, int target, int count, double[] dz) {
        double max = rowMax(z, i, c);
        double sumExp = 0;
        for (int j = 0; j < c; j++) {
            dz[i * c + j] = Math.exp(z[i * c + j] - max);
            sumExp += dz[i * c + j];
        }
        double inverse = 1 / (sumExp * count);
        for (int j = 0; j < c; j++) {
            dz[i * c + j] *= inverse;
        }
        dz[i * c + target] -= 1.0 / count;
    }

    /** The class with the largest logit in row i; a tie goes to the first. */
    private static int rowArgmax(double[] z, int i, int c) {
        int best = 0;
        for (int j = 1; j < c; j++) {
            if (z[i * c + j] > z[i * c + best]) {
                best = j;
            }
        }
        return best;
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
