package org.softlookup;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.softlookup.internal.Check;
import org.softlookup.internal.Setup;

/**
 * How spread out each row of weights is: its entropy in nats, H(p) = −Σ_j p_j ln p_j (a weight of 0 adds 0).
 * 0 for a one-hot row (a hard lookup), ln m for m equal weights (a plain average of m rows).
 */
public final class Entropy {

    /** How far a row's sum may be from 1 and still count as weights: rounding, not a mistake. */
    private static final double TOLERANCE = 1e-9;

    private Entropy() {}

    static {
        Setup.ensureReady(); // before any method touches ND4J
    }

    /**
     * The entropy of each row of weights {@code [n, m]} (entries ≥ 0, each row summing to 1): {@code [n, 1]},
     * row i = −Σ_j P[i, j] ln P[i, j], with 0 · ln 0 = 0 so that a one-hot row has entropy exactly 0.
     */
    public static INDArray rows(INDArray weights) {
        double[] p = Check.matrixEntries("weights", weights);
        int m = (int) weights.columns();
        double[] h = new double[(int) weights.rows()];
        for (int i = 0; i < h.length; i++) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                double w = p[i * m + j];
                if (w < 0) {
                    throw new IllegalArgumentException("weights contains " + w + " at [" + i + ", " + j
                            + "]: weights are never negative (pass softmax weights, e.g. Attention.Result.weights())");
                }
                sum += w;
                if (w > 0) { // ln 0 is −∞, but p ln p → 0 as p → 0: a masked key adds nothing
                    h[i] -= w * Math.log(w);
                }
            }
            if (Math.abs(sum - 1) > TOLERANCE) {
                throw new IllegalArgumentException("weights row " + i + " sums to " + sum + ", not 1: entropy is "
                        + "defined for weights that sum to 1 (weights is " + Check.shape(weights) + ")");
            }
        }
        return Nd4j.create(h, new long[] {h.length, 1});
    }
}
